"""Pooling (tf.nn): max_pool and avg_pool over NHWC windows, with their gradient ops.

Each op is declared once here (shape rule + gradient rule); kernels live in
src_cpp/kernels/pooling.cc under the same type names.
"""
from ..framework.op_def import define_op, register_gradient
from ..framework.shape_rules import FLOATING, NUMERIC, require_dtypes
from ..framework.tensor_shape import TensorShape
from .array_ops import zeros_like
from .constant_op import convert_to_tensor
from .conv_ops import _sizes
from .shape_ops import shape as shape_of
from .window_args import check_nhwc, nhwc_list, padding_attrs, spatial_only, window_output_shape

_POOL_ATTRS = ("ksize", "strides", "padding")


def _create(op_type, inputs, attrs, name):
    return inputs[0].graph.create_op(op_type, tuple(inputs), attrs, name or op_type)


def _pooled_shape(x_shape, attrs, op_type):
    if x_shape.ndims is None:
        return TensorShape([None] * 4)
    if x_shape.ndims != 4:
        raise ValueError(f"{op_type}: the input must be 4-D (NHWC), got shape {x_shape}")
    k = attrs["ksize"]
    return window_output_shape(x_shape, (k[1], k[2]), attrs, x_shape[3].value, op_type)


def _pool_infer(allowed, op_type):
    def infer(inputs, attrs):
        x = inputs[0]
        require_dtypes(x, allowed, op_type)
        return [(x._dtype, _pooled_shape(x._shape, attrs, op_type))]
    return infer


def _max_pool_grad_infer(inputs, attrs):
    x, y, g = inputs
    require_dtypes(x, FLOATING, "MaxPoolGrad")
    expected = _pooled_shape(x._shape, attrs, "MaxPoolGrad")
    if not expected.is_compatible_with(g._shape):
        raise ValueError(f"MaxPoolGrad: the gradient has shape {g._shape} but max pooling of {x._shape} gives "
                         f"{expected}")
    return [(x._dtype, x._shape)]


def _max_pool_grad_grad_infer(inputs, attrs):
    x, y, g = inputs
    require_dtypes(x, FLOATING, "MaxPoolGradGrad")
    return [(x._dtype, _pooled_shape(x._shape, attrs, "MaxPoolGradGrad"))]


def _avg_pool_grad_infer(inputs, attrs):
    sizes, g = inputs
    require_dtypes(g, FLOATING, "AvgPoolGrad")
    return [(g._dtype, _sizes(sizes, "orig_input_shape", "AvgPoolGrad"))]


define_op("MaxPool", infer=_pool_infer(NUMERIC, "MaxPool"))
define_op("AvgPool", infer=_pool_infer(FLOATING, "AvgPool"))
define_op("MaxPoolGrad", infer=_max_pool_grad_infer)
define_op("MaxPoolGradGrad", infer=_max_pool_grad_grad_infer)
define_op("AvgPoolGrad", infer=_avg_pool_grad_infer)


def _attrs_of(op):
    return {k: op.get_attr(k) for k in _POOL_ATTRS}


@register_gradient("MaxPool")
def _max_pool_grad(op, grad):
    return [_create("MaxPoolGrad", (op.inputs[0], op.outputs[0], grad), _attrs_of(op), None)._outputs[0]]


@register_gradient("MaxPoolGrad")
def _max_pool_grad_grad(op, grad):
    # Piecewise linear in the gradient; the window maxima move only at ties (zero almost everywhere).
    x, y, _ = op.inputs
    return [zeros_like(x), zeros_like(y),
            _create("MaxPoolGradGrad", (x, y, grad), _attrs_of(op), None)._outputs[0]]


@register_gradient("MaxPoolGradGrad")
def _max_pool_grad_grad_grad(op, grad):
    x, y, _ = op.inputs
    return [zeros_like(x), zeros_like(y),
            _create("MaxPoolGrad", (x, y, grad), _attrs_of(op), None)._outputs[0]]


@register_gradient("AvgPool")
def _avg_pool_grad(op, grad):
    return [_create("AvgPoolGrad", (shape_of(op.inputs[0]), grad), _attrs_of(op), None)._outputs[0]]


@register_gradient("AvgPoolGrad")
def _avg_pool_grad_grad(op, grad):
    return [None, _create("AvgPool", (grad,), _attrs_of(op), None)._outputs[0]]


def _pool_attrs(ksize, strides, padding, data_format, op_type):
    check_nhwc(data_format, op_type)
    attrs = {"ksize": spatial_only(nhwc_list(ksize, "ksize"), "ksize", op_type),
             "strides": spatial_only(nhwc_list(strides, "strides"), "strides", op_type),
             "data_format": "NHWC"}
    attrs.update(padding_attrs(padding, op_type))
    return attrs


def max_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    """The maximum of each window (ksize and strides as NHWC lists, or ints); 'SAME' padding
    never lets the padding win.

    >>> pool = tf.nn.max_pool(conv, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")
    """
    x = convert_to_tensor(value if value is not None else input)
    return _create("MaxPool", (x,), _pool_attrs(ksize, strides, padding, data_format, "MaxPool"), name)._outputs[0]


def avg_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    """The mean of each window; with 'SAME' padding a border window averages only the values
    inside the image.

    >>> pool = tf.nn.avg_pool(conv, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
    """
    x = convert_to_tensor(value if value is not None else input)
    return _create("AvgPool", (x,), _pool_attrs(ksize, strides, padding, data_format, "AvgPool"), name)._outputs[0]
