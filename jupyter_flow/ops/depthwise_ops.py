"""Depthwise and separable convolutions (tf.nn): depthwise_conv2d(_native) and
separable_conv2d (a depthwise convolution followed by a 1x1 conv2d).

Filters are [height, width, in_channels, channel_multiplier]; output channel c * multiplier + m
comes from input channel c alone. Each op is declared once here (shape rule + gradient rule);
kernels live in src_cpp/kernels/conv_depthwise.cc under the same type names.
"""
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.shape_rules import FLOATING, require_dtypes
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .conv_ops import _check_out_backprop, _rank4, _same_dtype, _sizes, _window_attrs, conv2d, conv_attrs
from .shape_ops import shape as shape_of
from .window_args import nhwc_list, window_output_shape

_NATIVE = "DepthwiseConv2dNative"
_BACKPROP_INPUT = "DepthwiseConv2dNativeBackpropInput"
_BACKPROP_FILTER = "DepthwiseConv2dNativeBackpropFilter"


def _create(op_type, inputs, attrs, name):
    return inputs[0].graph.create_op(op_type, tuple(inputs), attrs, name or op_type)


def _depthwise_output(x_shape, f_shape, attrs, op_type):
    known_x, known_f = _rank4(x_shape, "input", op_type), _rank4(f_shape, "filter", op_type)
    if not (known_x and known_f):
        return TensorShape([x_shape[0].value if known_x else None, None, None, None])
    ic, fc, mult = x_shape[3].value, f_shape[2].value, f_shape[3].value
    if ic is not None and fc is not None and ic != fc:
        raise ValueError(f"{op_type}: the input has {ic} channels (shape {x_shape}) but the filter has {fc} "
                         f"(shape {f_shape} = [height, width, in_channels, channel_multiplier])")
    channels = ic if ic is not None else fc
    out_c = None if channels is None or mult is None else channels * mult
    kh, kw = f_shape[0].value, f_shape[1].value
    if kh is None or kw is None:
        return TensorShape([x_shape[0].value, None, None, out_c])
    return window_output_shape(x_shape, (kh, kw), attrs, out_c, op_type)


def _native_infer(inputs, attrs):
    x, f = inputs
    require_dtypes(x, FLOATING, _NATIVE)
    _same_dtype(x, f, "input and filter", _NATIVE)
    return [(x._dtype, _depthwise_output(x._shape, f._shape, attrs, _NATIVE))]


def _backprop_input_infer(inputs, attrs):
    sizes, f, dy = inputs
    _same_dtype(f, dy, "filter and out_backprop", _BACKPROP_INPUT)
    x_shape = _sizes(sizes, "input_sizes", _BACKPROP_INPUT)
    _check_out_backprop(_depthwise_output(x_shape, f._shape, attrs, _BACKPROP_INPUT), dy._shape, _BACKPROP_INPUT)
    return [(f._dtype, x_shape)]


def _backprop_filter_infer(inputs, attrs):
    x, sizes, dy = inputs
    _same_dtype(x, dy, "input and out_backprop", _BACKPROP_FILTER)
    f_shape = _sizes(sizes, "filter_sizes", _BACKPROP_FILTER)
    _check_out_backprop(_depthwise_output(x._shape, f_shape, attrs, _BACKPROP_FILTER), dy._shape, _BACKPROP_FILTER)
    return [(x._dtype, f_shape)]


define_op(_NATIVE, infer=_native_infer)
define_op(_BACKPROP_INPUT, infer=_backprop_input_infer)
define_op(_BACKPROP_FILTER, infer=_backprop_filter_infer)
# As TF 1.x: no second derivatives through depthwise convolutions.
not_differentiable(_BACKPROP_INPUT, _BACKPROP_FILTER)


@register_gradient(_NATIVE)
def _depthwise_grad(op, grad):
    x, f = op.inputs
    attrs = _window_attrs(op)
    return [_create(_BACKPROP_INPUT, (shape_of(x), f, grad), attrs, None)._outputs[0],
            _create(_BACKPROP_FILTER, (x, shape_of(f), grad), attrs, None)._outputs[0]]


def depthwise_conv2d_native(input, filter, strides, padding, data_format="NHWC", dilations=(1, 1, 1, 1),  # noqa: A002
                            name=None):
    """Depthwise convolution: every input channel convolved with its own channel_multiplier filters.

    >>> y = tf.nn.depthwise_conv2d_native(x, w, strides=[1, 1, 1, 1], padding="SAME")
    """
    x = convert_to_tensor(input)
    f = convert_to_tensor(filter, dtype=x.dtype if x.dtype.is_floating else None)
    if not isinstance(padding, str):
        raise ValueError(f"{_NATIVE}: padding must be 'SAME' or 'VALID', got {padding!r}")
    attrs = conv_attrs(strides, padding, dilations, data_format, _NATIVE)
    if attrs["strides"][1] != attrs["strides"][2]:
        raise ValueError(f"{_NATIVE}: strides must be equal along height and width (as TF's kernel requires), "
                         f"got {attrs['strides']}")
    return _create(_NATIVE, (x, f), attrs, name)._outputs[0]


def _rate_dilations(rate, dilations, strides, op_name):
    if rate is not None and dilations is not None:
        raise ValueError(f"{op_name}: pass rate or dilations, not both")
    rate = rate if rate is not None else dilations
    d = nhwc_list(rate if rate is not None else 1, "rate")
    if d != [1, 1, 1, 1] and nhwc_list(strides, "strides") != [1, 1, 1, 1]:
        raise ValueError(f"{op_name}: strides > 1 not supported in conjunction with rate > 1 (as TF 1.x)")
    return d


def depthwise_conv2d(input, filter, strides, padding, rate=None, name=None, data_format=None,  # noqa: A002
                     dilations=None):
    """Depthwise 2-D convolution (TF1's tf.nn.depthwise_conv2d); `rate` dilates the filter.

    >>> y = tf.nn.depthwise_conv2d(x, w, strides=[1, 1, 1, 1], padding="SAME", rate=[2, 2])
    """
    x = convert_to_tensor(input)
    d = _rate_dilations(rate, dilations, strides, "depthwise_conv2d")
    g = x.graph
    with g.as_default(), g.name_scope(name or "depthwise") as scope:
        return depthwise_conv2d_native(x, filter, strides, padding, data_format, d, name=scope)


def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding, rate=None, name=None,  # noqa: A002
                     data_format=None, dilations=None):
    """A depthwise convolution followed by a 1x1 convolution mixing channels
    (pointwise_filter: [1, 1, in_channels * channel_multiplier, out_channels]).

    >>> y = tf.nn.separable_conv2d(x, dw, pw, strides=[1, 1, 1, 1], padding="SAME")
    """
    x = convert_to_tensor(input)
    d = _rate_dilations(rate, dilations, strides, "separable_conv2d")
    pw = convert_to_tensor(pointwise_filter, dtype=x.dtype if x.dtype.is_floating else None)
    ps = pw.shape
    if ps.ndims == 4 and (ps[0].value not in (1, None) or ps[1].value not in (1, None)):
        raise ValueError(f"separable_conv2d: the pointwise filter must be [1, 1, in_channels * channel_multiplier, "
                         f"out_channels], got shape {ps}")
    g = x.graph
    with g.as_default(), g.name_scope(name or "separable_conv2d") as scope:
        depthwise = depthwise_conv2d_native(x, depthwise_filter, strides, padding, data_format, d, name="depthwise")
        return conv2d(depthwise, pw, [1, 1, 1, 1], "VALID", data_format=data_format, name=scope)
