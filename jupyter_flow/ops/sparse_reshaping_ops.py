"""Moving a SparseTensor's entries: tf.sparse_reorder, sparse_reshape, sparse.transpose, sparse_concat,
sparse_slice, sparse_retain and sparse_fill_empty_rows, as TF1's (values and entry order).

SparseReorder, SparseReshape and SparseFillEmptyRows are C++ kernels (src_cpp/kernels/sparse.cc); the
others are compositions of them and dense ops, so their gradients to the values come from those.
"""
import numpy as np

from ..framework import dtypes
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.sparse_tensor import SparseTensor, as_sparse
from ..framework.tensor_shape import TensorShape
from ..framework.tensor_util import constant_value
from .constant_op import convert_to_tensor
from .indexing_ops import gather
from .partition_ops import invert_permutation
from .reduction_ops import reduce_sum
from .sequence_ops import range as range_
from .shape_ops import size
from .sparse_ops import static_dims


def _rank_of(indices, dense_shape):
    cols = indices._shape._dims[1] if indices._shape.ndims == 2 else None
    return cols if cols is not None else (dense_shape._shape._dims or [None])[0]


def _reorder_infer(inputs, attrs):
    indices, values, _ = inputs
    return [(dtypes.int64, indices._shape), (values._dtype, values._shape)]


def _reshape_infer(inputs, attrs):
    indices, _, new_shape = inputs
    r = (new_shape._shape._dims or [None])[0]
    return [(dtypes.int64, TensorShape([indices._shape._dims[0] if indices._shape.ndims == 2 else None, r])),
            (dtypes.int64, TensorShape([r]))]


def _fill_empty_rows_infer(inputs, attrs):
    indices, values, dense_shape, default = inputs
    if default._dtype != values._dtype:
        raise TypeError(f"default_value is {default._dtype.name} but the values are {values._dtype.name}")
    rows = static_dims(dense_shape)
    n = values._shape._dims[0] if values._shape.ndims == 1 else None
    return [(dtypes.int64, TensorShape([None, _rank_of(indices, dense_shape)])), (values._dtype, TensorShape([None])),
            (dtypes.bool, TensorShape([rows._dims[0] if rows.ndims else None])), (dtypes.int64, TensorShape([n]))]


define_op("SparseReorder", infer=_reorder_infer)
define_op("SparseReshape", infer=_reshape_infer)
define_op("SparseFillEmptyRows", infer=_fill_empty_rows_infer)
not_differentiable("SparseReshape")


@register_gradient("SparseReorder")
def _sparse_reorder_grad(op, _, grad):
    indices, _, dense_shape = op.inputs
    positions = range_(size(op.inputs[1], out_type=dtypes.int64), dtype=dtypes.int64)
    moved = op.graph.create_op("SparseReorder", (indices, positions, dense_shape), None, "SparseReorderGrad")
    return [None, gather(grad, invert_permutation(moved._outputs[1])), None]


@register_gradient("SparseFillEmptyRows")
def _sparse_fill_empty_rows_grad(op, _, grad, *unused):
    reverse_index_map = op.outputs[3]
    values_grad = gather(grad, reverse_index_map)
    return [None, values_grad, None, reduce_sum(grad) - reduce_sum(values_grad)]


def _sparse(indices, values, dense_shape, static=None):
    sp = SparseTensor(indices, values, dense_shape)
    if static is not None:
        sp._static_shape = static
    return sp


def sparse_reorder(sp_input, name=None):
    """The same SparseTensor with its entries in row-major (canonical) order, as most sparse ops need.

    >>> tf.sparse_reorder(tf.SparseTensor([[1, 0], [0, 1]], [1., 2.], [2, 2]))   # indices [[0, 1], [1, 0]]
    """
    sp = as_sparse(sp_input)
    g = sp.graph
    with g.as_default(), g.name_scope(name or "SparseReorder") as scope:
        op = g.create_op("SparseReorder", (sp.indices, sp.values, sp.dense_shape), None, scope)
    return _sparse(op._outputs[0], op._outputs[1], sp.dense_shape, sp.shape)


def sparse_reshape(sp_input, shape, name=None):
    """The same entries in a dense shape of the same size (one dimension may be -1).

    >>> tf.sparse_reshape(sp, [-1, 2])
    """
    sp = as_sparse(sp_input)
    g = sp.graph
    with g.as_default(), g.name_scope(name or "SparseReshape") as scope:
        new_shape = convert_to_tensor(shape, dtype=dtypes.int64, name="shape")
        op = g.create_op("SparseReshape", (sp.indices, sp.dense_shape, new_shape), None, scope)
    static = static_dims(new_shape)
    old = sp.shape
    if static.ndims is not None and old.is_fully_defined():
        target = constant_value(new_shape)
        if target is not None and list(target).count(-1) == 1 and np.prod(target) != 0:
            total = old.num_elements()
            target = [total // -int(np.prod(target)) if d == -1 else int(d) for d in target]
            static = TensorShape(target)
    return _sparse(op._outputs[0], sp.values, op._outputs[1], static)


def sparse_transpose(sp_input, perm=None, name=None):
    """The SparseTensor with its dimensions permuted (reversed by default), entries in row-major order.

    >>> tf.sparse.transpose(sp)          # a [3, 4] SparseTensor becomes [4, 3]
    """
    sp = as_sparse(sp_input)
    g = sp.graph
    with g.as_default(), g.name_scope(name or "SparseTranspose"):
        static = sp.shape
        if perm is None:
            rank = _rank_of(sp.indices, sp.dense_shape)
            if rank is None:
                raise ValueError("sparse.transpose needs a known rank to reverse the dimensions; pass perm=")
            perm = list(range(rank - 1, -1, -1))
        perm_t = convert_to_tensor(perm, dtype=dtypes.int64, name="perm")
        indices = gather(sp.indices, perm_t, axis=1)
        dense_shape = gather(sp.dense_shape, perm_t)
        fixed = constant_value(perm_t)
        if fixed is not None and static.ndims is not None:
            static = TensorShape([static.as_list()[int(p)] for p in fixed])
        return sparse_reorder(_sparse(indices, sp.values, dense_shape, static))


def sparse_concat(axis, sp_inputs, name=None, expand_nonconcat_dim=False, concat_dim=None, expand_nonconcat_dims=None):
    """The SparseTensors joined along `axis` (their other dimensions equal, or the largest with
    expand_nonconcat_dim=True), entries in row-major order.

    >>> tf.sparse_concat(1, [sp_a, sp_b])         # [3, 4] and [3, 2] give [3, 6]
    """
    from .concat_ops import concat, stack
    from .math_ops import add, cast, equal
    from .reduction_ops import reduce_max
    from .scan_ops import cumsum
    axis = concat_dim if concat_dim is not None else axis
    expand = expand_nonconcat_dims if expand_nonconcat_dims is not None else expand_nonconcat_dim
    sps = [as_sparse(s, "sp_inputs") for s in sp_inputs]
    if not sps:
        raise ValueError("sparse_concat needs at least one SparseTensor")
    rank = _rank_of(sps[0].indices, sps[0].dense_shape)
    if rank is None:
        raise ValueError("sparse_concat needs SparseTensors of known rank")
    axis = int(axis) + rank if int(axis) < 0 else int(axis)
    statics = [s.shape for s in sps]
    for s in statics[1:]:
        for d in range(rank):
            a, b = statics[0].as_list()[d] if statics[0].ndims else None, s.as_list()[d] if s.ndims else None
            if d != axis and not expand and a is not None and b is not None and a != b:
                raise ValueError(f"sparse_concat: the SparseTensors' dense shapes {statics[0]} and {s} differ in "
                                 f"dimension {d}, which is not the concat axis {axis} (pass expand_nonconcat_dim=True "
                                 f"to take the largest)")
    g = sps[0].graph
    with g.as_default(), g.name_scope(name or "SparseConcat"):
        shapes = stack([s.dense_shape for s in sps])
        lengths = shapes[:, axis]
        offsets = cumsum(lengths, exclusive=True)
        unit = cast(equal(range_(rank, dtype=dtypes.int64), axis), dtypes.int64)
        indices = concat([add(s.indices, offsets[k] * unit) for k, s in enumerate(sps)], 0)
        values = concat([s.values for s in sps], 0)
        dense_shape = add(reduce_max(shapes, axis=0) * (1 - unit), reduce_sum(lengths) * unit)
        static = None
        if all(s.ndims is not None for s in statics):
            dims = []
            for d in range(rank):
                col = [s.as_list()[d] for s in statics]
                if any(c is None for c in col):
                    dims.append(None)
                else:
                    dims.append(sum(col) if d == axis else max(col))
            static = TensorShape(dims)
        return sparse_reorder(_sparse(indices, values, dense_shape, static))


def sparse_retain(sp_input, to_retain):
    """The entries whose `to_retain` flag is true (a bool vector, one per entry), in their order.

    >>> tf.sparse_retain(sp, tf.not_equal(sp.values, 0))
    """
    from .where_op import true_coordinates
    from .shape_ops import reshape
    sp = as_sparse(sp_input)
    g = sp.graph
    with g.as_default():
        keep = convert_to_tensor(to_retain, dtype=dtypes.bool)
        if keep.shape.ndims not in (None, 1):
            raise ValueError(f"sparse_retain: to_retain must be a vector, got shape {keep.shape}")
        n = sp.values.shape._dims[0] if sp.values.shape.ndims == 1 else None
        if n is not None and keep.shape._dims[0] is not None and keep.shape._dims[0] != n:
            raise ValueError(f"sparse_retain: to_retain has {keep.shape._dims[0]} flags but the SparseTensor has {n} "
                             f"entries")
        where = reshape(true_coordinates(keep), [-1])
        return _sparse(gather(sp.indices, where), gather(sp.values, where), sp.dense_shape, sp.shape)


def sparse_slice(sp_input, start, size, name=None):
    """The entries inside the box [start, start + size) (clipped to the dense shape), shifted to start at 0.

    >>> tf.sparse_slice(sp, [0, 0], [2, 2])
    """
    from .math_ops import greater_equal, less, logical_and, maximum, minimum
    from .reduction_ops import reduce_all
    from .shape_ops import reshape
    from .where_op import true_coordinates
    sp = as_sparse(sp_input)
    g = sp.graph
    with g.as_default(), g.name_scope(name or "SparseSlice"):
        begin = convert_to_tensor(start, dtype=dtypes.int64, name="start")
        length = convert_to_tensor(size, dtype=dtypes.int64, name="size")
        end = minimum(begin + length, sp.dense_shape)
        inside = reduce_all(logical_and(greater_equal(sp.indices, begin), less(sp.indices, end)), axis=1)
        where = reshape(true_coordinates(inside), [-1])
        dense_shape = maximum(end - begin, 0)
        return _sparse(gather(sp.indices, where) - begin, gather(sp.values, where), dense_shape)


def sparse_fill_empty_rows(sp_input, default_value, name=None):
    """(SparseTensor, empty_row_indicator): every empty row gets the entry [row, 0, ...] = default_value;
    rows come in order, a row's entries keep their order.

    >>> filled, was_empty = tf.sparse_fill_empty_rows(sp_ids, 0)
    """
    sp = as_sparse(sp_input)
    g = sp.graph
    with g.as_default(), g.name_scope(name or "SparseFillEmptyRows"):
        default = convert_to_tensor(default_value, dtype=sp.dtype, name="default_value")
        op = g.create_op("SparseFillEmptyRows", (sp.indices, sp.values, sp.dense_shape, default), None,
                         "SparseFillEmptyRows")
    return _sparse(op._outputs[0], op._outputs[1], sp.dense_shape, sp.shape), op._outputs[2]
