"""tf.nn.conv1d, tf.nn.atrous_conv2d and tf.nn.pool, composed of existing ops as TF1 composes
them (conv1d = ExpandDims -> Conv2D -> Squeeze), so their gradients are those of the parts.

>>> y = tf.nn.conv1d(x, filters, stride=2, padding="SAME")     # x [batch, width, channels] (NWC)
>>> y = tf.nn.atrous_conv2d(images, filters, rate=2, padding="SAME")
"""
import numbers

from ..framework.graph import name_scope
from .constant_op import convert_to_tensor
from .conv_ops import conv2d
from .pooling_ops import avg_pool, max_pool
from .shape_ops import expand_dims, squeeze


def _width_value(value, name, op):
    """stride / dilation of a 1-D op: an int or a list of 1 or 3 ints ([1, w, 1] in NWC)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    try:
        v = [int(x) for x in value]
    except TypeError:
        raise TypeError(f"{op}: {name} must be an int or a list of 1 or 3 ints, got {value!r}") from None
    if len(v) == 1:
        return v[0]
    if len(v) == 3 and v[0] == 1 and v[2] == 1:
        return v[1]
    raise ValueError(f"{op}: {name} must be an int or a list of 1 or 3 ints [1, width, 1] (NWC), got {value!r}")


def conv1d(value=None, filters=None, stride=None, padding=None, use_cudnn_on_gpu=None, data_format=None,
           name=None, input=None, dilations=None):  # noqa: A002
    """A 1-D convolution of [batch, width, in_channels] inputs with [width, in_channels,
    out_channels] filters: the inputs get a height of 1 and run through conv2d.

    >>> y = tf.nn.conv1d(x, w, stride=1, padding="VALID")          # x [N, W, C], w [k, C, F]
    """
    if value is not None and input is not None:
        raise ValueError("Cannot specify both 'value' and 'input' for conv1d; pass one of them.")
    value = input if value is None else value
    if value is None or filters is None:
        raise ValueError("conv1d needs a value ([batch, width, channels]) and filters ([width, in, out])")
    if stride is None or padding is None:
        raise ValueError("conv1d needs a stride (e.g. 1) and a padding ('SAME' or 'VALID')")
    if data_format not in (None, "NWC", "NHWC"):
        raise ValueError(f"conv1d supports data_format='NWC' only (TF 1.x's CPU kernels are channels-last), got "
                         f"{data_format!r}; transpose the inputs with tf.transpose(x, [0, 2, 1]).")
    stride = _width_value(stride, "stride", "conv1d")
    dilation = _width_value(1 if dilations is None else dilations, "dilations", "conv1d")
    with name_scope(name, "conv1d", [value, filters]) as scope:
        x = convert_to_tensor(value)
        if x.shape.ndims is not None and x.shape.ndims != 3:
            raise ValueError(f"conv1d: value must be 3-D [batch, width, channels], got shape {x.shape} ('{x.name}')")
        f = convert_to_tensor(filters, dtype=x.dtype if x.dtype.is_floating else None)
        if f.shape.ndims is not None and f.shape.ndims != 3:
            raise ValueError(f"conv1d: filters must be 3-D [width, in_channels, out_channels], got shape {f.shape} "
                             f"('{f.name}')")
        x = expand_dims(x, 1)
        f = expand_dims(f, 0)
        y = conv2d(x, f, strides=[1, 1, stride, 1], padding=padding, dilations=[1, 1, dilation, 1], name=scope)
        return squeeze(y, [1])


def atrous_conv2d(value, filters, rate, padding, name=None):
    """conv2d with the filter taps `rate` pixels apart (a dilated convolution), stride 1.

    >>> y = tf.nn.atrous_conv2d(x, w, rate=2, padding="SAME")
    """
    if not isinstance(rate, numbers.Integral) or rate < 1:
        raise ValueError(f"atrous_conv2d: rate {rate!r} should be a positive int")
    with name_scope(name, "convolution", [value, filters]) as scope:
        return conv2d(value, filters, strides=[1, 1, 1, 1], padding=padding, dilations=[1, rate, rate, 1],
                      name=scope)


def pool(input, window_shape, pooling_type, padding, dilation_rate=None, strides=None, name=None,  # noqa: A002
         data_format=None, dilations=None):
    """MAX or AVG pooling over the 1 or 2 spatial dimensions of NWC / NHWC inputs.

    >>> p = tf.nn.pool(x, window_shape=[2, 2], pooling_type="MAX", padding="VALID", strides=[2, 2])
    """
    if pooling_type not in ("MAX", "AVG"):
        raise ValueError(f"Invalid pooling_type: {pooling_type}; use 'MAX' or 'AVG'.")
    dilation_rate = dilations if dilation_rate is None else dilation_rate
    window = [int(w) for w in window_shape]
    n = len(window)
    if n not in (1, 2):
        raise NotImplementedError(f"tf.nn.pool: {n}-D pooling is not supported; pool over 1 or 2 spatial "
                                  f"dimensions (NWC or NHWC).")
    strides = [1] * n if strides is None else [int(s) for s in strides]
    if dilation_rate is not None and any(int(d) != 1 for d in dilation_rate):
        raise NotImplementedError("tf.nn.pool: dilation_rate other than 1 is not supported.")
    if len(strides) != n:
        raise ValueError(f"strides must have the same length as window_shape ({n}), got {strides}")
    if data_format not in (None, "NWC", "NHWC"):
        raise ValueError(f"tf.nn.pool supports channels-last data only (NWC / NHWC), got {data_format!r}")
    pool_fn = max_pool if pooling_type == "MAX" else avg_pool
    default_name = "max_pool" if pooling_type == "MAX" else "avg_pool"
    x = convert_to_tensor(input)
    if x.shape.ndims is not None and x.shape.ndims != n + 2:
        raise ValueError(f"tf.nn.pool: input must have rank {n + 2} for a {n}-D window, got shape {x.shape}")
    if n == 2:
        return pool_fn(x, [1, *window, 1], [1, *strides, 1], padding, name=name or default_name)
    with name_scope(name, default_name, [x]) as scope:
        y = pool_fn(expand_dims(x, 1), [1, 1, window[0], 1], [1, 1, strides[0], 1], padding, name=scope)
        return squeeze(y, [1])
