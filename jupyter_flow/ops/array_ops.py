"""Array ops: placeholders, identity, fill/zeros/ones, where. (Shape-manipulating ops
such as reshape, concat and slicing live in shape_ops.py.)"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.shape_rules import broadcast_static
from ..framework.tensor_shape import UNKNOWN, TensorShape, as_shape
from ..framework.tensor_util import partial_ints
from .constant_op import constant, convert_to_tensor, existing_tensor
from .math_ops import sum_to_shape_of


def _placeholder_infer(inputs, attrs):
    return [(attrs["dtype"], attrs["shape"])]


define_op("Placeholder", infer=_placeholder_infer)
not_differentiable("Placeholder")


def placeholder(dtype, shape=None, name=None):
    """A tensor whose value must be fed at run time; `None` dimensions accept any size.

    >>> X = tf.placeholder(tf.float32, shape=(None, n + 1), name="X")
    """
    dtype = dtypes.as_dtype(dtype)
    shape = UNKNOWN if shape is None else as_shape(shape)
    return get_default_graph().create_op("Placeholder", (), {"dtype": dtype, "shape": shape},
                                         name or "Placeholder")._outputs[0]


def _placeholder_with_default_infer(inputs, attrs):
    shape = attrs["shape"]
    if not shape.is_compatible_with(inputs[0]._shape):
        raise ValueError(f"The default value's shape {inputs[0]._shape} is not compatible with shape {shape}")
    return [(inputs[0]._dtype, shape)]


define_op("PlaceholderWithDefault", infer=_placeholder_with_default_infer)


def placeholder_with_default(input, shape, name=None):  # noqa: A002 - TF1's parameter name
    """`input` unless a value is fed for it; `shape` may be less specific than input's.

    >>> training = tf.placeholder_with_default(False, shape=(), name="training")
    """
    t = convert_to_tensor(input)
    return t.graph.create_op("PlaceholderWithDefault", (t,), {"shape": as_shape(shape)},
                             name or "PlaceholderWithDefault")._outputs[0]


@register_gradient("PlaceholderWithDefault")
def _placeholder_with_default_grad(op, grad):
    return [grad]


def _same_as_input(inputs, attrs):
    return [(inputs[0]._dtype, inputs[0]._shape)]


define_op("Identity", infer=_same_as_input)
define_op("StopGradient", infer=_same_as_input)
not_differentiable("StopGradient")


@register_gradient("Identity")
def _identity_grad(op, grad):
    return [grad]


def identity(input, name=None):  # noqa: A002 - TF1's parameter name
    """The same value as `input`, as a new node (useful with control_dependencies)."""
    t = convert_to_tensor(input)
    return t.graph.create_op("Identity", (t,), None, name or "Identity")._outputs[0]


def stop_gradient(input, name=None):  # noqa: A002
    """The same value, but tf.gradients treats it as a constant."""
    t = convert_to_tensor(input)
    return t.graph.create_op("StopGradient", (t,), None, name or "StopGradient")._outputs[0]


def _fill_infer(inputs, attrs):
    return [(inputs[0]._dtype, attrs["shape"])]


# Marked stateful so constant folding never caches a fill: recomputing it is a memset, while a
# cached copy would keep a second full-size array alive beside the variable it initializes.
define_op("Fill", infer=_fill_infer, stateful=True)
not_differentiable("Fill")


def _is_dynamic(dims):
    """Whether a shape argument is (or contains) a tensor, i.e. is known only at run time."""
    if existing_tensor(dims) is not None:
        return True
    return isinstance(dims, (list, tuple)) and any(existing_tensor(d) is not None for d in dims)


def fill(dims, value, name=None):
    """A tensor of shape `dims` (Python ints, or a tensor such as tf.shape(x)) filled with `value`.

    >>> tf.fill([2, 3], 9)
    """
    g = get_default_graph()
    with g.name_scope(name or "Fill") as scope:
        v = convert_to_tensor(value, name="value")
        if not _is_dynamic(dims):
            shape = TensorShape([int(d) for d in dims])
            return g.create_op("Fill", (v,), {"shape": shape}, scope)._outputs[0]
        from .shape_args import int_vector
        dims_t = int_vector(dims, "dims")
        known = partial_ints(dims_t)
        shape = UNKNOWN if known is None or known.ndim != 1 else TensorShape(list(known))
        return g.create_op("Fill", (v, dims_t), {"shape": shape}, scope)._outputs[0]


# As TF1: below this many elements zeros/ones are a Const; from it on a Fill, so a big array
# is never held by the graph (nor written into a meta graph), only made when the op runs.
_SMALL_CONSTANT_SIZE = 1000


def _constant_filled(shape, value, dtype, name):
    """zeros/ones: a constant when the shape is known now and small, else a Fill
    (TF1: 'zeros/shape_as_tensor' + 'zeros/Const' -> 'zeros')."""
    dtype = dtypes.as_dtype(dtype)
    g = get_default_graph()
    if _is_dynamic(shape):
        with g.name_scope(name) as scope:
            return fill(shape, constant(value, dtype=dtype), name=scope)
    shape = [int(d) for d in (shape if isinstance(shape, (list, tuple)) else as_shape(shape).as_list())]
    if any(d < 0 for d in shape):
        raise ValueError(f"{name}: dimensions must be non-negative, got shape {shape}")
    if int(np.prod(shape, dtype=object)) < _SMALL_CONSTANT_SIZE:
        return constant(np.full(shape, value, dtype=dtype.as_numpy_dtype), dtype=dtype, name=name)
    from .shape_args import int_vector
    with g.name_scope(name) as scope:
        dims = int_vector(shape, "shape_as_tensor")
        v = constant(value, dtype=dtype, name="Const")
        return g.create_op("Fill", (v, dims), {"shape": TensorShape(shape)}, scope)._outputs[0]


def zeros(shape, dtype=dtypes.float32, name=None):
    """A tensor of zeros: tf.zeros([3, 1]), or tf.zeros(tf.shape(x)) for a shape known at run time."""
    return _constant_filled(shape, 0, dtype, name or "zeros")


def ones(shape, dtype=dtypes.float32, name=None):
    """A tensor of ones: tf.ones([3, 1]), or tf.ones(tf.shape(x)) for a shape known at run time."""
    return _constant_filled(shape, 1, dtype, name or "ones")


def _like_infer(inputs, attrs):
    dt = attrs.get("dtype") or inputs[0]._dtype
    return [(dt, inputs[0]._shape)]


define_op("ZerosLike", infer=_like_infer)
define_op("OnesLike", infer=_like_infer)
not_differentiable("ZerosLike", "OnesLike")


def _like(op_type, tensor, dtype, name, optimize, value):
    t = convert_to_tensor(tensor)
    dt = dtypes.as_dtype(dtype) if dtype is not None else t.dtype
    # TF1's optimize=True: a small tensor whose shape is known now gives a constant, which reads
    # nothing. tf.gradients' starting ones_like(loss) then does not make the run compute the loss.
    if optimize and (dt.is_numeric or dt.is_bool) and t._shape.is_fully_defined():
        shape = t._shape.as_list()
        if int(np.prod(shape, dtype=object)) < _SMALL_CONSTANT_SIZE:
            with t.graph.as_default():
                return constant(np.full(shape, value, dtype=dt.as_numpy_dtype), dtype=dt, name=name)
    return t.graph.create_op(op_type, (t,), {"dtype": dt}, name)._outputs[0]


def zeros_like(tensor, dtype=None, name=None, optimize=True):
    """Zeros with the shape of `tensor` (a constant when that shape is known and small).

    >>> tf.zeros_like(x)
    """
    return _like("ZerosLike", tensor, dtype, name or "zeros_like", optimize, 0)


def ones_like(tensor, dtype=None, name=None, optimize=True):
    """Ones with the shape of `tensor` (a constant when that shape is known and small).

    >>> tf.ones_like(x)
    """
    return _like("OnesLike", tensor, dtype, name or "ones_like", optimize, 1)


def _select_infer(inputs, attrs):
    cond, x, y = inputs
    if cond._dtype is not dtypes.bool:
        raise TypeError(f"where's condition must be bool, got {cond._dtype.name} ('{cond.name}')")
    if x._dtype is not y._dtype:
        raise TypeError(f"where's x and y must have the same dtype, got {x._dtype.name} and {y._dtype.name}")
    if cond._shape.ndims is None:  # TF1: the result has x's (and y's) shape whatever the condition's
        return [(x._dtype, broadcast_static(x._shape, y._shape))]
    return [(x._dtype, broadcast_static(broadcast_static(cond._shape, x._shape), y._shape))]


define_op("Select", infer=_select_infer)


@register_gradient("Select")
def _select_grad(op, grad):
    cond, x, y = op.inputs
    zeros = zeros_like(grad)
    gx = where(cond, grad, zeros)
    gy = where(cond, zeros, grad)
    return [None, sum_to_shape_of(gx, x), sum_to_shape_of(gy, y)]


def where(condition, x=None, y=None, name=None):
    """Elements of x where condition is true, else of y (NumPy broadcasting); with neither x nor y, the
    coordinates of the true elements (an int64 matrix, one row each).

    >>> tf.where(z > 0, z, 0.01 * z)
    >>> tf.where(mask)             # [[row, col], ...]
    """
    if x is None and y is None:
        from .where_op import true_coordinates
        return true_coordinates(condition, name)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None: tf.where(condition) gives the "
                         "coordinates of the true elements, tf.where(condition, x, y) picks from x and y")
    c = convert_to_tensor(condition)
    tx, ty = existing_tensor(x), existing_tensor(y)
    if tx is None and ty is None:
        tx = convert_to_tensor(x)
    if tx is None:
        tx = convert_to_tensor(x, dtype=ty.dtype)
    if ty is None:
        ty = convert_to_tensor(y, dtype=tx.dtype)
    rank_c, rank_x = c.shape.ndims, tx.shape.ndims
    if rank_c == 1 and rank_x is not None and rank_x > 1:
        # TF1's Select: a vector condition picks whole rows of x/y (along the first dimension),
        # it is not broadcast against the last one.
        g = c.graph
        with g.name_scope(name or "Select") as scope:
            from .shape_ops import reshape
            c = reshape(c, [-1] + [1] * (rank_x - 1))
            return g.create_op("Select", (c, tx, ty), None, scope)._outputs[0]
    return c.graph.create_op("Select", (c, tx, ty), None, name or "Select")._outputs[0]
