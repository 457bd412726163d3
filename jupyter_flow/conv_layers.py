"""tf.layers for images: conv2d, conv2d_transpose, max_pooling2d and average_pooling2d, with
TF1's variable names (<name>/kernel, <name>/bias), initializers (Glorot-uniform kernel, zero
bias), op names (conv2d/Conv2D, conv2d/BiasAdd, max_pooling2d/MaxPool) and output sizes.

Scoping follows tf.layers.dense (layers.py): a unique variable scope per layer unless reuse.
"""
import numbers

from .layers import _bias_and_activation, _layer_scope, _weight
from .ops import init_ops
from .ops.constant_op import convert_to_tensor
from .ops.conv_ops import conv2d as _nn_conv2d, conv2d_transpose as _nn_conv2d_transpose
from .ops.math_ops import add, multiply
from .ops.pooling_ops import avg_pool, max_pool
from .ops.shape_ops import shape as shape_of
from .ops.window_args import positive_pair as _pair



def _padding(padding, layer):
    if not isinstance(padding, str) or padding.lower() not in ("valid", "same"):
        raise ValueError(f"{layer}: padding must be 'valid' or 'same', got {padding!r}")
    return padding.upper()


def _channels_last(data_format, layer):
    if data_format != "channels_last":
        raise ValueError(f"{layer} supports data_format='channels_last' only (TF 1.x's CPU kernels are NHWC), got "
                         f"{data_format!r}; transpose the inputs with tf.transpose(x, [0, 2, 3, 1]).")


def _image_input(inputs, layer):
    x = convert_to_tensor(inputs)
    if not x.dtype.is_floating:
        raise TypeError(f"{layer} needs floating-point inputs, got {x.dtype.name} ('{x.name}'); use tf.cast first.")
    if x.shape.ndims != 4:
        raise ValueError(f"Input 0 of layer {layer} is incompatible with the layer: expected ndim=4 "
                         f"[batch, height, width, channels], found shape {x.shape} ('{x.name}')")
    if x.shape[3].value is None:
        raise ValueError(f"The channel dimension of the inputs to {layer} should be defined. Found `None` "
                         f"(inputs '{x.name}' have shape {x.shape}).")
    return x


def _unsupported(layer, **options):
    for key, value in options.items():
        if value is not None:
            raise NotImplementedError(f"tf.layers.{layer} does not support {key} yet; pass {key}=None.")


def _check_dilation(strides, dilation_rate, layer):
    if strides != (1, 1) and dilation_rate != (1, 1):
        raise ValueError(f"{layer}: strides > 1 not supported in conjunction with dilation_rate > 1 "
                         f"(got strides={strides}, dilation_rate={dilation_rate})")


def checked_conv2d_args(inputs, filters, kernel_size, strides, padding, data_format, dilation_rate, layer):
    """The checked arguments of a 2-D convolution layer: (inputs tensor, (kh, kw), strides, dilation_rate,
    padding); each bad one raises an error naming `layer` and the argument."""
    _channels_last(data_format, layer)
    x = _image_input(inputs, layer)
    if not isinstance(filters, numbers.Integral) or filters <= 0:
        raise ValueError(f"{layer}'s filters must be a positive int, got {filters!r}")
    kernel = _pair(kernel_size, "kernel_size")
    strides, dilation_rate = _pair(strides, "strides"), _pair(dilation_rate, "dilation_rate")
    _check_dilation(strides, dilation_rate, layer)
    return x, kernel, strides, dilation_rate, _padding(padding, layer)


def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
           dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
           activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
           reuse=None):
    """A 2-D convolution layer: activation(conv2d(inputs, kernel) + bias), with variables
    <name>/kernel ([kh, kw, in_channels, filters], Glorot-uniform) and <name>/bias ([filters], zeros).

    >>> conv1 = tf.layers.conv2d(X, filters=32, kernel_size=3, padding="same", activation=tf.nn.relu)
    """
    _unsupported("conv2d", activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                 bias_constraint=bias_constraint)
    x, (kh, kw), strides, dilation_rate, pad = checked_conv2d_args(inputs, filters, kernel_size, strides, padding,
                                                                   data_format, dilation_rate, "conv2d")
    with _layer_scope(name, "conv2d", reuse):
        kernel = _weight("kernel", [kh, kw, x.shape[3].value, int(filters)], x.dtype, kernel_initializer,
                         kernel_regularizer, trainable)
        outputs = _nn_conv2d(x, kernel, strides=[1, *strides, 1], padding=pad, dilations=[1, *dilation_rate, 1])
        outputs = _bias_and_activation(outputs, filters, use_bias, bias_initializer, bias_regularizer, trainable,
                                       activation)
    return outputs


def _transposed_length(size, dynamic, window, stride, padding):
    """Output length of a transposed convolution (Keras's deconv_output_length)."""
    extra = 0 if padding == "SAME" else max(window - stride, 0)
    if size is not None:
        return size * stride + extra
    return add(multiply(dynamic, stride), extra)


def transposed_conv2d(x, kernel, filters, kernel_size, strides, padding):
    """tf.nn.conv2d_transpose of NHWC `x` with the output size Keras's layers (and TF1's contrib
    layers) use: in * stride, plus max(kernel - stride, 0) for 'VALID'."""
    (kh, kw), (sh, sw) = kernel_size, strides
    dims = x.shape.as_list()
    dynamic = shape_of(x) if None in dims[:3] else None
    batch = dims[0] if dims[0] is not None else dynamic[0]
    out_h = _transposed_length(dims[1], None if dims[1] is not None else dynamic[1], kh, sh, padding)
    out_w = _transposed_length(dims[2], None if dims[2] is not None else dynamic[2], kw, sw, padding)
    return _nn_conv2d_transpose(x, kernel, [batch, out_h, out_w, filters], strides=[1, sh, sw, 1], padding=padding)


def conv2d_transpose(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                     activation=None, use_bias=True, kernel_initializer=None,
                     bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
                     activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                     name=None, reuse=None):
    """A transposed convolution layer (upsampling by `strides`), with <name>/kernel of shape
    [kh, kw, filters, in_channels] and <name>/bias [filters].

    >>> up = tf.layers.conv2d_transpose(code, filters=16, kernel_size=3, strides=2, padding="same")
    """
    _unsupported("conv2d_transpose", activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                 bias_constraint=bias_constraint)
    _channels_last(data_format, "conv2d_transpose")
    x = _image_input(inputs, "conv2d_transpose")
    if not isinstance(filters, numbers.Integral) or filters <= 0:
        raise ValueError(f"conv2d_transpose's filters must be a positive int, got {filters!r}")
    kh, kw = _pair(kernel_size, "kernel_size")
    sh, sw = _pair(strides, "strides")
    pad = _padding(padding, "conv2d_transpose")
    with _layer_scope(name, "conv2d_transpose", reuse):
        kernel = _weight("kernel", [kh, kw, int(filters), x.shape[3].value], x.dtype, kernel_initializer,
                         kernel_regularizer, trainable)
        outputs = transposed_conv2d(x, kernel, int(filters), (kh, kw), (sh, sw), pad)
        outputs = _bias_and_activation(outputs, filters, use_bias, bias_initializer, bias_regularizer, trainable,
                                       activation)
    return outputs


def _pooling(pool_fn, layer, inputs, pool_size, strides, padding, data_format, name):
    _channels_last(data_format, layer)
    x = convert_to_tensor(inputs)
    if x.shape.ndims not in (None, 4):
        raise ValueError(f"Input 0 of layer {layer} is incompatible with the layer: expected ndim=4, found shape "
                         f"{x.shape} ('{x.name}')")
    ph, pw = _pair(pool_size, "pool_size")
    sh, sw = _pair(strides, "strides")
    pad = _padding(padding, layer)
    with _layer_scope(name, layer, None):
        return pool_fn(x, ksize=[1, ph, pw, 1], strides=[1, sh, sw, 1], padding=pad)


def max_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """Max pooling layer over [batch, height, width, channels] inputs.

    >>> pool1 = tf.layers.max_pooling2d(conv1, pool_size=2, strides=2)
    """
    return _pooling(max_pool, "max_pooling2d", inputs, pool_size, strides, padding, data_format, name)


def average_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """Average pooling layer over [batch, height, width, channels] inputs.

    >>> pool1 = tf.layers.average_pooling2d(conv1, pool_size=2, strides=2)
    """
    return _pooling(avg_pool, "average_pooling2d", inputs, pool_size, strides, padding, data_format, name)

