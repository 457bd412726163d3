"""tf.nn.embedding_lookup (rows of an embedding matrix picked by id; its gradient is dense) and the
sparse lookups tf.nn.embedding_lookup_sparse / safe_embedding_lookup_sparse (rows combined per example)."""
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .indexing_ops import gather


def embedding_lookup(params, ids, partition_strategy="mod", name=None, validate_indices=True, max_norm=None):
    """The rows of `params` at `ids` (any shape of ids: the result has shape ids.shape + row shape).

    >>> embeddings = tf.Variable(tf.random_uniform([vocabulary_size, 64], -1.0, 1.0))
    >>> embed = tf.nn.embedding_lookup(embeddings, train_inputs)
    """
    if isinstance(params, (list, tuple)):
        if len(params) != 1:
            raise NotImplementedError("embedding_lookup over a partitioned (list of several) params is not supported; "
                                      "pass one embedding matrix")
        params = params[0]
    if max_norm is not None:
        raise NotImplementedError("embedding_lookup(max_norm=...) is not supported")
    return gather(params, convert_to_tensor(ids), name=name or "embedding_lookup")


def _combine(rows, segment_ids, num, weights, combiner):
    """TF1's combiners over the looked-up rows of each example (weights None: each row counts 1)."""
    from .math_ops import multiply, sqrt
    from .math_ops_more import div_no_nan
    from .array_ops import ones_like
    from .indexing_ops import unsorted_segment_sum
    from .shape_ops import reshape
    rank = rows.shape.ndims
    w = ones_like(segment_ids, dtype=rows.dtype) if weights is None else weights
    if weights is not None:
        rows = multiply(rows, reshape(w, [-1] + [1] * ((rank or 2) - 1)))
    total = unsorted_segment_sum(rows, segment_ids, num)
    if combiner == "sum":
        return total
    scale = unsorted_segment_sum(w if combiner == "mean" else w * w, segment_ids, num)
    if combiner == "sqrtn":
        scale = sqrt(scale)
    return div_no_nan(total, reshape(scale, [-1] + [1] * ((rank or 2) - 1)))


def embedding_lookup_sparse(params, sp_ids, sp_weights, partition_strategy="mod", name=None, combiner=None,
                            max_norm=None, allow_fast_lookup=False):
    """Per example (row of sp_ids), the combination of the embedding rows of its ids: "sum", "mean"
    (weighted mean, TF1's default) or "sqrtn" (sum over the root of the summed squared weights). The result
    has one row per example up to the last example with an id; gradients reach only the looked-up rows.

    >>> embedded = tf.nn.embedding_lookup_sparse(embeddings, sp_word_ids, None, combiner="mean")
    """
    from ..framework import dtypes
    from ..framework.sparse_tensor import as_sparse
    from .concat_ops import concat
    from .math_ops import cast
    from .reduction_ops import reduce_max
    from .unique_ops import unique
    if combiner is None:
        combiner = "mean"
    if combiner not in ("mean", "sqrtn", "sum"):
        raise ValueError(f"combiner must be one of 'mean', 'sqrtn' or 'sum', got {combiner!r}")
    ids_sp = as_sparse(sp_ids, "sp_ids")
    weights_sp = None if sp_weights is None else as_sparse(sp_weights, "sp_weights")
    g = ids_sp.graph
    with g.as_default(), g.name_scope(name or "embedding_lookup_sparse"):
        segment_ids = cast(ids_sp.indices[:, 0], dtypes.int32)
        num = reduce_max(concat([[-1], segment_ids], 0)) + 1
        ids, idx = unique(ids_sp.values)
        rows = gather(embedding_lookup(params, ids, partition_strategy, max_norm=max_norm), idx)
        weights = None if weights_sp is None else weights_sp.values
        if weights is not None and weights.dtype != rows.dtype:
            raise TypeError(f"embedding_lookup_sparse: sp_weights are {weights.dtype.name} but params are "
                            f"{rows.dtype.name}")
        return _combine(rows, segment_ids, num, weights, combiner)


def safe_embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights=None, combiner="mean",
                                 default_id=None, name=None, partition_strategy="div", max_norm=None,
                                 allow_fast_lookup=False):
    """embedding_lookup_sparse that tolerates bad input, as TF1's: ids < 0 (and, unless combiner="sum",
    weights <= 0) are dropped, an example with no id gives zeros (or the row of default_id), every example
    gets a row, and ids of rank > 2 give a result of shape dense_shape[:-1] + embedding shape.

    >>> embedded = tf.nn.safe_embedding_lookup_sparse(embeddings, sp_ids, sp_weights, combiner="sum")
    """
    from ..framework import dtypes
    from ..framework.sparse_tensor import SparseTensor, as_sparse
    from .array_ops import where, zeros_like
    from .concat_ops import concat, stack
    from .math_ops import cast, greater, greater_equal
    from .reduction_ops import reduce_prod
    from .shape_ops import reshape, shape, tile
    from .sparse_ops import static_dims
    from .sparse_reshaping_ops import sparse_fill_empty_rows, sparse_reshape, sparse_retain
    ids_sp = as_sparse(sparse_ids, "sparse_ids")
    weights_sp = None if sparse_weights is None else as_sparse(sparse_weights, "sparse_weights")
    g = ids_sp.graph
    with g.as_default(), g.name_scope(name or "embedding_lookup"):
        original_shape = ids_sp.dense_shape
        rank = (original_shape.shape._dims or [None])[0]
        if rank is None:
            raise ValueError("safe_embedding_lookup_sparse needs sparse_ids of known rank")
        outer = original_shape[:rank - 1]
        ids_sp = sparse_reshape(ids_sp, stack([reduce_prod(outer), original_shape[rank - 1]]))
        if weights_sp is not None:
            weights_sp = SparseTensor(ids_sp.indices, weights_sp.values, ids_sp.dense_shape)
        valid = greater_equal(ids_sp.values, 0)
        if weights_sp is not None and combiner != "sum":
            from .math_ops import logical_and
            valid = logical_and(valid, greater(weights_sp.values, 0))
        ids_sp = sparse_retain(ids_sp, valid)
        if weights_sp is not None:
            weights_sp = sparse_retain(weights_sp, valid)
        ids_sp, is_row_empty = sparse_fill_empty_rows(ids_sp, default_id or 0)
        if weights_sp is not None:
            weights_sp, _ = sparse_fill_empty_rows(weights_sp, 1.0)
        result = embedding_lookup_sparse(embedding_weights, ids_sp, weights_sp, combiner=combiner,
                                         partition_strategy=partition_strategy, max_norm=max_norm)
        if default_id is None:
            empty = tile(reshape(is_row_empty, [-1, 1]), stack([1, shape(result)[1]]))
            result = where(empty, zeros_like(result), result)
        out = reshape(result, concat([cast(outer, dtypes.int32), shape(result)[1:]], 0))
        known = static_dims(original_shape)
        lead = known.as_list()[:rank - 1] if known.ndims == rank else [None] * (rank - 1)
        out._shape = out._shape.merge_with(TensorShape(lead + result.shape.as_list()[1:])) \
            if result.shape.ndims is not None else out._shape
        return out
