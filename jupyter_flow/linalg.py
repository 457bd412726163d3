"""tf.linalg: TF1's linear-algebra namespace (re-exports only; the ops live in jupyter_flow/ops/).

Not here (yet): the LinearOperator classes, expm / logm / sqrtm, lu / lu_solve / lu_matrix_inverse /
lu_reconstruct, eigh_tridiagonal, the tridiagonal_* ops and tf.linalg.experimental.

    >>> x = tf.linalg.solve(a, b)
    >>> s, u, v = tf.linalg.svd(a)
"""
from .ops.clip_norm_ops import global_norm  # noqa: F401
from .ops.einsum_ops import einsum, tensordot  # noqa: F401
from .ops.linalg_compositions import (adjoint, cholesky_solve, logdet, matrix_rank, matrix_transpose,  # noqa: F401
                                      matvec, normalize, pinv)
from .ops.linalg_compositions import matrix_set_diag as set_diag  # noqa: F401
from .ops.linalg_compositions import matrix_solve_ls as lstsq  # noqa: F401
from .ops.linalg_compositions import matrix_transpose as transpose  # noqa: F401 - not tf.transpose
from .ops.linalg_decomposition_ops import cholesky, cross, qr, svd  # noqa: F401
from .ops.linalg_decomposition_ops import log_matrix_determinant as slogdet  # noqa: F401
from .ops.linalg_decomposition_ops import matrix_determinant as det  # noqa: F401
from .ops.linalg_decomposition_ops import matrix_solve as solve  # noqa: F401
from .ops.linalg_decomposition_ops import matrix_triangular_solve as triangular_solve  # noqa: F401
from .ops.linalg_decomposition_ops import self_adjoint_eig as eigh  # noqa: F401
from .ops.linalg_decomposition_ops import self_adjoint_eigvals as eigvalsh  # noqa: F401
from .ops.linalg_ops import matmul  # noqa: F401
from .ops.linalg_ops import matrix_inverse as inv  # noqa: F401
from .ops.matrix_construction_ops import eye, trace  # noqa: F401
from .ops.matrix_construction_ops import diag as tensor_diag  # noqa: F401
from .ops.matrix_construction_ops import diag_part as tensor_diag_part  # noqa: F401
from .ops.matrix_construction_ops import matrix_band_part as band_part  # noqa: F401
from .ops.matrix_construction_ops import matrix_diag as diag  # noqa: F401
from .ops.matrix_construction_ops import matrix_diag_part as diag_part  # noqa: F401
from .ops.norm_ops import norm  # noqa: F401
from .ops.normalization_ops import l2_normalize  # noqa: F401
