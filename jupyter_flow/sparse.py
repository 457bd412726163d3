"""tf.sparse: the SparseTensor helpers TF1 programs use (to_dense so far)."""
from .framework.sparse_tensor import SparseTensor, SparseTensorValue  # noqa: F401
from .ops.sparse_ops import to_dense  # noqa: F401
