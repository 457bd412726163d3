"""Shape ops: shape/size/rank, reshape, squeeze, expand_dims, tile and reverse.

Each op is declared once here (shape rule + gradient rule); kernels live in
src_cpp/kernels/shape.cc under the same type names. Shapes and multiples are tensor inputs, as in
TF, so they may come from tf.shape() at run time; axes are attributes (they must be known to build
the graph, as reduce_sum's axis). Joining/splitting ops are in concat_ops.py, element selection
(t[...], slice, gather) in indexing_ops.py, range and one_hot in sequence_ops.py.
"""
import numpy as np

from ..framework import dtypes
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.shape_rules import require_dtypes
from ..framework.tensor_shape import SCALAR, UNKNOWN, TensorShape
from ..framework.tensor_util import constant_value
from .constant_op import constant
from .linalg_ops import transpose
from .reduction_ops import reduce_sum
from .shape_args import INDEX_DTYPES, check_vector, int_vector, normalize_axis, static_axis, to_tensor

# ----- shape, size, rank --------------------------------------------------------------------------


def _shape_infer(inputs, attrs):
    n = inputs[0]._shape.ndims
    return [(attrs["out_type"], TensorShape._from_tuple((n,)))]


def _scalar_infer(inputs, attrs):
    return [(attrs.get("out_type", dtypes.int32), SCALAR)]


define_op("Shape", infer=_shape_infer)
define_op("Size", infer=_scalar_infer)
define_op("Rank", infer=_scalar_infer)
not_differentiable("Shape", "Size", "Rank")


def _shape_like(op_type, input, name, out_type, static):
    t = to_tensor(input)
    out_type = dtypes.as_dtype(out_type)
    if out_type not in INDEX_DTYPES:
        raise TypeError(f"out_type must be tf.int32 or tf.int64, got {out_type.name}")
    g = t.graph
    with g.as_default():
        if static is not None:  # known now: a constant, as TF1's optimize=True
            return constant(np.asarray(static, dtype=out_type.as_numpy_dtype), dtype=out_type, name=name or op_type)
        return g.create_op(op_type, (t,), {"out_type": out_type}, name or op_type)._outputs[0]


def shape(input, name=None, out_type=dtypes.int32):  # noqa: A002 - TF1's parameter name
    """The shape of `input` as a 1-D int tensor (a constant when fully known statically).

    >>> tf.shape(X)           # [n_rows, n_cols] at run time
    """
    t = to_tensor(input)
    static = t._shape.as_list() if t._shape.is_fully_defined() else None
    return _shape_like("Shape", t, name, out_type, static)


def size(input, name=None, out_type=dtypes.int32):  # noqa: A002
    """The number of elements of `input` as a scalar int tensor.

    >>> tf.size(tf.zeros([2, 3]))    # 6
    """
    t = to_tensor(input)
    return _shape_like("Size", t, name, out_type, t._shape.num_elements())


def rank(input, name=None):  # noqa: A002
    """The number of dimensions of `input` as a scalar int32 tensor.

    >>> tf.rank(tf.zeros([2, 3]))    # 2
    """
    t = to_tensor(input)
    return _shape_like("Rank", t, name, dtypes.int32, t._shape.ndims)


# ----- reshape ---------------------------------------------------------------------------------------


def _reshape_infer(inputs, attrs):
    t, s = inputs
    require_dtypes(s, INDEX_DTYPES, "Reshape")
    target = check_vector(s, "the shape argument of Reshape")
    if target is None:
        return [(t._dtype, UNKNOWN)]
    target = list(target)
    wildcards = [i for i, d in enumerate(target) if d == -1]
    if len(wildcards) > 1:
        raise ValueError(f"Only one input size may be -1, not both {wildcards[0]} and {wildcards[1]}")
    for i, d in enumerate(target):
        if d is not None and d < -1:
            raise ValueError(f"Size {i} must be non-negative, not {d}")
    n_in = t._shape.num_elements()
    known = [d for d in target if d is not None and d != -1]
    known_product = int(np.prod(known, dtype=np.int64))
    shape_str = "[" + ",".join("?" if d is None else str(d) for d in target) + "]"
    if None not in target and n_in is not None:
        if not wildcards and known_product != n_in:
            raise ValueError(f"Cannot reshape a tensor with {n_in} elements to shape {shape_str} "
                             f"({known_product} elements)")
        if wildcards:
            if known_product == 0:
                raise ValueError("Reshape cannot infer the missing input size for an empty tensor unless all "
                                 "specified input sizes are non-zero")
            if n_in % known_product:
                raise ValueError(f"Cannot reshape a tensor with {n_in} elements to shape {shape_str}: "
                                 f"{n_in} is not a multiple of {known_product}")
            target[wildcards[0]] = n_in // known_product
    elif None not in target and not wildcards and t._shape.ndims is not None:
        # Input partly known: its known dims must still divide the target's size.
        in_known = int(np.prod([d for d in t._shape._dims if d is not None], dtype=np.int64))
        if in_known and known_product % in_known:
            raise ValueError(f"Cannot reshape a tensor with a multiple of {in_known} elements to shape "
                             f"{shape_str} ({known_product} elements)")
    return [(t._dtype, TensorShape([None if d == -1 else d for d in target]))]


define_op("Reshape", infer=_reshape_infer)


@register_gradient("Reshape")
def _reshape_grad(op, grad):
    return [reshape(grad, shape(op.inputs[0])), None]


def reshape(tensor, shape, name=None):  # noqa: F811 - TF1's parameter name shadows tf.shape here
    """The same elements in a new shape (no copy); one dimension may be -1 (inferred).

    >>> tf.reshape(tf.range(6), [2, -1])     # [[0, 1, 2], [3, 4, 5]]
    """
    t = to_tensor(tensor)
    g = t.graph
    with g.as_default(), g.name_scope(name or "Reshape") as scope:
        s = int_vector(shape, "shape")
        return g.create_op("Reshape", (t, s), None, scope)._outputs[0]


# ----- squeeze, expand_dims ---------------------------------------------------------------------------


def _squeeze_infer(inputs, attrs):
    t = inputs[0]
    dims = t._shape._dims
    axes = attrs["squeeze_dims"]
    if dims is None:
        return [(t._dtype, UNKNOWN)]
    r = len(dims)
    if not axes:
        if None in dims:  # which dims are 1 is only known at run time
            return [(t._dtype, UNKNOWN)]
        return [(t._dtype, TensorShape._from_tuple(tuple(d for d in dims if d != 1)))]
    drop = set()
    for a in axes:
        if not -r <= a < r:
            raise ValueError(f"Tried squeezing dim index {a} for tensor with {r} dimensions")
        a %= r
        if dims[a] is not None and dims[a] != 1:
            raise ValueError(f"Can not squeeze dim[{a}], expected a dimension of 1, got {dims[a]}")
        drop.add(a)
    return [(t._dtype, TensorShape._from_tuple(tuple(d for i, d in enumerate(dims) if i not in drop)))]


define_op("Squeeze", infer=_squeeze_infer)


@register_gradient("Squeeze")
def _squeeze_grad(op, grad):
    return [reshape(grad, shape(op.inputs[0]))]


def squeeze(input, axis=None, name=None, squeeze_dims=None):  # noqa: A002
    """Remove dimensions of size 1 (all of them, or those listed in `axis`).

    >>> tf.squeeze(tf.zeros([1, 2, 1, 3]), axis=[2])    # shape (1, 2, 3)
    """
    if axis is None:
        axis = squeeze_dims
    elif squeeze_dims is not None:
        raise ValueError("Cannot specify both 'squeeze_dims' and 'axis'")
    axes = [] if axis is None else static_axis(axis, "squeeze")
    axes = [axes] if isinstance(axes, int) else axes
    t = to_tensor(input)
    return t.graph.create_op("Squeeze", (t,), {"squeeze_dims": axes}, name or "Squeeze")._outputs[0]


def _expand_dims_infer(inputs, attrs):
    t = inputs[0]
    dims = t._shape._dims
    if dims is None:
        return [(t._dtype, UNKNOWN)]
    a = attrs["dim"]
    if not -len(dims) - 1 <= a <= len(dims):
        raise ValueError(f"Tried to expand dim index {a} for tensor with {len(dims)} dimensions")
    a %= len(dims) + 1
    return [(t._dtype, TensorShape._from_tuple(dims[:a] + (1,) + dims[a:]))]


define_op("ExpandDims", infer=_expand_dims_infer)


@register_gradient("ExpandDims")
def _expand_dims_grad(op, grad):
    return [reshape(grad, shape(op.inputs[0]))]


def expand_dims(input, axis=None, name=None, dim=None):  # noqa: A002
    """Insert a dimension of size 1 at `axis` (negative counts from the end).

    >>> tf.expand_dims(tf.zeros([2, 3]), -1)    # shape (2, 3, 1)
    """
    if axis is None:
        axis = dim
    elif dim is not None:
        raise ValueError("Cannot specify both 'dim' and 'axis'")
    if axis is None:
        raise ValueError("expand_dims needs an axis, e.g. tf.expand_dims(x, 0)")
    t = to_tensor(input)
    return t.graph.create_op("ExpandDims", (t,), {"dim": static_axis(axis, "expand_dims")},
                             name or "ExpandDims")._outputs[0]


# ----- tile and reverse ------------------------------------------------------------------------------


def _tile_infer(inputs, attrs):
    t, m = inputs
    require_dtypes(m, INDEX_DTYPES, "Tile")
    mult = check_vector(m, "multiples")
    dims = t._shape._dims
    if dims is None:
        return [(t._dtype, UNKNOWN if mult is None else TensorShape([None] * len(mult)))]
    if mult is not None and len(mult) != len(dims):
        raise ValueError(f"Expected multiples argument to be a vector of length {len(dims)} but got "
                         f"length {len(mult)}")
    if mult is None:
        return [(t._dtype, TensorShape([None] * len(dims)))]
    for i, k in enumerate(mult):
        if k is not None and k < 0:
            raise ValueError(f"Expected multiples[{i}] >= 0, but got {k}")
    return [(t._dtype, TensorShape([None if d is None or k is None else d * k for d, k in zip(dims, mult)]))]


define_op("Tile", infer=_tile_infer)


@register_gradient("Tile")
def _tile_grad(op, grad):
    # View grad as [m0, d0, m1, d1, ...] and sum over the copies (the m axes).
    x, multiples = op.inputs
    r = x._shape.ndims
    if r is None:
        raise ValueError(f"The gradient of Tile '{op.name}' needs its input's rank to be known statically")
    mult = constant_value(multiples)
    if mult is not None and x._shape.is_fully_defined():
        split_shape = [v for pair in zip(mult.tolist(), x._shape.as_list()) for v in pair]
    else:
        from .concat_ops import stack  # (imported here: concat_ops depends on this module)
        both = stack([multiples, shape(x, out_type=multiples.dtype)])
        split_shape = reshape(transpose(both, [1, 0]), [-1])
    summed = reduce_sum(reshape(grad, split_shape), axis=list(range(0, 2 * r, 2)))
    summed.set_shape(x._shape)
    return [summed, None]


def tile(input, multiples, name=None):  # noqa: A002
    """Repeat `input` multiples[i] times along dimension i.

    >>> tf.tile([[1, 2]], [2, 2])     # [[1, 2, 1, 2], [1, 2, 1, 2]]
    """
    t = to_tensor(input)
    g = t.graph
    with g.as_default(), g.name_scope(name or "Tile") as scope:
        m = int_vector(multiples, "multiples")
        return g.create_op("Tile", (t, m), None, scope)._outputs[0]


def _reverse_infer(inputs, attrs):
    t = inputs[0]
    r = t._shape.ndims
    axes = attrs["axis"]
    if r is not None:
        seen = set()
        for a in axes:
            a = normalize_axis(a, r, "ReverseV2")
            if a in seen:
                raise ValueError(f"axis {a} specified more than once")
            seen.add(a)
    return [(t._dtype, t._shape)]


define_op("ReverseV2", infer=_reverse_infer)


@register_gradient("ReverseV2")
def _reverse_grad(op, grad):
    return [reverse(grad, op.get_attr("axis"))]


def reverse(tensor, axis, name=None):
    """The elements of `tensor` in reverse order along each dimension in `axis`.

    >>> tf.reverse([[1, 2], [3, 4]], axis=[1])     # [[2, 1], [4, 3]]
    """
    t = to_tensor(tensor)
    axes = static_axis(axis, "reverse")
    axes = [axes] if isinstance(axes, int) else axes
    return t.graph.create_op("ReverseV2", (t,), {"axis": axes}, name or "ReverseV2")._outputs[0]


reverse_v2 = reverse
