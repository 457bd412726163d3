"""tf.sort and tf.argsort along an axis, through TopKV2 over the whole axis as TF does (descending:
top_k of x; ascending: top_k of -x for numbers); the axis is moved last and back.

    >>> tf.sort([3, 1, 2])                         # [1, 2, 3]
    >>> tf.argsort(scores, direction="DESCENDING")
"""
from ..framework.graph import name_scope
from .constant_op import convert_to_tensor
from .linalg_ops import transpose
from .math_ops import negative
from .top_k_ops import top_k


def _sorted(values, axis, direction, want_indices):
    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError(f"direction must be 'ASCENDING' or 'DESCENDING', got {direction!r}")
    x = convert_to_tensor(values, name="values")
    rank = x.shape.ndims
    if rank is None or rank == 0:
        raise ValueError(f"sort needs a tensor of known rank >= 1; '{x.name}' has shape {x.shape}")
    axis = axis + rank if axis < 0 else axis
    if not 0 <= axis < rank:
        raise ValueError(f"axis {axis} is out of range for '{x.name}' of rank {rank}")
    if x.dtype.is_unsigned and direction == "ASCENDING":
        raise TypeError(f"ascending sort of an unsigned tensor ('{x.name}', {x.dtype.name}) is not supported: "
                        "cast it to a signed type first")
    perm = list(range(rank))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    moved = x if axis == rank - 1 else transpose(x, perm)
    n = moved.shape[-1].value
    if n is None:
        from .shape_ops import shape
        n = shape(moved)[-1]
    ascending = direction == "ASCENDING"
    values_out, indices = top_k(negative(moved) if ascending else moved, k=n)
    out = indices if want_indices else (negative(values_out) if ascending else values_out)
    return out if axis == rank - 1 else transpose(out, perm)


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """The values sorted along `axis`."""
    with name_scope(name or "sort"):
        return _sorted(values, axis, direction, want_indices=False)


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """The int32 indices that sort `values` along `axis` (equal values keep their order)."""
    del stable  # TopKV2 keeps equal values in index order: the sort is stable either way
    with name_scope(name or "argsort"):
        return _sorted(values, axis, direction, want_indices=True)
