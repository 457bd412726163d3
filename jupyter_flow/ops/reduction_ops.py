"""Reductions (reduce_sum/mean/max/min/prod) and argmax/argmin."""
import numpy as np

from ..framework import dtypes
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.shape_rules import NUMBERS, REAL, require_dtypes
from ..framework.tensor_shape import SCALAR, UNKNOWN, TensorShape
from ..framework.tensor_util import constant_value
from .constant_op import convert_to_tensor, existing_tensor
from .math_ops import cast, equal, multiply, real_div


def _static_axis(axis):
    """`axis` as Python ints: tensors whose value is known when the graph is built (tf.constant(1))
    are accepted as TF1 does; an axis known only at run time is not supported."""
    t = existing_tensor(axis)
    if t is not None:
        if not t.dtype.is_integer:
            raise TypeError(f"The reduction axis must be an int32 or int64 tensor, got {t.dtype.name} ('{t.name}')")
        value = constant_value(t)
        if value is None:
            raise ValueError(f"The reduction axis '{t.name}' is only known at run time; jupyter_flow needs axes "
                             f"known when the graph is built (Python ints or a constant tensor)")
        axis = value
    if isinstance(axis, np.ndarray):
        axis = axis.tolist()
    return axis


def _normalize_axes(axis, rank):
    axis = _static_axis(axis)
    if axis is None:
        return None
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    for a in axes:  # TF1: axis=0.5 or '0' is a TypeError, never truncated to an int
        if isinstance(a, (bool, np.bool_)) or not isinstance(a, (int, np.integer)):
            raise TypeError(f"The reduction axis must hold integers (int32 or int64), got {a!r} of type "
                            f"{type(a).__name__}")
    axes = [int(a) for a in axes]
    if rank is not None:
        for a in axes:
            if not -rank <= a < rank:
                raise ValueError(f"Invalid reduction dimension {a} for input with {rank} dimensions")
        axes = sorted({a % rank for a in axes})
    return axes


def _reduce_infer(inputs, attrs, allowed=NUMBERS):
    t = inputs[0]
    require_dtypes(t, allowed, "reduction")
    dims = t._shape._dims
    axes = attrs.get("axis")
    keep = attrs.get("keep_dims", False)
    if dims is None:
        return [(t._dtype, UNKNOWN if (keep or axes is not None) else SCALAR)]
    if axes is None:
        return [(t._dtype, TensorShape._from_tuple((1,) * len(dims) if keep else ()))]
    axes = {a % len(dims) for a in axes} if dims else set(axes)
    if keep:
        return [(t._dtype, TensorShape._from_tuple(tuple(1 if i in axes else d for i, d in enumerate(dims))))]
    return [(t._dtype, TensorShape._from_tuple(tuple(d for i, d in enumerate(dims) if i not in axes)))]


for _t in ("Sum", "Mean", "Prod"):  # every number, complex too (TF1)
    define_op(_t, infer=_reduce_infer)
for _t in ("Max", "Min"):  # ordered dtypes only
    define_op(_t, infer=lambda inputs, attrs: _reduce_infer(inputs, attrs, REAL))


def _grad_infer(inputs, attrs):
    if len(inputs) == 1:
        return [(inputs[0]._dtype, attrs["input_shape"])]
    return [(inputs[0]._dtype, inputs[1]._shape)]


define_op("ReductionGrad", infer=_grad_infer)
not_differentiable("ReductionGrad")


def _broadcast_back(op, grad, mode):
    """ReductionGrad(grad, x): grad broadcast back to x's shape. When that shape is known now it
    is an attribute instead (TF1's static fast path): the gradient then does not read x, so a
    run of the training op need not compute the reduced value's input, and a constant grad folds."""
    attrs = {"mode": mode}
    if op.get_attr("axis") is not None:
        attrs["axis"] = op.get_attr("axis")
    x = op.inputs[0]
    if x._shape.is_fully_defined():
        attrs["input_shape"] = x._shape
        return op.graph.create_op("ReductionGrad", (grad,), attrs, "ReductionGrad")._outputs[0]
    return op.graph.create_op("ReductionGrad", (grad, x), attrs, "ReductionGrad")._outputs[0]


@register_gradient("Sum")
def _sum_grad(op, grad):
    return [_broadcast_back(op, grad, "sum")]


@register_gradient("Mean")
def _mean_grad(op, grad):
    return [_broadcast_back(op, grad, "mean")]


def _min_max_grad(op, grad):
    # The gradient flows to the extreme elements, split evenly between ties (as TF does).
    x = op.inputs[0]
    y = _broadcast_back(op, op.outputs[0], "sum")
    indicators = cast(equal(x, y), grad.dtype)
    num_selected = _broadcast_back(op, _reduce_like(op, indicators), "sum")
    return [multiply(real_div(indicators, num_selected), _broadcast_back(op, grad, "sum"))]


def _reduce_like(op, t, op_type="Sum"):
    return op.graph.create_op(op_type, (t,), {"axis": op.get_attr("axis"), "keep_dims": op.get_attr("keep_dims")},
                              op_type)._outputs[0]


register_gradient("Max")(_min_max_grad)
register_gradient("Min")(_min_max_grad)


@register_gradient("Prod")
def _prod_grad(op, grad):
    # d(prod)/dx_i is the product of the other elements. prod / x_i is that only without zeros:
    # with one zero it is the product of the non-zeros at the zero and 0 elsewhere, with more 0.
    from .array_ops import ones_like, where
    x = op.inputs[0]
    is_zero = equal(x, 0)
    safe_x = where(is_zero, ones_like(x), x)
    nonzero_product = _broadcast_back(op, _reduce_like(op, safe_x, "Prod"), "sum")
    zeros = _broadcast_back(op, _reduce_like(op, cast(is_zero, x.dtype)), "sum")
    others = where(is_zero, where(equal(zeros, 1), nonzero_product, 0),
                   where(equal(zeros, 0), real_div(nonzero_product, safe_x), 0))
    return [multiply(_broadcast_back(op, grad, "sum"), others)]


def _reduce(op_type, input_tensor, axis, keepdims, name, reduction_indices, keep_dims):
    t = convert_to_tensor(input_tensor)
    if axis is None:
        axis = reduction_indices
    if keepdims is None:
        keepdims = keep_dims
    axes = _normalize_axes(axis, t.shape.ndims)
    attrs = {"keep_dims": bool(keepdims)}
    attrs["axis"] = axes
    return t.graph.create_op(op_type, (t,), attrs, name or op_type)._outputs[0]


def reduce_sum(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    """Sum over `axis` (all axes by default).

    >>> tf.reduce_sum(x, axis=1, keepdims=True)
    """
    return _reduce("Sum", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_mean(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    """Mean over `axis` (all axes by default).

    >>> mse = tf.reduce_mean(tf.square(error), name="mse")
    """
    return _reduce("Mean", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def _logical_reduce(kind, input_tensor, axis, keepdims, name, reduction_indices, keep_dims):
    # Counted with Sum so empty reductions give TF1's identities (any: False, all: True).
    from .math_ops import greater, logical_not
    t = convert_to_tensor(input_tensor)
    if t.dtype is not dtypes.bool:
        raise TypeError(f"reduce_{kind.lower()} needs a bool tensor, got {t.dtype.name} ('{t.name}'); "
                        f"compare it first, e.g. tf.reduce_{kind.lower()}(x > 0)")
    g = t.graph
    with g.name_scope(name or kind) as scope:
        counted = cast(t if kind == "Any" else logical_not(t), dtypes.int32)
        total = _reduce("Sum", counted, axis, keepdims, None, reduction_indices, keep_dims)
        return (greater(total, 0, name=scope) if kind == "Any" else equal(total, 0, name=scope))


def reduce_any(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    """Logical or over `axis` (all axes by default): tf.reduce_any(x > 0, axis=1)."""
    return _logical_reduce("Any", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_all(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    """Logical and over `axis` (all axes by default): tf.reduce_all(x > 0, axis=1)."""
    return _logical_reduce("All", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_max(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    return _reduce("Max", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_min(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    return _reduce("Min", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_prod(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    return _reduce("Prod", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def _arg_infer(inputs, attrs):
    t = inputs[0]
    require_dtypes(t, REAL, "ArgMax")
    dims = t._shape._dims
    out_type = attrs["output_type"]
    if dims is None:
        return [(out_type, UNKNOWN)]
    ax = attrs["axis"]
    if not -len(dims) <= ax < len(dims):
        raise ValueError(f"Expected dimension in the range [{-len(dims)}, {len(dims)}), but got {ax}")
    ax %= len(dims)
    return [(out_type, TensorShape._from_tuple(tuple(d for i, d in enumerate(dims) if i != ax)))]


define_op("ArgMax", infer=_arg_infer)
define_op("ArgMin", infer=_arg_infer)
not_differentiable("ArgMax", "ArgMin")


def _arg(op_type, input, axis, name, dimension, output_type):
    t = convert_to_tensor(input)
    if axis is None:
        axis = 0 if dimension is None else dimension
    axis = _static_axis(axis)
    if isinstance(axis, np.ndarray) or isinstance(axis, list) and len(axis) == 1:
        axis = np.asarray(axis).reshape(-1)[0].item()
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an int or a tensor with an integer dtype, got {axis!r} of type "
                        f"{type(axis).__name__}")
    attrs = {"axis": int(axis), "output_type": dtypes.as_dtype(output_type)}
    return t.graph.create_op(op_type, (t,), attrs, name or op_type)._outputs[0]


def argmax(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):  # noqa: A002
    """Index of the largest value along `axis` (int64 by default, as TF1)."""
    return _arg("ArgMax", input, axis, name, dimension, output_type)


def argmin(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):  # noqa: A002
    """Index of the smallest value along `axis`."""
    return _arg("ArgMin", input, axis, name, dimension, output_type)


def arg_max(input, dimension, output_type=dtypes.int64, name=None):  # noqa: A002 - TF1's names
    """TF1's older name for argmax (the axis is called `dimension`)."""
    return _arg("ArgMax", input, dimension, name, None, output_type)


def arg_min(input, dimension, output_type=dtypes.int64, name=None):  # noqa: A002
    """TF1's older name for argmin."""
    return _arg("ArgMin", input, dimension, name, None, output_type)


def count_nonzero(input_tensor=None, axis=None, keepdims=None, dtype=dtypes.int64, name=None,
                  reduction_indices=None, keep_dims=None, input=None):  # noqa: A002
    """The number of non-zero elements along `axis` (all of them by default), as `dtype` (int64).

    >>> tf.count_nonzero([[0, 1, 2], [0, 0, 3]])     # 3
    """
    from .math_ops import not_equal
    t = convert_to_tensor(input if input_tensor is None else input_tensor)
    g = t.graph
    with g.as_default(), g.name_scope(name or "count_nonzero"):
        zero = convert_to_tensor(np.zeros((), t.dtype.as_numpy_dtype) if t.dtype.name != "string" else b"", dtype=t.dtype)
        nonzero = cast(not_equal(t, zero), dtypes.int64)
        counted = reduce_sum(nonzero, axis=axis, keepdims=keepdims, reduction_indices=reduction_indices,
                             keep_dims=keep_dims)
        return cast(counted, dtype)


def reduce_logsumexp(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    """log(sum(exp(x))) over `axis`, computed as TF1 does it without overflow: the maximum is taken out first
    (and held constant for the gradient, which is then softmax(x)); an all -inf slice gives -inf.

    >>> tf.reduce_logsumexp(logits, axis=1)
    """
    from ..framework.graph import get_default_graph
    from .array_ops import stop_gradient, where, zeros_like
    from .math_ops import add, exp, less, log, subtract
    from .math_ops import abs as abs_
    if axis is None:
        axis = reduction_indices
    if keepdims is None:
        keepdims = keep_dims
    t = convert_to_tensor(input_tensor)
    with get_default_graph().name_scope(name or "ReduceLogSumExp"):
        raw_max = reduce_max(t, axis, keepdims=True)
        finite = less(abs_(raw_max), np.inf)
        shift = stop_gradient(where(finite, raw_max, zeros_like(raw_max)))
        result = log(reduce_sum(exp(subtract(t, shift)), axis, keepdims=True))
        result = add(result, shift)
        if not keepdims:
            from .shape_ops import squeeze
            axes = _normalize_axes(axis, t.shape.ndims)
            if axes != []:  # reducing no axis leaves every dimension
                result = squeeze(result, axes)  # axes None: every axis was reduced, a scalar is left
        return result
