"""Arithmetic on SparseTensors, as TF1's: tf.sparse_tensor_dense_matmul, sparse_reduce_sum(_sparse),
sparse_add (sparse + dense, sparse + sparse), sparse_softmax, sparse_maximum/minimum.

SparseTensorDenseMatMul, SparseAdd(+Grad), SparseSoftmax and SparseSparseMaximum/Minimum are C++ kernels
(src_cpp/kernels/sparse.cc, sparse_merge.cc); the reductions are segment sums over the entries.
"""
from ..framework import dtypes
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.sparse_tensor import SparseTensor, as_sparse, is_sparse
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .indexing_ops import gather, unsorted_segment_sum
from .linalg_compositions import matrix_transpose
from .reduction_ops import reduce_sum
from .sparse_ops import static_dims


def _matmul_infer(inputs, attrs):
    _, values, a_shape, b = inputs
    if values._dtype != b._dtype:
        raise TypeError(f"SparseTensorDenseMatMul: a's values are {values._dtype.name} but b is {b._dtype.name}")
    a_dims = static_dims(a_shape)
    if b._shape.ndims not in (None, 2):
        raise ValueError(f"SparseTensorDenseMatMul: b must be a matrix, got shape {b._shape._bracket_str()}")
    a = a_dims.as_list() if a_dims.ndims == 2 else [None, None]
    bd = b._shape.as_list() if b._shape.ndims == 2 else [None, None]
    if attrs["adjoint_a"]:
        a = a[::-1]
    if attrs["adjoint_b"]:
        bd = bd[::-1]
    if a[1] is not None and bd[0] is not None and a[1] != bd[0]:
        raise ValueError(f"SparseTensorDenseMatMul: cannot multiply a sparse [{a[0]}, {a[1]}] by a dense "
                         f"[{bd[0]}, {bd[1]}] (after the adjoints): inner dimensions differ")
    return [(b._dtype, TensorShape([a[0], bd[1]]))]


def _entries_infer(inputs, attrs):
    indices, values = inputs[0], inputs[1]
    rank = indices._shape._dims[1] if indices._shape.ndims == 2 else None
    return [(dtypes.int64, TensorShape([None, rank])), (values._dtype, TensorShape([None]))]


def _add_infer(inputs, attrs):
    if inputs[1]._dtype != inputs[4]._dtype:
        raise TypeError(f"SparseAdd: the operands' values are {inputs[1]._dtype.name} and {inputs[4]._dtype.name}")
    return _entries_infer(inputs, attrs) + [(dtypes.int64, inputs[2]._shape)]


def _add_grad_infer(inputs, attrs):
    grad, a_indices, b_indices, _ = inputs
    return [(grad._dtype, TensorShape([a_indices._shape._dims[0] if a_indices._shape.ndims == 2 else None])),
            (grad._dtype, TensorShape([b_indices._shape._dims[0] if b_indices._shape.ndims == 2 else None]))]


def _softmax_infer(inputs, attrs):
    values = inputs[1]
    if not values._dtype.is_floating:
        raise TypeError(f"SparseSoftmax needs float values, got {values._dtype.name}")
    return [(values._dtype, values._shape)]


define_op("SparseTensorDenseMatMul", infer=_matmul_infer)
define_op("SparseAdd", infer=_add_infer)
define_op("SparseAddGrad", infer=_add_grad_infer)
define_op("SparseSoftmax", infer=_softmax_infer)
define_op("SparseSparseMaximum", infer=_entries_infer)
define_op("SparseSparseMinimum", infer=_entries_infer)
not_differentiable("SparseAddGrad", "SparseSparseMaximum", "SparseSparseMinimum")


@register_gradient("SparseTensorDenseMatMul")
def _sparse_dense_matmul_grad(op, grad):
    indices, values, a_shape, b = op.inputs
    adj_a, adj_b = op.get_attr("adjoint_a"), op.get_attr("adjoint_b")
    b_grad = op.graph.create_op("SparseTensorDenseMatMul", (indices, values, a_shape, grad),
                                {"adjoint_a": not adj_a, "adjoint_b": False}, "SparseTensorDenseMatMulGrad")._outputs[0]
    if adj_b:
        b_grad = matrix_transpose(b_grad)
    rows, cols = indices[:, 0], indices[:, 1]
    if adj_a:
        rows, cols = cols, rows
    b_rows = gather(matrix_transpose(b) if adj_b else b, cols)
    values_grad = reduce_sum(gather(grad, rows) * b_rows, axis=1)
    return [None, values_grad, None, b_grad]


@register_gradient("SparseAdd")
def _sparse_add_grad(op, _, values_grad, unused):
    a_indices, b_indices = op.inputs[0], op.inputs[3]
    g = op.graph.create_op("SparseAddGrad", (values_grad, a_indices, b_indices, op.outputs[0]), None, "SparseAddGrad")
    return [None, g._outputs[0], None, None, g._outputs[1], None, None]


@register_gradient("SparseSoftmax")
def _sparse_softmax_grad(op, grad):
    indices, _, dense_shape = op.inputs
    y = op.outputs[0]
    per_row = _segment_sums(grad * y, indices, dense_shape, [-1], keep_entries=True)
    return [None, (grad - per_row) * y, None]


def sparse_tensor_dense_matmul(sp_a, b, adjoint_a=False, adjoint_b=False, name=None):
    """op(sp_a) @ op(b) as a dense matrix, sp_a a sparse [m, k] matrix (op = conjugate transpose when the
    adjoint flag is set); differentiable in sp_a's values and in b.

    >>> logits = tf.sparse_tensor_dense_matmul(x_bag_of_words, W) + b
    """
    sp = as_sparse(sp_a, "sp_a")
    g = sp.graph
    with g.as_default(), g.name_scope(name or "SparseTensorDenseMatMul") as scope:
        dense = convert_to_tensor(b, dtype=sp.dtype, name="b")
        out = g.create_op("SparseTensorDenseMatMul", (sp.indices, sp.values, sp.dense_shape, dense),
                          {"adjoint_a": bool(adjoint_a), "adjoint_b": bool(adjoint_b)}, scope)._outputs[0]
    static = sp.shape
    if static.ndims == 2 and out._shape.ndims == 2:
        m = static.as_list()[1 if adjoint_a else 0]
        if m is not None and out._shape._dims[0] is None:
            out._shape = TensorShape([m, out._shape._dims[1]])
    return out


def _axes(axis, rank, op_name):
    if rank is None:
        raise ValueError(f"{op_name} with an axis needs a SparseTensor of known rank")
    axes = [axis] if isinstance(axis, int) else [int(a) for a in axis]
    out = []
    for a in axes:
        if not -rank <= a < rank:
            raise ValueError(f"{op_name}: axis {a} is out of range for a SparseTensor of rank {rank}")
        out.append(a % rank)
    return sorted(set(out))


def _rank(sp):
    cols = sp.indices.shape._dims[1] if sp.indices.shape.ndims == 2 else None
    return cols if cols is not None else sp.shape.ndims


def _segment_sums(values, indices, dense_shape, axis, keep_entries=False, rank=None):
    """Sums of `values` over the entries that share their coordinates outside `axis`: one per kept
    position (row-major over the kept dimensions), or (keep_entries) each entry's group sum."""
    from .math_ops import cast
    from .scan_ops import cumprod
    from .reduction_ops import reduce_prod
    rank = rank if rank is not None else indices.shape._dims[1]
    reduced = _axes(axis, rank, "sparse reduction")
    kept = [d for d in range(rank) if d not in reduced]
    if not kept:
        total = reduce_sum(values)
        return gather(total[None], cast(indices[:, 0] * 0, dtypes.int32)) if keep_entries else total
    kept_dims = gather(dense_shape, kept)
    strides = cumprod(kept_dims, exclusive=True, reverse=True)
    key = reduce_sum(gather(indices, kept, axis=1) * strides, axis=1)
    sums = unsorted_segment_sum(values, key, reduce_prod(kept_dims))
    return gather(sums, key) if keep_entries else (sums, kept_dims, reduced)


def sparse_reduce_sum(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None):
    """The dense sum of a SparseTensor's entries over `axis` (all axes by default); absent entries count 0.

    >>> tf.sparse_reduce_sum(sp, axis=1)          # one sum per row
    """
    from .concat_ops import stack
    from .shape_ops import reshape
    sp = as_sparse(sp_input)
    axis = reduction_axes if axis is None else axis
    keepdims = bool(keep_dims if keepdims is None else keepdims)
    rank = _rank(sp)
    g = sp.graph
    with g.as_default(), g.name_scope("SparseReduceSum"):
        if axis is None:
            total = reduce_sum(sp.values)
            if not keepdims:
                return total
            if rank is None:
                raise ValueError("sparse_reduce_sum(keepdims=True) needs a SparseTensor of known rank")
            return reshape(total, [1] * rank)
        sums, kept_dims, reduced = _segment_sums(sp.values, sp.indices, sp.dense_shape, axis, rank=rank)
        static = sp.shape.as_list() if sp.shape.ndims is not None else [None] * rank
        if keepdims:
            out_static = [1 if d in reduced else static[d] for d in range(rank)]
            parts = [1 if d in reduced else sp.dense_shape[d] for d in range(rank)]
        else:
            out_static = [static[d] for d in range(rank) if d not in reduced]
            parts = None
        if None not in out_static:
            return reshape(sums, out_static)
        return reshape(sums, kept_dims if parts is None else stack(parts))


def sparse_reduce_sum_sparse(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None):
    """sparse_reduce_sum as a SparseTensor (the dense result's nonzero entries)."""
    from .sparse_ops import from_dense
    return from_dense(sparse_reduce_sum(sp_input, axis, keepdims, reduction_axes, keep_dims))


def sparse_add(a, b, threshold=None, thresh=None):
    """a + b. Sparse + dense gives a dense tensor; sparse + sparse a SparseTensor whose entries at
    indices both have are kept only when |sum| >= threshold (both must be in row-major order).

    >>> tf.sparse_add(sp, tf.zeros([3, 4]))       # dense
    >>> tf.sparse_add(sp_a, sp_b)                  # sparse
    """
    from .math_ops import cast
    from .scatter_ops import tensor_scatter_nd_add
    threshold = threshold if threshold is not None else (thresh if thresh is not None else 0)
    if not is_sparse(a) and not is_sparse(b):
        raise TypeError("sparse_add: at least one of a and b must be a SparseTensor")
    if not (is_sparse(a) and is_sparse(b)):
        sp, dense = (as_sparse(a), b) if is_sparse(a) else (as_sparse(b), a)
        g = sp.graph
        with g.as_default(), g.name_scope("SparseTensorDenseAdd"):
            d = convert_to_tensor(dense, dtype=sp.dtype, name="b")
            return tensor_scatter_nd_add(d, sp.indices, sp.values)
    sa, sb = as_sparse(a, "a"), as_sparse(b, "b")
    g = sa.graph
    with g.as_default(), g.name_scope("SparseAdd") as scope:
        real = sa.dtype.real_dtype if sa.dtype.is_complex else sa.dtype
        t = cast(convert_to_tensor(threshold, name="thresh"), real)
        op = g.create_op("SparseAdd", (sa.indices, sa.values, sa.dense_shape, sb.indices, sb.values, sb.dense_shape,
                                       t), None, scope)
    out = SparseTensor(op._outputs[0], op._outputs[1], op._outputs[2])
    out._static_shape = sa.shape.merge_with(sb.shape) if sa.shape.is_compatible_with(sb.shape) else sa.shape
    return out


def sparse_softmax(sp_input, name=None):
    """Softmax over the last dimension of a SparseTensor (rank >= 2, row-major order), absent entries
    taking no part; the result has the input's indices.

    >>> tf.sparse_softmax(tf.SparseTensor([[0, 0], [0, 2], [1, 1]], [1., 2., 3.], [2, 3]))
    """
    sp = as_sparse(sp_input)
    g = sp.graph
    with g.as_default(), g.name_scope(name or "SparseSoftmax") as scope:
        values = g.create_op("SparseSoftmax", (sp.indices, sp.values, sp.dense_shape), None, scope)._outputs[0]
    out = SparseTensor(sp.indices, values, sp.dense_shape)
    out._static_shape = sp.shape
    return out


def _extremum(op_type, sp_a, sp_b, name):
    a, b = as_sparse(sp_a, "sp_a"), as_sparse(sp_b, "sp_b")
    g = a.graph
    with g.as_default(), g.name_scope(name or op_type) as scope:
        op = g.create_op(op_type, (a.indices, a.values, a.dense_shape, b.indices, b.values, b.dense_shape), None,
                         scope)
    out = SparseTensor(op._outputs[0], op._outputs[1], a.dense_shape)
    out._static_shape = a.shape
    return out


def sparse_maximum(sp_a, sp_b, name=None):
    """The element-wise maximum of two SparseTensors of one shape (an absent entry counts 0)."""
    return _extremum("SparseSparseMaximum", sp_a, sp_b, name)


def sparse_minimum(sp_a, sp_b, name=None):
    """The element-wise minimum of two SparseTensors of one shape (an absent entry counts 0)."""
    return _extremum("SparseSparseMinimum", sp_a, sp_b, name)
