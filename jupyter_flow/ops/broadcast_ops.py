"""tf.broadcast_to and the broadcast shape helpers, as compositions: broadcast_to(x, shape) is
x + zeros(shape) (or x OR false for bool), so its gradient is Add's, summed back to x's shape.

>>> tf.broadcast_to(tf.constant([1, 2, 3]), [2, 3])   # [[1, 2, 3], [1, 2, 3]]
>>> tf.broadcast_static_shape(tf.TensorShape([4, 1]), tf.TensorShape([3]))   # (4, 3)
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import name_scope
from ..framework.shape_rules import _broadcast_dims
from ..framework.tensor_shape import TensorShape, as_shape
from ..framework.tensor_util import constant_value
from .array_ops import fill, where
from .concat_ops import concat
from .constant_op import constant, convert_to_tensor
from .math_ops import add, equal, logical_or
from .shape_args import int_vector


def broadcast_to(input, shape, name=None):  # noqa: A002 - TF1's parameter name
    """`input` repeated along broadcast dimensions to `shape` (NumPy broadcasting rules).

    >>> tf.broadcast_to(bias, [batch, 10])
    """
    with name_scope(name or "BroadcastTo") as scope:
        x = convert_to_tensor(input, name="input")
        target = int_vector(shape, "shape", dtypes.int32)
        if x.dtype is dtypes.string:
            raise TypeError(f"broadcast_to of a string tensor ('{x.name}') is not supported; tile it with tf.tile")
        if x.dtype is dtypes.bool:
            return logical_or(x, fill(target, constant(False)), name=scope)
        return add(x, fill(target, constant(0, dtype=x.dtype)), name=scope)


def broadcast_static_shape(shape_x, shape_y):
    """The static shape of a broadcast of shapes `shape_x` and `shape_y` (ValueError if they
    cannot broadcast).

    >>> tf.broadcast_static_shape(x.shape, y.shape)
    """
    a, b = as_shape(shape_x), as_shape(shape_y)
    if a.ndims is None or b.ndims is None:
        return TensorShape(None)
    try:
        return TensorShape(list(_broadcast_dims(tuple(a.as_list()), tuple(b.as_list()))))
    except ValueError:
        raise ValueError(f"Incompatible shapes for broadcasting: {a} and {b}") from None


def broadcast_dynamic_shape(shape_x, shape_y):
    """The shape (an int vector) of a broadcast of tensors of shapes `shape_x` and `shape_y`
    (1-D int tensors); computed when the graph is built when both are known.

    >>> tf.broadcast_dynamic_shape(tf.shape(x), tf.shape(y))
    """
    with name_scope("BroadcastArgs") as scope:
        sx = int_vector(shape_x, "shape_x", dtypes.int32)
        sy = int_vector(shape_y, "shape_y", dtypes.int32)
        vx, vy = constant_value(sx), constant_value(sy)
        if vx is not None and vy is not None:
            try:
                dims = _broadcast_dims(tuple(int(d) for d in vx), tuple(int(d) for d in vy))
            except ValueError:
                raise ValueError(f"Incompatible shapes for broadcasting: {list(vx)} and {list(vy)}") from None
            return constant(np.array(dims, dtype=sx.dtype.as_numpy_dtype), name=scope)
        nx, ny = sx.shape[0].value, sy.shape[0].value
        if nx is None or ny is None:
            raise ValueError("broadcast_dynamic_shape needs shape vectors of known length (the ranks); got "
                             f"{sx.shape} and {sy.shape}")
        n = max(nx, ny)
        ones = lambda k: constant(np.ones(k, dtype=sx.dtype.as_numpy_dtype))  # noqa: E731
        px = concat([ones(n - nx), sx], 0) if nx < n else sx
        py = concat([ones(n - ny), sy], 0) if ny < n else sy
        # Where x's size is 1 the result is y's (which also keeps a 0 of y); elsewhere x's. Sizes
        # that cannot broadcast are not detected here: the ops that broadcast them will fail.
        return where(equal(px, 1), py, px, name=scope)
