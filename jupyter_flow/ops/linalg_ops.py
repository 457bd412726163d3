"""Linear algebra: matmul (BLAS; BatchMatMulV2 for batches), matrix_inverse (LAPACK) and transpose."""
import operator

import numpy as np

from ..framework import dtypes
from ..framework import graph as _graph
from ..framework.op_def import define_op, register_gradient
from ..framework.shape_rules import FLOATING, NUMERIC, require_dtypes
from ..framework.tensor_shape import UNKNOWN, TensorShape
from .constant_op import convert_to_tensor


def _check_product_dtypes(a, b, op_type):
    if a._dtype is not b._dtype:
        raise TypeError(f"{op_type} inputs must have the same dtype, got {a._dtype.name} ('{a.name}') and "
                        f"{b._dtype.name} ('{b.name}'); use tf.cast on one of them.")
    require_dtypes(a, NUMERIC, op_type)


def _matmul_infer(inputs, attrs):
    a, b = inputs
    _check_product_dtypes(a, b, "MatMul")
    sa, sb = a._shape._dims, b._shape._dims
    if sa is not None and len(sa) != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {len(sa)}")
    if sb is not None and len(sb) != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {len(sb)}")
    ta, tb = attrs.get("transpose_a", False), attrs.get("transpose_b", False)
    m = k1 = k2 = n = None
    if sa is not None:
        m, k1 = (sa[1], sa[0]) if ta else (sa[0], sa[1])
    if sb is not None:
        k2, n = (sb[1], sb[0]) if tb else (sb[0], sb[1])
    if k1 is not None and k2 is not None and k1 != k2:
        raise ValueError(f"Dimensions must be equal, but are {k1} and {k2}")
    return [(a._dtype, TensorShape._from_tuple((m, n)))]


define_op("MatMul", infer=_matmul_infer)


@register_gradient("MatMul")
def _matmul_grad(op, grad):
    a, b = op.inputs
    ta, tb = op.get_attr("transpose_a"), op.get_attr("transpose_b")
    if not ta and not tb:
        return [matmul(grad, b, transpose_b=True), matmul(a, grad, transpose_a=True)]
    if not ta and tb:
        return [matmul(grad, b), matmul(grad, a, transpose_a=True)]
    if ta and not tb:
        return [matmul(b, grad, transpose_b=True), matmul(a, grad)]
    return [matmul(b, grad, transpose_a=True, transpose_b=True), matmul(grad, a, transpose_a=True, transpose_b=True)]


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, name=None):
    """The matrix product of a and b (optionally transposed first), computed by BLAS.

    >>> y_pred = tf.matmul(X, theta, name="predictions")
    """
    ta = convert_to_tensor(a)
    tb = convert_to_tensor(b, dtype=ta.dtype) if not hasattr(b, "dtype") else convert_to_tensor(b)
    if any(t._shape.ndims is None or t._shape.ndims > 2 for t in (ta, tb)):
        # Batches of matrices (as TF1 from 1.14): BatchMatMulV2 broadcasts the leading dimensions. An
        # operand of unknown rank may be a batch, so TF1 builds BatchMatMulV2 for it too.
        attrs = {"adj_x": bool(transpose_a or adjoint_a), "adj_y": bool(transpose_b or adjoint_b)}
        return ta.graph.create_op("BatchMatMulV2", (ta, tb), attrs, name or "MatMul")._outputs[0]
    attrs = {"transpose_a": bool(transpose_a or adjoint_a), "transpose_b": bool(transpose_b or adjoint_b)}
    return ta.graph.create_op("MatMul", (ta, tb), attrs, name or "MatMul")._outputs[0]


def _batch_matmul_infer(inputs, attrs):
    x, y = inputs
    _check_product_dtypes(x, y, "BatchMatMulV2")
    sx, sy = x._shape._dims, y._shape._dims
    for t, d in ((x, sx), (y, sy)):
        if d is not None and len(d) < 2:
            raise ValueError(f"BatchMatMulV2: '{t.name}' must be a matrix or a batch of matrices (rank >= 2), got "
                             f"shape {t._shape}")
    if sx is None or sy is None:
        return [(x._dtype, UNKNOWN)]
    m, k1 = (sx[-1], sx[-2]) if attrs.get("adj_x") else (sx[-2], sx[-1])
    k2, n = (sy[-1], sy[-2]) if attrs.get("adj_y") else (sy[-2], sy[-1])
    if k1 is not None and k2 is not None and k1 != k2:
        raise ValueError(f"Dimensions must be equal, but are {k1} and {k2} for 'BatchMatMulV2' with input shapes: "
                         f"{x._shape}, {y._shape} (the inner dimensions of the product)")
    return [(x._dtype, TensorShape._from_tuple(broadcast_batch_dims(sx[:-2], sy[:-2], x, y) + (m, n)))]


def broadcast_batch_dims(a, b, ta, tb):
    """The broadcast of two batch shapes (tuples, None for an unknown size), NumPy's rule."""
    r = max(len(a), len(b))
    a, b = (1,) * (r - len(a)) + tuple(a), (1,) * (r - len(b)) + tuple(b)
    out = []
    for x, y in zip(a, b):
        if x is not None and y is not None and x != y and 1 not in (x, y):
            raise ValueError(f"the batch dimensions of '{ta.name}' {ta._shape} and '{tb.name}' {tb._shape} do not "
                             "broadcast")
        out.append(y if x == 1 else x if y == 1 else x if x is not None else y)
    return tuple(out)


define_op("BatchMatMulV2", infer=_batch_matmul_infer)


@register_gradient("BatchMatMulV2")
def _batch_matmul_grad(op, grad):
    from .math_ops import sum_to_shape_of
    x, y = op.inputs
    ax, ay = op.get_attr("adj_x"), op.get_attr("adj_y")
    if not ax:
        gx = matmul(grad, y, adjoint_b=not ay)
        gy = matmul(grad, x, adjoint_a=True) if ay else matmul(x, grad, adjoint_a=True)
    else:
        gx = matmul(y, grad, adjoint_a=ay, adjoint_b=True)
        gy = matmul(grad, x, adjoint_a=True, adjoint_b=True) if ay else matmul(x, grad)
    # Broadcast batch dimensions are summed back to each operand's own.
    return [sum_to_shape_of(gx, x), sum_to_shape_of(gy, y)]


def _inverse_infer(inputs, attrs):
    t = inputs[0]
    require_dtypes(t, FLOATING, "MatrixInverse")
    d = t._shape._dims
    if d is not None:
        if len(d) < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {len(d)}")
        if d[-1] is not None and d[-2] is not None and d[-1] != d[-2]:
            raise ValueError(f"Dimensions must be equal, but are {d[-2]} and {d[-1]}")
    return [(t._dtype, t._shape)]


define_op("MatrixInverse", infer=_inverse_infer)


@register_gradient("MatrixInverse")
def _matrix_inverse_grad(op, grad):
    ainv = op.outputs[0]
    return [-matmul(ainv, matmul(grad, ainv, transpose_b=True), transpose_a=True)]


def matrix_inverse(input, adjoint=False, name=None):  # noqa: A002
    """The inverse of a square matrix (InvalidArgumentError at run time if singular).

    >>> theta = tf.matmul(tf.matmul(tf.matrix_inverse(tf.matmul(XT, X)), XT), y)
    """
    t = convert_to_tensor(input)
    if adjoint:  # the last two dimensions only: a batch [..., N, N] keeps its order
        t = transpose(t, list(range(t.shape.ndims - 2)) + [t.shape.ndims - 1, t.shape.ndims - 2]) \
            if t.shape.ndims is not None and t.shape.ndims > 2 else transpose(t)
    return t.graph.create_op("MatrixInverse", (t,), {"adjoint": False}, name or "MatrixInverse")._outputs[0]


def _transpose_infer(inputs, attrs):
    t = inputs[0]
    perm = attrs.get("perm")
    d = t._shape._dims
    if len(inputs) > 1:  # perm known only at run time: the rank is all that is known
        p = inputs[1]
        if p._dtype not in (dtypes.int32, dtypes.int64) or p._shape.ndims not in (None, 1):
            raise TypeError(f"transpose: perm must be an int32 or int64 vector, got {p._dtype.name} {p._shape}")
        n = len(d) if d is not None else (p._shape.as_list()[0] if p._shape.ndims == 1 else None)
        return [(t._dtype, UNKNOWN if n is None else TensorShape([None] * n))]
    if d is None:
        return [(t._dtype, UNKNOWN if perm is None else TensorShape([None] * len(perm)))]
    if sorted(perm) != list(range(len(d))):
        raise ValueError(f"perm {list(perm)} is not a permutation of the {len(d)} dimensions")
    return [(t._dtype, TensorShape._from_tuple(tuple(d[p] for p in perm)))]


define_op("Transpose", infer=_transpose_infer)


@register_gradient("Transpose")
def _transpose_grad(op, grad):
    if len(op.inputs) > 1:  # the inverse of a run-time perm p: inverse[p[i]] = i
        from .reduction_ops import argmax
        from .sequence_ops import one_hot
        from .shape_ops import size
        p = op.inputs[1]
        inverse = argmax(one_hot(p, size(p, out_type=p.dtype), dtype=dtypes.int32), 0, output_type=p.dtype)
        return [transpose(grad, inverse), None]
    perm = op.get_attr("perm")
    inverse = [0] * len(perm)
    for i, p in enumerate(perm):
        inverse[p] = i
    return [transpose(grad, inverse)]


def transpose(a, perm=None, name="transpose", conjugate=False):
    """Permute dimensions; by default reverse them (a matrix's transpose).

    >>> XT = tf.transpose(X)
    """
    t = convert_to_tensor(a)
    if perm is None:
        if t.shape.ndims is None:
            raise ValueError(f"transpose of '{t.name}' needs perm= because its rank is unknown")
        perm = list(range(t.shape.ndims))[::-1]
    perm = _static_perm(perm, t)
    if not isinstance(perm, list):  # a tensor known only at run time
        return t.graph.create_op("Transpose", (t, perm), {}, name)._outputs[0]
    return t.graph.create_op("Transpose", (t,), {"perm": perm}, name)._outputs[0]


def _static_perm(perm, t):
    """perm as Python ints (a list, an array, or a tensor whose value is known when the graph is
    built), or the perm tensor itself when its value is known only at run time."""
    from .constant_op import existing_tensor
    from ..framework.tensor_util import constant_value
    p = existing_tensor(perm)
    if p is not None:
        if not p.dtype.is_integer:
            raise TypeError(f"transpose: perm must be an int32 or int64 tensor, got {p.dtype.name} ('{p.name}')")
        value = constant_value(p)
        if value is None:
            return p
        perm = np.asarray(value).reshape(-1).tolist()
    try:
        return [operator.index(x) for x in perm]
    except TypeError:
        raise TypeError(f"transpose: perm must hold integers, got {perm!r}") from None


_graph.install_operators({"__matmul__": lambda a, b: matmul(a, b, name="matmul"),
                         "__rmatmul__": lambda a, b: matmul(b, a, name="matmul")})
