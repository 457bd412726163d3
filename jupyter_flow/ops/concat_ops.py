"""Joining and splitting: concat/split (along an existing dimension) and stack/unstack
(along a new one). Each is the other's gradient.

Each op is declared once here (shape rule + gradient rule); kernels live in
src_cpp/kernels/concat.cc under the same type names.
"""
import numpy as np

from ..framework.op_def import define_op, register_gradient
from ..framework.shape_rules import require_dtypes
from ..framework.tensor_shape import UNKNOWN, TensorShape
from .array_ops import identity, zeros_like
from .indexing_ops import dim_size
from .shape_args import (INDEX_DTYPES, check_vector, int_vector, normalize_axis, same_dtype, static_axis,
                         to_tensor, to_tensors)

def _concat_infer(inputs, attrs):
    dt = same_dtype(inputs, "ConcatV2")
    ranked = [t._shape for t in inputs if t._shape.ndims is not None]
    if not ranked:
        return [(dt, UNKNOWN)]
    r = ranked[0].ndims
    if r == 0:
        raise ValueError("Can't concatenate scalars (use tf.stack instead)")
    axis = normalize_axis(attrs["axis"], r, "ConcatV2")
    out = list(ranked[0]._dims)
    out[axis] = 0
    first = inputs[0]._shape
    for s in (t._shape for t in inputs):
        if s.ndims is None:
            out[axis] = None
            continue
        if s.ndims != r:
            raise ValueError(f"Shape must be rank {r} but is rank {s.ndims}")
        for i, d in enumerate(s._dims):
            if i == axis:
                out[i] = None if out[i] is None or d is None else out[i] + d
            elif out[i] is None:
                out[i] = d
            elif d is not None and d != out[i]:
                raise ValueError(f"Dimension {i} in both shapes must be equal, but are {out[i]} and {d}. "
                                 f"Shapes are {first._bracket_str()} and {s._bracket_str()}")
    return [(dt, TensorShape(out))]


define_op("ConcatV2", infer=_concat_infer)


@register_gradient("ConcatV2")
def _concat_grad(op, grad):
    axis = op.get_attr("axis")
    sizes = [dim_size(x, axis) for x in op.inputs]
    return split(grad, sizes, axis=axis)


def concat(values, axis, name="concat"):
    """Join tensors along an existing dimension `axis` (negative counts from the end).

    >>> tf.concat([tf.ones([2, 3]), tf.zeros([2, 1])], axis=1)    # shape (2, 4)
    """
    if not isinstance(values, (list, tuple)):
        values = [values]
    if not values:
        raise ValueError("concat needs at least one tensor in `values`")
    ts = to_tensors(values)
    axis = static_axis(axis, "concat")
    g = ts[0].graph
    if len(ts) == 1:  # as TF1: nothing to join, an Identity named like the concat
        with g.as_default():
            return identity(ts[0], name=name)
    return g.create_op("ConcatV2", tuple(ts), {"N": len(ts), "axis": axis}, name or "concat")._outputs[0]


def _split_infer(inputs, attrs):
    t = inputs[0]
    n = attrs["num_split"]
    dims = t._shape._dims
    sizes = None
    if len(inputs) == 2:
        require_dtypes(inputs[1], INDEX_DTYPES, "SplitV")
        sizes = check_vector(inputs[1], "size_splits")
        sizes = [None] * n if sizes is None else list(sizes)
        if len(sizes) != n:
            raise ValueError(f"size_splits has {len(sizes)} entries but num_split is {n}")
    if dims is None:
        return [(t._dtype, UNKNOWN)] * n
    axis = normalize_axis(attrs["axis"], len(dims), "Split")
    d = dims[axis]
    if sizes is None:
        if d is not None and d % n:
            raise ValueError(f"Dimension size must be evenly divisible by {n} but is {d}")
        sizes = [None if d is None else d // n] * n
    elif None not in sizes:
        wild = [i for i, s in enumerate(sizes) if s == -1]
        fixed = sum(s for s in sizes if s != -1)
        if len(wild) > 1:
            raise ValueError("size_splits may contain at most one -1")
        if d is not None:
            if (not wild and fixed != d) or (wild and fixed > d):
                raise ValueError(f"size_splits {sizes} do not add up to the size {d} of dimension {axis}")
            if wild:
                sizes[wild[0]] = d - fixed
    out = []
    for s in sizes:
        piece = list(dims)
        piece[axis] = None if s == -1 else s
        out.append((t._dtype, TensorShape(piece)))
    return out


define_op("Split", infer=_split_infer)
define_op("SplitV", infer=_split_infer)


@register_gradient("Split")
@register_gradient("SplitV")
def _split_grad(op, *grads):
    parts = [g if g is not None else zeros_like(o) for g, o in zip(grads, op.outputs)]
    joined = concat(parts, axis=op.get_attr("axis"))
    return [joined] + [None] * (len(op.inputs) - 1)


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Cut `value` along `axis` into equal parts (an int) or parts of the given sizes (a list).

    >>> a, b = tf.split(tf.zeros([4, 6]), [2, 4], axis=1)    # shapes (4, 2) and (4, 4)
    """
    t = to_tensor(value)
    axis = static_axis(axis, "split")
    g = t.graph
    if isinstance(num_or_size_splits, (int, np.integer)) and not isinstance(num_or_size_splits, bool):
        n = int(num_or_size_splits)
        if n < 1:
            raise ValueError(f"num_or_size_splits must be positive, got {n}")
        return list(g.create_op("Split", (t,), {"num_split": n, "axis": axis}, name or "split")._outputs)
    with g.as_default(), g.name_scope(name or "split") as scope:
        sizes = int_vector(num_or_size_splits, "size_splits")
        if num is None:
            known = sizes._shape._dims
            if known is None or known[0] is None:
                raise ValueError(f"Cannot infer num from shape {sizes._shape}; pass num=")
            num = known[0]
        return list(g.create_op("SplitV", (t, sizes), {"num_split": int(num), "axis": axis}, scope)._outputs)


# ----- stack and unstack -----------------------------------------------------------------------------


def _pack_infer(inputs, attrs):
    dt = same_dtype(inputs, "Pack")
    merged = inputs[0]._shape
    for i, t in enumerate(inputs[1:], 1):
        if not merged.is_compatible_with(t._shape):
            raise ValueError(f"Shapes of all inputs must match: values[0].shape = "
                             f"{inputs[0]._shape._bracket_str()} != values[{i}].shape = {t._shape._bracket_str()}")
        merged = merged.merge_with(t._shape)
    if merged._dims is None:
        return [(dt, UNKNOWN)]
    axis = normalize_axis(attrs["axis"], len(merged._dims), "Pack", extra=1)
    dims = merged._dims
    return [(dt, TensorShape._from_tuple(dims[:axis] + (len(inputs),) + dims[axis:]))]


define_op("Pack", infer=_pack_infer)


@register_gradient("Pack")
def _pack_grad(op, grad):
    return unstack(grad, num=len(op.inputs), axis=op.get_attr("axis"))


def stack(values, axis=0, name="stack"):
    """Join tensors of one shape along a new dimension `axis`.

    >>> tf.stack([tf.ones([3]), tf.zeros([3])], axis=1)    # shape (3, 2)
    """
    if not isinstance(values, (list, tuple)) or not values:
        raise ValueError("stack needs a non-empty list of tensors")
    ts = to_tensors(values)
    axis = static_axis(axis, "stack")
    return ts[0].graph.create_op("Pack", tuple(ts), {"N": len(ts), "axis": axis}, name or "stack")._outputs[0]


def _unpack_infer(inputs, attrs):
    t = inputs[0]
    n = attrs["num"]
    dims = t._shape._dims
    if dims is None:
        return [(t._dtype, UNKNOWN)] * n
    axis = normalize_axis(attrs["axis"], len(dims), "Unpack")
    if dims[axis] is not None and dims[axis] != n:
        raise ValueError(f"Dimension {axis} of the input has size {dims[axis]}, but num={n}")
    return [(t._dtype, TensorShape._from_tuple(dims[:axis] + dims[axis + 1:]))] * n


define_op("Unpack", infer=_unpack_infer)


@register_gradient("Unpack")
def _unpack_grad(op, *grads):
    parts = [g if g is not None else zeros_like(o) for g, o in zip(grads, op.outputs)]
    return [stack(parts, axis=op.get_attr("axis"))]


def unstack(value, num=None, axis=0, name="unstack"):
    """Split `value` along dimension `axis` into a list of tensors of one rank less.

    >>> rows = tf.unstack(tf.zeros([3, 2]))    # three tensors of shape (2,)
    """
    t = to_tensor(value)
    axis = static_axis(axis, "unstack")
    if num is None:
        dims = t._shape._dims
        if dims is None:
            raise ValueError(f"Cannot infer num from shape {t._shape}; pass num=")
        ax = normalize_axis(axis, len(dims), "unstack")
        if dims[ax] is None:
            raise ValueError(f"Cannot infer num from shape {t._shape}; pass num=")
        num = dims[ax]
    return list(t.graph.create_op("Unpack", (t,), {"num": int(num), "axis": axis}, name or "unstack")._outputs)
