"""Determinants, Cholesky, linear solves, QR, SVD, symmetric eigen decompositions and the cross product:
TF1's ops over batches of matrices [..., M, N] (LAPACK kernels in src_cpp/kernels/linalg_decompositions.cc),
each with its shape rule and TF1's gradient rule (QR, SVD and eigh gradients: linalg_decomposition_grads.py).

    >>> tf.matrix_determinant([[2.0, 0.0], [0.0, 3.0]])     # 6.0
    >>> s, u, v = tf.svd(a)                                  # a == u @ diag(s) @ v^T
"""
import collections

from ..framework.op_def import define_op, register_gradient
from ..framework.shape_rules import FLOATING, NUMERIC, require_dtypes
from ..framework.tensor_shape import UNKNOWN, TensorShape
from .constant_op import convert_to_tensor
from .linalg_ops import broadcast_batch_dims, matmul, matrix_inverse


# TF1 returns these op outputs as named tuples.
LogMatrixDeterminant = collections.namedtuple("LogMatrixDeterminant", ["sign", "log_abs_determinant"])
Qr = collections.namedtuple("Qr", ["q", "r"])


def _shape(dims):
    return TensorShape._from_tuple(tuple(dims))


def _matrices(t, op_type, what="input"):
    """t's dims (a tuple with at least 2 entries) or None for an unknown rank."""
    require_dtypes(t, FLOATING, op_type)
    d = t._shape._dims
    if d is not None and len(d) < 2:
        raise ValueError(f"{op_type}: {what} '{t.name}' must be a matrix or a batch of matrices (rank >= 2), got "
                         f"shape {t._shape}")
    return d


def _square(t, op_type, what="input"):
    d = _matrices(t, op_type, what)
    if d is not None and d[-1] is not None and d[-2] is not None and d[-1] != d[-2]:
        raise ValueError(f"Dimensions must be equal, but are {d[-2]} and {d[-1]} for '{op_type}' with input shapes: "
                         f"{t._shape} ({what} '{t.name}' must hold square matrices [..., N, N])")
    return d


def _same_dtype(a, b, op_type):
    if a._dtype is not b._dtype:
        raise TypeError(f"{op_type} inputs must have the same dtype, got {a._dtype.name} ('{a.name}') and "
                        f"{b._dtype.name} ('{b.name}'); use tf.cast on one of them.")


def _merge(x, y):
    return x if y is None else y if x is None else x


# ----- determinants -----------------------------------------------------------------------------------

def _det_infer(inputs, attrs):
    t = inputs[0]
    d = _square(t, "MatrixDeterminant")
    return [(t._dtype, UNKNOWN if d is None else _shape(d[:-2]))]


def _slogdet_infer(inputs, attrs):
    t = inputs[0]
    d = _square(t, "LogMatrixDeterminant")
    s = UNKNOWN if d is None else _shape(d[:-2])
    return [(t._dtype, s), (t._dtype, s)]


define_op("MatrixDeterminant", infer=_det_infer)
define_op("LogMatrixDeterminant", infer=_slogdet_infer)


def _times_batch(scalars, matrices):
    """scalars [...] * matrices [..., N, N], each scalar scaling its matrix."""
    from .shape_ops import expand_dims
    return expand_dims(expand_dims(scalars, -1), -1) * matrices


@register_gradient("MatrixDeterminant")
def _det_grad(op, grad):
    # d det(A) / dA = det(A) A^-T
    return [_times_batch(grad * op.outputs[0], matrix_inverse(op.inputs[0], adjoint=True))]


@register_gradient("LogMatrixDeterminant")
def _slogdet_grad(op, _grad_sign, grad_log_abs):
    return [_times_batch(grad_log_abs, matrix_inverse(op.inputs[0], adjoint=True))]


def matrix_determinant(input, name=None):  # noqa: A002 - TF1's argument name
    """The determinants [...] of square matrices [..., N, N] (tf.linalg.det).

    >>> tf.matrix_determinant([[2.0, 1.0], [1.0, 2.0]])   # 3.0
    """
    t = convert_to_tensor(input, name="input")
    return t.graph.create_op("MatrixDeterminant", (t,), {}, name or "MatrixDeterminant")._outputs[0]


def log_matrix_determinant(input, name=None):  # noqa: A002
    """(sign, log|det|) of square matrices: det = sign * exp(log|det|) without overflow (tf.linalg.slogdet).

    >>> sign, log_abs = tf.linalg.slogdet(a)
    """
    t = convert_to_tensor(input, name="input")
    op = t.graph.create_op("LogMatrixDeterminant", (t,), {}, name or "LogMatrixDeterminant")
    return LogMatrixDeterminant(*op._outputs)


# ----- Cholesky and solves ----------------------------------------------------------------------------

def _cholesky_infer(inputs, attrs):
    t = inputs[0]
    _square(t, "Cholesky")
    return [(t._dtype, t._shape)]


define_op("Cholesky", infer=_cholesky_infer)


@register_gradient("Cholesky")
def _cholesky_grad(op, grad):
    # TF1's rule (Murray 2016, "Differentiation of the Cholesky decomposition"), symmetric in A.
    from .linalg_compositions import adjoint, eye_like, matrix_set_diag
    from .matrix_construction_ops import matrix_band_part, matrix_diag_part
    l_factor = op.outputs[0]
    l_inverse = matrix_triangular_solve(l_factor, eye_like(l_factor))
    middle = matmul(l_factor, grad, adjoint_a=True)
    middle = matrix_set_diag(middle, 0.5 * matrix_diag_part(middle))
    middle = matrix_band_part(middle, -1, 0)
    grad_a = matmul(matmul(l_inverse, middle, adjoint_a=True), l_inverse)
    grad_a = grad_a + adjoint(grad_a)
    return [grad_a * 0.5]


def cholesky(input, name=None):  # noqa: A002
    """The lower-triangular L with L L^T = input, for symmetric positive-definite matrices [..., N, N]; only
    the lower triangle is read. A matrix that is not positive definite is an InvalidArgumentError at run time.

    >>> l = tf.cholesky(tf.matmul(x, x, transpose_b=True) + tf.eye(3))
    """
    t = convert_to_tensor(input, name="input")
    return t.graph.create_op("Cholesky", (t,), {}, name or "Cholesky")._outputs[0]


def _solve_infer(inputs, attrs):
    a, b = inputs
    _same_dtype(a, b, "MatrixSolve")
    da, db = _square(a, "MatrixSolve", "matrix"), _matrices(b, "MatrixSolve", "rhs")
    if da is None or db is None:
        return [(b._dtype, UNKNOWN if db is None else b._shape)]
    if len(da) != len(db) or any(x is not None and y is not None and x != y for x, y in zip(da[:-1], db[:-1])):
        raise ValueError(f"MatrixSolve: matrix '{a.name}' {a._shape} and rhs '{b.name}' {b._shape} must have the same "
                         "batch dimensions and number of rows")
    return [(b._dtype, _shape(tuple(_merge(x, y) for x, y in zip(da[:-2], db[:-2]))
                              + (_merge(_merge(da[-1], da[-2]), db[-2]), db[-1])))]


define_op("MatrixSolve", infer=_solve_infer)


@register_gradient("MatrixSolve")
def _solve_grad(op, grad):
    a, adj = op.inputs[0], op.get_attr("adjoint")
    c = op.outputs[0]
    grad_b = matrix_solve(a, grad, adjoint=not adj)
    grad_a = -matmul(c, grad_b, adjoint_b=True) if adj else -matmul(grad_b, c, adjoint_b=True)
    return [grad_a, grad_b]


def matrix_solve(matrix, rhs, adjoint=False, name=None):
    """X with matrix @ X = rhs (matrix^T @ X = rhs with adjoint=True), for square matrices [..., N, N] and
    rhs [..., N, K] of the same batch (tf.linalg.solve). A singular matrix is an error at run time.

    >>> x = tf.matrix_solve(a, b)
    """
    a = convert_to_tensor(matrix, name="matrix")
    b = convert_to_tensor(rhs, dtype=a.dtype, name="rhs")
    return a.graph.create_op("MatrixSolve", (a, b), {"adjoint": bool(adjoint)}, name or "MatrixSolve")._outputs[0]


def _triangular_solve_infer(inputs, attrs):
    a, b = inputs
    _same_dtype(a, b, "MatrixTriangularSolve")
    da, db = _square(a, "MatrixTriangularSolve", "matrix"), _matrices(b, "MatrixTriangularSolve", "rhs")
    if da is None or db is None:
        return [(b._dtype, UNKNOWN)]
    if da[-1] is not None and db[-2] is not None and da[-1] != db[-2]:
        raise ValueError(f"Dimensions must be equal, but are {da[-1]} and {db[-2]} for 'MatrixTriangularSolve' with "
                         f"input shapes: {a._shape}, {b._shape} (matrix '{a.name}' and rhs '{b.name}' need as many rows)")
    return [(b._dtype, _shape(broadcast_batch_dims(da[:-2], db[:-2], a, b) + (_merge(da[-1], db[-2]), db[-1])))]


define_op("MatrixTriangularSolve", infer=_triangular_solve_infer)


@register_gradient("MatrixTriangularSolve")
def _triangular_solve_grad(op, grad):
    from .math_ops import sum_to_shape_of
    from .matrix_construction_ops import matrix_band_part
    a, b = op.inputs
    adj, lower = op.get_attr("adjoint"), op.get_attr("lower")
    c = op.outputs[0]
    grad_b = matrix_triangular_solve(a, grad, lower=lower, adjoint=not adj)
    grad_a = -matmul(c, grad_b, adjoint_b=True) if adj else -matmul(grad_b, c, adjoint_b=True)
    grad_a = matrix_band_part(grad_a, -1, 0) if lower else matrix_band_part(grad_a, 0, -1)
    # Broadcast batch dimensions are summed back to each operand's own.
    return [sum_to_shape_of(grad_a, a), sum_to_shape_of(grad_b, b)]


def matrix_triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    """X with matrix @ X = rhs for triangular matrices [..., N, N] (only the `lower` or upper triangle is read)
    and rhs [..., N, K]; batch dimensions broadcast (tf.linalg.triangular_solve).

    >>> y = tf.matrix_triangular_solve(l, b, lower=True)
    """
    a = convert_to_tensor(matrix, name="matrix")
    b = convert_to_tensor(rhs, dtype=a.dtype, name="rhs")
    attrs = {"lower": bool(lower), "adjoint": bool(adjoint)}
    return a.graph.create_op("MatrixTriangularSolve", (a, b), attrs, name or "MatrixTriangularSolve")._outputs[0]


# ----- QR, SVD, eigh ----------------------------------------------------------------------------------

def _qr_infer(inputs, attrs):
    t = inputs[0]
    d = _matrices(t, "Qr")
    if d is None:
        return [(t._dtype, UNKNOWN), (t._dtype, UNKNOWN)]
    m, n = d[-2], d[-1]
    p = m if attrs.get("full_matrices") else (None if m is None or n is None else min(m, n))
    return [(t._dtype, _shape(d[:-2] + (m, p))), (t._dtype, _shape(d[:-2] + (p, n)))]


def _svd_infer(inputs, attrs):
    t = inputs[0]
    d = _matrices(t, "Svd")
    if d is None:
        return [(t._dtype, UNKNOWN)] * 3
    m, n = d[-2], d[-1]
    p = None if m is None or n is None else min(m, n)
    if not attrs.get("compute_uv", True):
        return [(t._dtype, _shape(d[:-2] + (p,))), (t._dtype, _shape((0,))), (t._dtype, _shape((0,)))]
    full = attrs.get("full_matrices")
    return [(t._dtype, _shape(d[:-2] + (p,))), (t._dtype, _shape(d[:-2] + (m, m if full else p))),
            (t._dtype, _shape(d[:-2] + (n, n if full else p)))]


def _eig_infer(inputs, attrs):
    t = inputs[0]
    d = _square(t, "SelfAdjointEigV2")
    if d is None:
        return [(t._dtype, UNKNOWN), (t._dtype, UNKNOWN)]
    n = _merge(d[-1], d[-2])
    v = _shape(d[:-2] + (n, n)) if attrs.get("compute_v", True) else _shape((0,))
    return [(t._dtype, _shape(d[:-2] + (n,))), (t._dtype, v)]


define_op("Qr", infer=_qr_infer)
define_op("Svd", infer=_svd_infer)
define_op("SelfAdjointEigV2", infer=_eig_infer)


def qr(input, full_matrices=False, name=None):  # noqa: A002
    """(q, r) with input = q @ r, q's columns orthonormal and r upper triangular, for matrices [..., M, N]:
    q [..., M, P], r [..., P, N], P = M with full_matrices, else min(M, N) (tf.linalg.qr).

    >>> q, r = tf.qr(a)
    """
    t = convert_to_tensor(input, name="input")
    op = t.graph.create_op("Qr", (t,), {"full_matrices": bool(full_matrices)}, name or "Qr")
    return Qr(*op._outputs)


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """The singular values s [..., P] (descending, P = min(M, N)) of matrices [..., M, N] and, with
    compute_uv, u and v with tensor = u @ diag(s) @ v^T: returns s, u, v in that order (TF1's order), or s.

    >>> s, u, v = tf.svd(a)
    """
    t = convert_to_tensor(tensor, name="tensor")
    attrs = {"compute_uv": bool(compute_uv), "full_matrices": bool(full_matrices)}
    op = t.graph.create_op("Svd", (t,), attrs, name or "Svd")
    return tuple(op._outputs) if compute_uv else op._outputs[0]


def self_adjoint_eig(tensor, name=None):
    """(e, v): the eigenvalues e [..., N] (ascending) and eigenvectors (v's columns) of symmetric matrices
    [..., N, N], read from their lower triangles (tf.linalg.eigh).

    >>> e, v = tf.self_adjoint_eig(a)      # a @ v == v * e
    """
    t = convert_to_tensor(tensor, name="tensor")
    op = t.graph.create_op("SelfAdjointEigV2", (t,), {"compute_v": True}, name or "SelfAdjointEigV2")
    return op._outputs[0], op._outputs[1]


def self_adjoint_eigvals(tensor, name=None):
    """The eigenvalues [..., N] (ascending) of symmetric matrices [..., N, N] (tf.linalg.eigvalsh).

    >>> e = tf.self_adjoint_eigvals(a)
    """
    t = convert_to_tensor(tensor, name="tensor")
    return t.graph.create_op("SelfAdjointEigV2", (t,), {"compute_v": False}, name or "SelfAdjointEigV2")._outputs[0]


# ----- cross product ----------------------------------------------------------------------------------

def _cross_infer(inputs, attrs):
    a, b = inputs
    _same_dtype(a, b, "Cross")
    require_dtypes(a, NUMERIC, "Cross")
    da, db = a._shape._dims, b._shape._dims
    if da is not None and db is not None and (len(da) != len(db) or any(
            x is not None and y is not None and x != y for x, y in zip(da, db))):
        raise ValueError(f"Cross: a '{a.name}' {a._shape} and b '{b.name}' {b._shape} must have the same shape")
    for t, d in ((a, da), (b, db)):
        if d is not None and (len(d) < 1 or d[-1] not in (None, 3)):
            raise ValueError(f"Cross: the innermost dimension of '{t.name}' {t._shape} must be 3 (3-vectors)")
    shape = a._shape if da is not None else b._shape
    if da is not None and db is not None:
        shape = _shape(tuple(_merge(x, y) for x, y in zip(da, db)))
    return [(a._dtype, shape)]


define_op("Cross", infer=_cross_infer)


@register_gradient("Cross")
def _cross_grad(op, grad):
    u, v = op.inputs
    return [cross(v, grad), cross(grad, u)]


def cross(a, b, name=None):
    """The cross products of 3-vectors along the last dimension of a and b (the same shape [..., 3]).

    >>> tf.cross([1.0, 0.0, 0.0], [0.0, 1.0, 0.0])    # [0., 0., 1.]
    """
    ta = convert_to_tensor(a, name="a")
    tb = convert_to_tensor(b, dtype=ta.dtype, name="b")
    return ta.graph.create_op("Cross", (ta, tb), {}, name or "Cross")._outputs[0]


# The QR, SVD and eigh gradient rules need the compositions, which need this module: loaded last.
from . import linalg_decomposition_grads  # noqa: E402,F401
