"""tf.sparse: TF1's SparseTensor namespace (the same functions as the top-level tf.sparse_* names).

>>> tf.sparse.reduce_sum(tf.sparse.from_dense([[0, 2], [3, 0]]), axis=1)     # [2, 3]
"""
from .framework.sparse_tensor import SparseTensor, SparseTensorValue  # noqa: F401
from .ops.sparse_math_ops import sparse_add as add  # noqa: F401
from .ops.sparse_math_ops import sparse_maximum as maximum  # noqa: F401
from .ops.sparse_math_ops import sparse_minimum as minimum  # noqa: F401
from .ops.sparse_math_ops import sparse_reduce_sum as reduce_sum  # noqa: F401
from .ops.sparse_math_ops import sparse_reduce_sum_sparse as reduce_sum_sparse  # noqa: F401
from .ops.sparse_math_ops import sparse_softmax as softmax  # noqa: F401
from .ops.sparse_math_ops import sparse_tensor_dense_matmul as sparse_dense_matmul  # noqa: F401
from .ops.sparse_math_ops import sparse_tensor_dense_matmul as matmul  # noqa: F401
from .ops.sparse_ops import eye, from_dense, to_dense  # noqa: F401
from .ops.sparse_ops import sparse_placeholder as placeholder  # noqa: F401
from .ops.sparse_reshaping_ops import sparse_concat as concat  # noqa: F401
from .ops.sparse_reshaping_ops import sparse_fill_empty_rows as fill_empty_rows  # noqa: F401
from .ops.sparse_reshaping_ops import sparse_reorder as reorder  # noqa: F401
from .ops.sparse_reshaping_ops import sparse_reshape as reshape  # noqa: F401
from .ops.sparse_reshaping_ops import sparse_retain as retain  # noqa: F401
from .ops.sparse_reshaping_ops import sparse_slice as slice  # noqa: F401, A004
from .ops.sparse_reshaping_ops import sparse_transpose as transpose  # noqa: F401
