"""tf.sparse_tensor_to_dense / tf.sparse.to_dense: a SparseTensor's values placed in a dense tensor of its
dense_shape, `default_value` elsewhere (a fill, then a scatter of the values, so it is differentiable in the
values as TF1's SparseToDense is)."""
from ..framework.sparse_tensor import SparseTensor
from .array_ops import fill
from .constant_op import convert_to_tensor
from .scatter_ops import tensor_scatter_nd_update


def sparse_tensor_to_dense(sp_input, default_value=None, validate_indices=True, name=None):
    """The dense tensor of `sp_input` (TF1 fills unset entries with 0, or "" for strings).

    >>> words = tf.sparse_tensor_to_dense(tf.string_split(lines), default_value="")
    """
    if not isinstance(sp_input, SparseTensor):
        raise TypeError(f"sparse_tensor_to_dense expects a tf.SparseTensor, got {type(sp_input).__name__}; a "
                        f"dense tensor needs no conversion.")
    g = sp_input.graph
    with g.as_default(), g.name_scope(name or "SparseToDense"):
        dtype = sp_input.dtype
        if default_value is None:
            default_value = "" if dtype.name == "string" else 0
        default = convert_to_tensor(default_value, dtype=dtype, name="default_value")
        return tensor_scatter_nd_update(fill(sp_input.dense_shape, default), sp_input.indices, sp_input.values)


to_dense = sparse_tensor_to_dense
