"""tf.nn.embedding_lookup: rows of an embedding matrix picked by id (its gradient is dense)."""
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
