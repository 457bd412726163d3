"""tf.saved_model.utils: a tensor <-> the TensorInfo a SignatureDef names it with.

    >>> info = tf.saved_model.utils.build_tensor_info(x)        # name "x:0", dtype, shape
    >>> tf.saved_model.utils.get_tensor_from_tensor_info(info)   # x again, looked up by name
"""
from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.sparse_tensor import SparseTensor
from ..summary.proto_dtypes import data_type
from ..summary.tensor_proto import shape_proto
from .protos import TensorInfo


def build_tensor_info(tensor):
    """The TensorInfo of `tensor` (a Tensor, a Variable or a SparseTensor): its name, dtype and shape.

    >>> tf.saved_model.utils.build_tensor_info(x).name
    'x:0'
    """
    if isinstance(tensor, SparseTensor):
        info = TensorInfo(dtype=data_type(tensor.values.dtype.name), tensor_shape=shape_proto(_sparse_shape(tensor)))
        info.coo_sparse.values_tensor_name = tensor.values.name
        info.coo_sparse.indices_tensor_name = tensor.indices.name
        info.coo_sparse.dense_shape_tensor_name = tensor.dense_shape.name
        return info
    if not hasattr(tensor, "dtype") or not hasattr(tensor, "name") or not hasattr(tensor, "shape"):
        raise TypeError(f"build_tensor_info expects a Tensor, a Variable or a SparseTensor, got {tensor!r}.")
    return TensorInfo(name=tensor.name, dtype=data_type(dtypes.as_dtype(tensor.dtype).name),
                      tensor_shape=shape_proto(tensor.shape))


def _sparse_shape(sparse):
    """The dense shape of `sparse` when it is a constant (a list, None for unknown sizes), else its rank."""
    from ..framework.tensor_util import get_static_value
    value = get_static_value(sparse.dense_shape)
    if value is not None:
        return [int(n) for n in value]
    rank = sparse.dense_shape.shape[0].value if sparse.dense_shape.shape.ndims == 1 else None
    return None if rank is None else [None] * rank


def get_tensor_from_tensor_info(tensor_info, graph=None, import_scope=None):
    """The Tensor (or SparseTensor) of `graph` (default: the default graph) that `tensor_info` names.

    >>> x = tf.saved_model.utils.get_tensor_from_tensor_info(meta.signature_def["serving_default"].inputs["x"])
    """
    graph = graph if graph is not None else get_default_graph()

    def tensor(name):
        return graph.get_tensor_by_name(f"{import_scope}/{name}" if import_scope else name)

    encoding = tensor_info.WhichOneof("encoding")
    if encoding == "name":
        return tensor(tensor_info.name)
    if encoding == "coo_sparse":
        sparse = tensor_info.coo_sparse
        return SparseTensor(tensor(sparse.indices_tensor_name), tensor(sparse.values_tensor_name),
                            tensor(sparse.dense_shape_tensor_name))
    raise ValueError(f"Invalid TensorInfo.encoding: {encoding} (a TensorInfo names a tensor or a sparse tensor).")
