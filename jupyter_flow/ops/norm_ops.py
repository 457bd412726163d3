"""tf.norm (tf.linalg.norm): vector norms (ord 'euclidean'/2, 1, np.inf, any p > 0) over an axis, and the
Frobenius / 1 / inf matrix norms over a pair of axes, composed as TF1 composes them.

    >>> tf.norm(w)                     # the Euclidean norm of every entry
    >>> tf.norm(x, axis=1, keepdims=True)
"""
import numbers

import numpy as np

from ..framework.graph import name_scope
from .constant_op import convert_to_tensor
from .math_ops import abs as _abs
from .math_ops import multiply, pow as _pow, sqrt
from .reduction_ops import reduce_max, reduce_sum


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None, keep_dims=None):  # noqa: A002
    keepdims = bool(keepdims if keepdims is not None else keep_dims)
    matrix = isinstance(axis, (list, tuple)) and len(axis) == 2
    if isinstance(axis, (list, tuple)) and len(axis) not in (1, 2):
        raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis!r}")
    if isinstance(axis, (list, tuple)) and len(axis) == 1:
        axis = axis[0]
    valid_vector = ord in ("euclidean", "fro") or ord == np.inf or (isinstance(ord, numbers.Real) and ord > 0)
    if not valid_vector or (matrix and ord not in ("euclidean", "fro", 1, np.inf)):
        raise ValueError(f"'ord' must be a supported {'matrix' if matrix else 'vector'} norm, got {ord!r}")
    with name_scope(name or "norm"):
        x = convert_to_tensor(tensor, name="tensor")
        if matrix and ord in (1, np.inf):
            rows, cols = axis
            inner, outer = (rows, cols) if ord == 1 else (cols, rows)
            sums = reduce_sum(_abs(x), axis=inner, keepdims=True)
            result = reduce_max(sums, axis=outer, keepdims=True)
            return result if keepdims else _squeeze_axes(result, axis)
        if ord in ("euclidean", "fro", 2):
            return sqrt(reduce_sum(multiply(x, x), axis=axis, keepdims=keepdims))
        if ord == np.inf:
            return reduce_max(_abs(x), axis=axis, keepdims=keepdims)
        if ord == 1:
            return reduce_sum(_abs(x), axis=axis, keepdims=keepdims)
        return _pow(reduce_sum(_pow(_abs(x), float(ord)), axis=axis, keepdims=keepdims), 1.0 / ord)


def _squeeze_axes(t, axes):
    from .shape_ops import squeeze
    return squeeze(t, axis=list(axes))
