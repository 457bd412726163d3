"""TF1's gradient rules of the QR, SVD and symmetric eigen decompositions (the ops themselves:
linalg_decomposition_ops.py). Each needs the matrix sizes known when the graph is built, as TF1's do.

    >>> tf.gradients(tf.reduce_sum(tf.self_adjoint_eigvals(a)), a)
"""
from ..framework.op_def import register_gradient
from .concat_ops import concat
from . import linalg_compositions as _compositions  # partly loaded here: its names are read at call time
from .linalg_decomposition_ops import matrix_triangular_solve, self_adjoint_eig, svd
from .linalg_ops import matmul
from .math_ops import reciprocal, square
from .matrix_construction_ops import matrix_band_part, matrix_diag, matrix_diag_part
from .shape_ops import expand_dims


def _sizes(t, what):
    d = t.shape.as_list() if t.shape.ndims is not None else None
    if d is None or d[-1] is None or d[-2] is None:
        raise NotImplementedError(f"the gradient of {what} needs the matrix sizes known when the graph is built; "
                                  f"'{t.name}' has shape {t.shape}")
    return d[-2], d[-1]


def _adjoint(t):
    return _compositions.adjoint(t)


def _set_diag(x, diagonal):
    return _compositions.matrix_set_diag(x, diagonal)


def _zeros_like(t):
    from .array_ops import zeros_like
    return zeros_like(t)


@register_gradient("SelfAdjointEigV2")
def _self_adjoint_eig_grad(op, grad_e, grad_v):
    e = op.outputs[0]
    if op.get_attr("compute_v"):
        v = op.outputs[1]
        # f[i, j] = 1 / (e[j] - e[i]) off the diagonal (distinct eigenvalues), 0 on it.
        f = _set_diag(reciprocal(expand_dims(e, -2) - expand_dims(e, -1)), _zeros_like(e))
        grad_a = matmul(v, matmul(matrix_diag(grad_e) + f * matmul(v, grad_v, adjoint_a=True), v, adjoint_b=True))
    else:
        _, v = self_adjoint_eig(op.inputs[0])
        grad_a = matmul(v, matmul(matrix_diag(grad_e), v, adjoint_b=True))
    # The op reads only the lower triangle: the symmetrised gradient lands there.
    grad_a = matrix_band_part(grad_a + _adjoint(grad_a), -1, 0)
    return [_set_diag(grad_a, 0.5 * matrix_diag_part(grad_a))]


def _upper_triangular_solve_right(x, r):
    """x @ adjoint(inv(r)) for an upper-triangular r, without forming the inverse."""
    return _adjoint(matrix_triangular_solve(r, _adjoint(x), lower=False, adjoint=False))


def _qr_grad_square_and_deep(q, r, dq, dr):
    qdq = matmul(q, dq, adjoint_a=True)
    qdq_ = qdq - _adjoint(qdq)
    rdr = matmul(r, dr, adjoint_b=True)
    rdr_ = rdr - _adjoint(rdr)
    tril = matrix_band_part(qdq_ + rdr_, -1, 0)
    grad_a = matmul(q, dr + _upper_triangular_solve_right(tril, r))
    grad_b = _upper_triangular_solve_right(dq - matmul(q, qdq), r)
    return grad_a + grad_b


@register_gradient("Qr")
def _qr_grad(op, dq, dr):
    a = op.inputs[0]
    q, r = op.outputs
    m, n = _sizes(a, "Qr")
    if m > n and op.get_attr("full_matrices"):
        raise NotImplementedError("the gradient of Qr is not defined for M > N with full_matrices=True (as TF1); "
                                  f"'{a.name}' has shape {a.shape}")
    if m >= n:
        return [_qr_grad_square_and_deep(q, r, dq, dr)]
    # Wide matrices: a = [x, y] with x square; r = [u, v].
    y = a[..., :, m:]
    u = r[..., :, :m]
    dv = dr[..., :, m:]
    du = dr[..., :, :m]
    dy = matmul(q, dv)
    dx = _qr_grad_square_and_deep(q, u, dq + matmul(y, dv, adjoint_b=True), du)
    return [concat([dx, dy], axis=-1)]


def _safe_reciprocal(x, epsilon=1e-20):
    return x * reciprocal(x * x + epsilon)


@register_gradient("Svd")
def _svd_grad(op, grad_s, grad_u, grad_v):
    a = op.inputs[0]
    grad_s_mat = matrix_diag(grad_s)
    if not op.get_attr("compute_uv"):
        s, u, v = svd(a, compute_uv=True)
        return [matmul(u, matmul(grad_s_mat, v, adjoint_b=True))]
    full_matrices = op.get_attr("full_matrices")
    m, n = _sizes(a, "Svd")
    s, u, v = op.outputs
    use_adjoint = m > n
    if use_adjoint:  # the gradient for a^T = v s u^T, transposed at the end
        m, n = n, m
        u, v = v, u
        grad_u, grad_v = grad_v, grad_u
    if full_matrices and abs(m - n) > 1:
        raise NotImplementedError("the gradient of Svd is not defined for |M - N| > 1 with full_matrices=True "
                                  f"(as TF1); '{a.name}' has shape {a.shape}")
    s_mat = matrix_diag(s)
    s_2 = square(s)
    f = _set_diag(_safe_reciprocal(expand_dims(s_2, -2) - expand_dims(s_2, -1)), _zeros_like(s))
    s_inv_mat = matrix_diag(_safe_reciprocal(s))
    v1 = v[..., :, :m]
    grad_v1 = grad_v[..., :, :m]
    u_gu = matmul(u, grad_u, adjoint_a=True)
    v_gv = matmul(v1, grad_v1, adjoint_a=True)
    f_u = f * u_gu
    f_v = f * v_gv
    term1_nouv = grad_s_mat + matmul(f_u + _adjoint(f_u), s_mat) + matmul(s_mat, f_v + _adjoint(f_v))
    grad_a = matmul(u, matmul(term1_nouv, v1, adjoint_b=True))
    if m != n:
        gv1t = _adjoint(grad_v1)
        term2_nous = gv1t - matmul(matmul(gv1t, v1), v1, adjoint_b=True)
        if full_matrices:
            v2 = v[..., :, m:n]
            grad_v2 = grad_v[..., :, m:n]
            term2_nous = term2_nous - matmul(matmul(v1, grad_v2, adjoint_a=True), v2, adjoint_b=True)
        grad_a = grad_a + matmul(matmul(u, s_inv_mat), term2_nous)
    return [_adjoint(grad_a) if use_adjoint else grad_a]
