"""Linear algebra built from other ops, as TF1 builds it: matrix transposes and adjoints over the last two
dimensions, matrix_set_diag, cholesky_solve, matrix_solve_ls (least squares), logdet, matvec, pinv,
matrix_rank and normalize. Their gradients follow from the ops they are made of.

    >>> x = tf.cholesky_solve(tf.cholesky(a), b)     # a @ x == b for a positive-definite a
    >>> tf.matrix_transpose(batch)                   # [..., N, M] from [..., M, N]
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import name_scope
from .array_ops import where
from .constant_op import constant, convert_to_tensor
from .linalg_decomposition_ops import cholesky, matrix_triangular_solve, svd
from .linalg_ops import matmul, transpose


def _known_rank(t, what):
    if t.shape.ndims is None:
        raise ValueError(f"{what} needs the rank of '{t.name}' to be known when the graph is built; give the "
                         "placeholder a shape (its sizes may be None)")
    return t.shape.ndims


def _matrix_size(t, axis, what):
    v = t.shape[axis].value if t.shape.ndims else None
    if v is None:
        raise ValueError(f"{what} needs the matrix size (dimension {axis}) of '{t.name}' to be known when the graph "
                         f"is built, got shape {t.shape}")
    return v


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Transpose the last two dimensions of a [..., M, N] (tf.linalg.matrix_transpose / tf.linalg.transpose).

    >>> tf.matrix_transpose(tf.zeros([2, 3, 4])).shape     # (2, 4, 3)
    """
    with name_scope(name):
        t = convert_to_tensor(a, name="a")
        rank = _known_rank(t, "matrix_transpose")
        if rank < 2:
            raise ValueError(f"matrix_transpose needs a matrix or a batch of matrices (rank >= 2), got '{t.name}' "
                             f"of shape {t.shape}")
        return transpose(t, list(range(rank - 2)) + [rank - 1, rank - 2])


def adjoint(matrix, name=None):
    """The conjugate transpose of the last two dimensions (for real matrices, matrix_transpose).

    >>> tf.linalg.adjoint(a)
    """
    return matrix_transpose(matrix, name=name or "adjoint", conjugate=True)


def eye_like(t):
    """The identity matrix [N, N] of t's dtype, N the size of t's last dimension."""
    from .matrix_construction_ops import eye
    from .shape_ops import shape
    n = t.shape[-1].value if t.shape.ndims else None
    return eye(n if n is not None else shape(t)[-1], dtype=t.dtype)


def matrix_set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT"):  # noqa: A002
    """input [..., M, N] with its main diagonals replaced by diagonal [..., min(M, N)] (tf.linalg.set_diag).

    >>> tf.matrix_set_diag(tf.zeros([2, 2]), [1.0, 2.0])     # [[1., 0.], [0., 2.]]
    """
    if k != 0:
        raise NotImplementedError(f"matrix_set_diag supports only the main diagonal (k=0) here, got k={k!r}")
    from .shape_ops import expand_dims
    with name_scope(name):
        x = convert_to_tensor(input, name="input")
        d = convert_to_tensor(diagonal, dtype=x.dtype, name="diagonal")
        m, n = _matrix_size(x, -2, "matrix_set_diag"), _matrix_size(x, -1, "matrix_set_diag")
        if d.shape.ndims is not None and x.shape.ndims is not None and (
                d.shape.ndims != x.shape.ndims - 1 or d.shape[-1].value not in (None, min(m, n))):
            raise ValueError(f"matrix_set_diag: diagonal '{d.name}' of shape {d.shape} does not fit input '{x.name}' "
                             f"of shape {x.shape}: it must be the input's batch shape followed by min(M, N) = "
                             f"{min(m, n)}")
        # [..., i, j] = d[..., i] (M <= N) or d[..., j] (M > N): on the diagonal both are d[..., i].
        values = expand_dims(d, -1) if m <= n else expand_dims(d, -2)
        return where(constant(np.eye(m, n, dtype=bool), name="diagonal_mask"), values, x)


def cholesky_solve(chol, rhs, name=None):
    """X with A X = rhs, given chol = tf.cholesky(A) [..., N, N] and rhs [..., N, K] (tf.linalg.cholesky_solve).

    >>> x = tf.cholesky_solve(tf.cholesky(a), b)
    """
    with name_scope(name or "cholesky_solve"):
        y = matrix_triangular_solve(chol, rhs, lower=True, adjoint=False)
        return matrix_triangular_solve(chol, y, lower=True, adjoint=True)


def matrix_solve_ls(matrix, rhs, l2_regularizer=0.0, fast=True, name=None):
    """The least-squares solutions X of matrix [..., M, N] @ X = rhs [..., M, K], minimising
    ||matrix X - rhs||^2 + l2_regularizer ||X||^2 (tf.linalg.lstsq).

    fast=True solves the normal equations by Cholesky, as TF1 (full-rank matrices); fast=False uses the
    SVD and gives the minimum-norm solution of rank-deficient matrices too.

    >>> theta = tf.matrix_solve_ls(X, y)
    """
    with name_scope(name or "matrix_solve_ls"):
        a = convert_to_tensor(matrix, name="matrix")
        b = convert_to_tensor(rhs, dtype=a.dtype, name="rhs")
        m, n = _matrix_size(a, -2, "matrix_solve_ls"), _matrix_size(a, -1, "matrix_solve_ls")
        reg = convert_to_tensor(l2_regularizer, dtype=a.dtype, name="l2_regularizer")
        if not fast:
            return _solve_ls_by_svd(a, b, reg, l2_regularizer)
        if m >= n:  # overdetermined: (A^T A + reg I) X = A^T b
            gramian = matmul(a, a, adjoint_a=True)
            if not _is_zero(l2_regularizer):
                gramian = gramian + reg * eye_like(gramian)
            return cholesky_solve(cholesky(gramian), matmul(a, b, adjoint_a=True))
        gramian = matmul(a, a, adjoint_b=True)  # underdetermined: X = A^T (A A^T + reg I)^-1 b
        if not _is_zero(l2_regularizer):
            gramian = gramian + reg * eye_like(gramian)
        return matmul(a, cholesky_solve(cholesky(gramian), b), adjoint_a=True)


def _is_zero(v):
    return isinstance(v, (int, float, np.number)) and float(v) == 0.0


def _solve_ls_by_svd(a, b, reg, l2_regularizer):
    from .math_ops import reciprocal
    from .shape_ops import expand_dims
    s, u, v = svd(a)
    if _is_zero(l2_regularizer):
        factors = _safe_reciprocal(s, _cutoff(s, a))
    else:
        factors = s * reciprocal(s * s + reg)
    return matmul(v, expand_dims(factors, -1) * matmul(u, b, adjoint_a=True))


def _cutoff(s, a, rcond=None):
    """Singular values at or below this are treated as zero: rcond * max(s), rcond = 10 * max(M, N) * eps
    by default (TF1's pinv)."""
    from .reduction_ops import reduce_max
    from .shape_ops import expand_dims
    if rcond is None:
        m, n = (a.shape[-2].value or 1), (a.shape[-1].value or 1)
        rcond = 10.0 * max(m, n) * float(np.finfo(a.dtype.as_numpy_dtype).eps)
    return expand_dims(rcond * reduce_max(s, axis=-1), -1)


def _safe_reciprocal(s, cutoff):
    from .array_ops import ones_like, zeros_like
    keep = s > cutoff
    return where(keep, 1.0 / where(keep, s, ones_like(s)), zeros_like(s))


def pinv(a, rcond=None, validate_args=False, name=None):
    """The Moore-Penrose pseudo-inverse [..., N, M] of matrices [..., M, N], from their SVD; singular values
    at or below rcond * max(s) count as zero (rcond defaults to 10 * max(M, N) * eps).

    >>> tf.linalg.pinv(a)
    """
    from .shape_ops import expand_dims
    with name_scope(name or "pinv"):
        t = convert_to_tensor(a, name="a")
        s, u, v = svd(t)
        factors = _safe_reciprocal(s, _cutoff(s, t, rcond))
        return matmul(v * expand_dims(factors, -2), u, adjoint_b=True)


def matrix_rank(a, tol=None, validate_args=False, name=None):
    """The number of singular values above tol (default max(s) * max(M, N) * eps) of matrices [..., M, N].

    >>> tf.linalg.matrix_rank(tf.ones([3, 3]))     # 1
    """
    from .math_ops import cast
    from .reduction_ops import reduce_max, reduce_sum
    from .shape_ops import expand_dims
    with name_scope(name or "matrix_rank"):
        t = convert_to_tensor(a, name="a")
        s = svd(t, compute_uv=False)
        if tol is None:
            m, n = (t.shape[-2].value or 1), (t.shape[-1].value or 1)
            limit = expand_dims(reduce_max(s, axis=-1), -1) * (max(m, n) * float(np.finfo(t.dtype.as_numpy_dtype).eps))
        else:
            limit = convert_to_tensor(tol, dtype=t.dtype, name="tol")
        return reduce_sum(cast(s > limit, dtypes.int32), axis=-1)


def logdet(matrix, name=None):
    """log(det(matrix)) of Hermitian positive-definite matrices, via Cholesky: 2 * sum(log(diag(L))).

    >>> tf.linalg.logdet(cov)
    """
    from .math_ops import log
    from .matrix_construction_ops import matrix_diag_part
    from .reduction_ops import reduce_sum
    with name_scope(name or "logdet"):
        chol = cholesky(convert_to_tensor(matrix, name="matrix"))
        return 2.0 * reduce_sum(log(matrix_diag_part(chol)), axis=-1)


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False, name=None):
    """Matrices [..., M, N] times vectors [..., N]: [..., M] (tf.linalg.matvec).

    >>> tf.linalg.matvec(a, x)
    """
    from .shape_ops import expand_dims, squeeze
    with name_scope(name or "MatVec"):
        tb = convert_to_tensor(b, name="b")
        return squeeze(matmul(a, expand_dims(tb, -1), transpose_a=transpose_a, adjoint_a=adjoint_a), axis=[-1])


def normalize(tensor, ord="euclidean", axis=None, name=None):  # noqa: A002 - TF's argument name
    """(tensor / norm, norm) with the norm kept over `axis` (tf.linalg.normalize).

    >>> unit, length = tf.linalg.normalize(v)
    """
    from .norm_ops import norm
    with name_scope(name or "normalize"):
        t = convert_to_tensor(tensor, name="tensor")
        n = norm(t, ord=ord, axis=axis, keepdims=True)
        return t / n, n
