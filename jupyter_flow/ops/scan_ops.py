"""Cumulative sums and products: tf.cumsum and tf.cumprod (exclusive, reverse).

Shape and gradient rules here; kernels in src_cpp/kernels/scan.cc under the same type names.
"""
from ..framework import dtypes
from ..framework.op_def import define_op, register_gradient
from ..framework.shape_rules import NUMBERS, require_dtypes
from .constant_op import convert_to_tensor


def _scan_infer(inputs, attrs):
    x, axis = inputs
    require_dtypes(x, NUMBERS, "Cumsum")
    if axis._dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"the axis of a cumulative sum/product must be int32 or int64, got {axis._dtype.name}")
    if axis._shape.ndims not in (None, 0):
        raise ValueError(f"axis must be a scalar, not shape {axis._shape._bracket_str()}")
    if x._shape.ndims == 0:
        raise ValueError(f"cumsum/cumprod need a tensor of rank >= 1; '{x.name}' is a scalar")
    return [(x._dtype, x._shape)]


define_op("Cumsum", infer=_scan_infer)
define_op("Cumprod", infer=_scan_infer)


def _scan(op_type, x, axis, exclusive, reverse, name):
    x = convert_to_tensor(x)
    with x.graph.as_default():
        axis_t = convert_to_tensor(axis, dtype=dtypes.int32 if not hasattr(axis, "dtype") else None, name="axis")
    attrs = {"exclusive": bool(exclusive), "reverse": bool(reverse)}
    return x.graph.create_op(op_type, (x, axis_t), attrs, name or op_type)._outputs[0]


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Running sums along `axis`; `exclusive` leaves each element out of its own sum, `reverse` sums from the end.

    >>> tf.cumsum([1., 2., 3.], exclusive=True)    # [0., 1., 3.]
    """
    return _scan("Cumsum", x, axis, exclusive, reverse, name)


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Running products along `axis` (same options as cumsum).

    >>> tf.cumprod([1., 2., 3.], reverse=True)     # [6., 6., 3.]
    """
    return _scan("Cumprod", x, axis, exclusive, reverse, name)


@register_gradient("Cumsum")
def _cumsum_grad(op, grad):
    # Each input feeds every later (earlier, when reversed) output: sum the gradients the other way.
    axis = op.inputs[1]
    return [cumsum(grad, axis, exclusive=op.get_attr("exclusive"), reverse=not op.get_attr("reverse")), None]


@register_gradient("Cumprod")
def _cumprod_grad(op, grad):
    # TF1's rule: d/dx_i of the products through i is (cumsum of grad * prod, the other way) / x_i;
    # like TF1 it is only valid where x has no zero.
    from .math_ops import multiply, real_div
    x, axis = op.inputs
    exclusive, reverse = op.get_attr("exclusive"), op.get_attr("reverse")
    prod = cumprod(x, axis, exclusive=exclusive, reverse=reverse)
    summed = cumsum(multiply(prod, grad), axis, exclusive=exclusive, reverse=not reverse)
    return [real_div(summed, x), None]
