"""Determinants, Cholesky, solves, QR, SVD, eigh, cross products, batched matmul and the tf.linalg
compositions: values against NumPy over batches in float32 and float64, factorizations checked by their
reconstructions (signs of q, u, v, eigenvectors are a convention), TF1's errors, and the tf.linalg names.
Gradients: gradient_cases_linalg.py (checked by test_gradient_registry.py)."""
import numpy as np
import pytest

import jupyter_flow as tf

RNG = np.random.default_rng(7)
A = RNG.standard_normal((2, 3, 3))
SPD = A @ np.swapaxes(A, -1, -2) + 3.0 * np.eye(3)
TALL = RNG.standard_normal((2, 4, 3))
WIDE = RNG.standard_normal((2, 3, 5))
B = RNG.standard_normal((2, 3, 2))
FLOATS = [(np.float64, 1e-10), (np.float32, 1e-4)]


def _run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


def _t(x):
    return np.swapaxes(x, -1, -2)


@pytest.mark.parametrize("dtype,tol", FLOATS)
def test_determinants_match_numpy_over_a_batch(dtype, tol):
    a = A.astype(dtype)
    det, (sign, log_abs) = _run((tf.matrix_determinant(a), tf.linalg.slogdet(a)))
    assert det.dtype == dtype and det.shape == (2,)
    np.testing.assert_allclose(det, np.linalg.det(A), rtol=tol * 10)
    want_sign, want_log = np.linalg.slogdet(A)
    np.testing.assert_array_equal(sign, want_sign)
    np.testing.assert_allclose(log_abs, want_log, rtol=tol * 10, atol=tol)
    assert tf.linalg.det is tf.matrix_determinant


def test_determinant_of_singular_and_empty_matrices():
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    sign, log_abs = _run(tf.linalg.slogdet(singular))
    assert sign == 0.0 and log_abs == -np.inf
    assert _run(tf.matrix_determinant(singular)) == 0.0
    assert _run(tf.matrix_determinant(np.zeros((2, 0, 0)))).tolist() == [1.0, 1.0]
    # det = sign * exp(log|det|): no overflow in the running product of a large but finite determinant.
    big = np.diag([1e200, 1e200, 1e-300])
    np.testing.assert_allclose(_run(tf.matrix_determinant(big)), 1e100, rtol=1e-10)


@pytest.mark.parametrize("dtype,tol", FLOATS)
def test_cholesky_matches_numpy_and_reads_only_the_lower_triangle(dtype, tol):
    spd = SPD.astype(dtype)
    l_factor = _run(tf.cholesky(spd))
    np.testing.assert_allclose(l_factor, np.linalg.cholesky(SPD), rtol=tol, atol=tol)
    assert np.all(np.triu(l_factor, 1) == 0)
    junk_above = np.tril(spd) + np.triu(np.full_like(spd, 100.0), 1)
    np.testing.assert_allclose(_run(tf.linalg.cholesky(junk_above)), l_factor, rtol=tol)


def test_cholesky_of_a_matrix_that_is_not_positive_definite_is_an_invalid_argument():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Cholesky decomposition was not successful. "
                                                             "The input might not be valid."):
        _run(tf.cholesky(np.array([[1.0, 2.0], [2.0, 1.0]])))


@pytest.mark.parametrize("dtype,tol", FLOATS)
def test_matrix_solve_and_its_adjoint(dtype, tol):
    a, b = A.astype(dtype), B.astype(dtype)
    x, xt = _run((tf.matrix_solve(a, b), tf.linalg.solve(a, b, adjoint=True)))
    np.testing.assert_allclose(x, np.linalg.solve(A, B), rtol=tol * 100, atol=tol * 10)
    np.testing.assert_allclose(xt, np.linalg.solve(_t(A), B), rtol=tol * 100, atol=tol * 10)


def test_matrix_solve_of_a_singular_matrix_is_an_invalid_argument():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input matrix is not invertible"):
        _run(tf.matrix_solve(np.array([[1.0, 2.0], [2.0, 4.0]]), np.ones((2, 1))))


@pytest.mark.parametrize("lower", [True, False])
@pytest.mark.parametrize("adjoint", [False, True])
def test_triangular_solve_reads_its_triangle_and_broadcasts_the_batch(lower, adjoint):
    tri = np.tril(SPD) if lower else np.triu(SPD)
    op = _t(tri) if adjoint else tri
    x = _run(tf.matrix_triangular_solve(SPD, B, lower=lower, adjoint=adjoint))  # the other triangle is ignored
    np.testing.assert_allclose(x, np.linalg.solve(op, B), rtol=1e-10)
    shared_rhs = _run(tf.linalg.triangular_solve(SPD, B[0], lower=lower, adjoint=adjoint))
    np.testing.assert_allclose(shared_rhs, np.linalg.solve(op, np.broadcast_to(B[0], (2, 3, 2))), rtol=1e-10)


@pytest.mark.parametrize("dtype,tol", FLOATS)
@pytest.mark.parametrize("a", [TALL, WIDE, A], ids=["tall", "wide", "square"])
@pytest.mark.parametrize("full", [False, True])
def test_qr_reconstructs_with_orthonormal_q_and_triangular_r(dtype, tol, a, full):
    m, n = a.shape[-2:]
    p = m if full else min(m, n)
    q, r = _run(tf.qr(a.astype(dtype), full_matrices=full))
    assert q.shape == (2, m, p) and r.shape == (2, p, n) and q.dtype == dtype
    np.testing.assert_allclose(q @ r, a, atol=tol * 10)
    np.testing.assert_allclose(_t(q) @ q, np.broadcast_to(np.eye(p), (2, p, p)), atol=tol * 10)
    assert np.all(np.tril(r, -1) == 0)
    assert tuple(tf.linalg.qr(tf.constant(a), full_matrices=full).q.shape.as_list()) == (2, m, p)


@pytest.mark.parametrize("dtype,tol", FLOATS)
@pytest.mark.parametrize("a", [TALL, WIDE, A], ids=["tall", "wide", "square"])
@pytest.mark.parametrize("full", [False, True])
def test_svd_returns_s_u_v_that_reconstruct_the_input(dtype, tol, a, full):
    m, n = a.shape[-2:]
    k = min(m, n)
    s, u, v = _run(tf.svd(a.astype(dtype), full_matrices=full))
    assert s.shape == (2, k) and u.shape == (2, m, m if full else k) and v.shape == (2, n, n if full else k)
    np.testing.assert_allclose(s, np.linalg.svd(a, compute_uv=False), rtol=tol * 10)
    np.testing.assert_allclose((u[..., :k] * s[:, None, :]) @ _t(v[..., :k]), a, atol=tol * 10)
    np.testing.assert_allclose(_t(u) @ u, np.broadcast_to(np.eye(u.shape[-1]), (2,) + (u.shape[-1],) * 2),
                               atol=tol * 10)
    np.testing.assert_allclose(_t(v) @ v, np.broadcast_to(np.eye(v.shape[-1]), (2,) + (v.shape[-1],) * 2),
                               atol=tol * 10)


def test_singular_values_alone():
    s = tf.svd(TALL, compute_uv=False)
    assert isinstance(s, tf.Tensor) and s.shape.as_list() == [2, 3]
    np.testing.assert_allclose(_run(s), np.linalg.svd(TALL, compute_uv=False), rtol=1e-12)
    _, u, v = s.op.outputs
    assert u.shape.as_list() == [0] and v.shape.as_list() == [0]  # TF1's empty u and v
    assert _run(tf.linalg.svd(np.zeros((2, 3, 0))))[0].shape == (2, 0)


@pytest.mark.parametrize("dtype,tol", FLOATS)
def test_eigh_of_symmetric_matrices_reads_the_lower_triangle(dtype, tol):
    junk_above = np.tril(SPD) + np.triu(np.full_like(SPD, -50.0), 1)
    e, v = _run(tf.self_adjoint_eig(junk_above.astype(dtype)))
    np.testing.assert_allclose(e, np.linalg.eigvalsh(SPD), rtol=tol * 10)
    np.testing.assert_allclose(SPD @ v, v * e[:, None, :], atol=tol * 100)
    np.testing.assert_allclose(_run(tf.linalg.eigvalsh(SPD.astype(dtype))), e, rtol=tol * 10)
    e2, _ = _run(tf.linalg.eigh(SPD))
    assert np.all(np.diff(e2, axis=-1) > 0)  # ascending


def test_cross_of_3_vectors_float_and_int():
    a, b = RNG.standard_normal((4, 3)), RNG.standard_normal((4, 3))
    np.testing.assert_allclose(_run(tf.cross(a, b)), np.cross(a, b), rtol=1e-12)
    assert _run(tf.linalg.cross([[1, 0, 0]], [[0, 1, 0]])).tolist() == [[0, 0, 1]]


def test_batched_matmul_broadcasts_the_batch_dimensions():
    x, y = RNG.standard_normal((2, 1, 3, 4)), RNG.standard_normal((5, 4, 2))
    z = tf.matmul(x, y)
    assert z.op.type == "BatchMatMulV2" and z.shape.as_list() == [2, 5, 3, 2]
    np.testing.assert_allclose(_run(z), x @ y, rtol=1e-12)
    np.testing.assert_allclose(_run(tf.linalg.matmul(TALL, TALL, transpose_a=True)), _t(TALL) @ TALL, rtol=1e-12)
    assert tf.matmul(A[0], A[0]).op.type == "MatMul"  # matrices keep TF1's MatMul


def test_matmul_of_unknown_rank_operands_takes_matrices_and_batches_with_gradients():
    # TF1 builds BatchMatMulV2 when an operand's rank is unknown: it may be fed a batch.
    a, b = tf.placeholder(tf.float64, name="a"), tf.placeholder(tf.float64, name="b")
    c = tf.matmul(a, b)
    assert c.op.type == "BatchMatMulV2"
    ga, gb = tf.gradients(tf.reduce_sum(c), [a, b])
    mat, batch, right = RNG.standard_normal((3, 4)), RNG.standard_normal((2, 3, 4)), RNG.standard_normal((4, 5))
    with tf.Session() as sess:
        for left in (mat, batch):
            got, got_ga, got_gb = sess.run([c, ga, gb], {a: left, b: right})
            np.testing.assert_allclose(got, left @ right, rtol=1e-12)
            np.testing.assert_allclose(got_ga, np.ones(got.shape) @ right.T, rtol=1e-12)
            np.testing.assert_allclose(got_gb, left.reshape(-1, 4).T @ np.ones((left.size // 4, 5)), rtol=1e-12)
        with pytest.raises(tf.errors.InvalidArgumentError, match="rank >= 2"):
            sess.run(c, {a: np.ones(4), b: right})


def test_cholesky_solve_and_least_squares():
    chol = np.linalg.cholesky(SPD)
    np.testing.assert_allclose(_run(tf.cholesky_solve(chol, B)), np.linalg.solve(SPD, B), rtol=1e-10)
    rhs = RNG.standard_normal((2, 4, 2))
    want = np.stack([np.linalg.lstsq(TALL[i], rhs[i], rcond=None)[0] for i in range(2)])
    np.testing.assert_allclose(_run(tf.matrix_solve_ls(TALL, rhs)), want, rtol=1e-8)
    np.testing.assert_allclose(_run(tf.linalg.lstsq(TALL, rhs, fast=False)), want, rtol=1e-8)
    reg = 0.5
    ridge = np.linalg.solve(_t(TALL) @ TALL + reg * np.eye(3), _t(TALL) @ rhs)
    np.testing.assert_allclose(_run(tf.matrix_solve_ls(TALL, rhs, l2_regularizer=reg)), ridge, rtol=1e-10)
    np.testing.assert_allclose(_run(tf.matrix_solve_ls(TALL, rhs, l2_regularizer=reg, fast=False)), ridge, rtol=1e-8)
    wide_rhs = RNG.standard_normal((2, 3, 1))  # underdetermined: the minimum-norm solution
    np.testing.assert_allclose(_run(tf.matrix_solve_ls(WIDE, wide_rhs)), np.linalg.pinv(WIDE) @ wide_rhs, rtol=1e-8)


def test_logdet_pinv_rank_and_matvec():
    np.testing.assert_allclose(_run(tf.linalg.logdet(SPD)), np.linalg.slogdet(SPD)[1], rtol=1e-12)
    np.testing.assert_allclose(_run(tf.linalg.pinv(TALL)), np.linalg.pinv(TALL), rtol=1e-8, atol=1e-12)
    assert _run(tf.linalg.matrix_rank(np.stack([np.ones((3, 3)), np.eye(3)]))).tolist() == [1, 3]
    np.testing.assert_allclose(_run(tf.linalg.matvec(A, B[..., 0])), (A @ B[..., :1])[..., 0], rtol=1e-12)


@pytest.mark.parametrize("shape", [(2, 3, 3), (2, 4, 3), (3, 5)])
def test_matrix_set_diag_replaces_the_main_diagonal(shape):
    x = RNG.standard_normal(shape)
    k = min(shape[-2:])
    d = RNG.standard_normal(shape[:-2] + (k,))
    want = x.copy()
    want[..., range(k), range(k)] = d
    np.testing.assert_array_equal(_run(tf.matrix_set_diag(x, d)), want)
    np.testing.assert_array_equal(_run(tf.linalg.set_diag(x, d)), want)


def test_matrix_transpose_and_adjoint_swap_only_the_last_two_dimensions():
    x = np.arange(24.0).reshape(2, 3, 4)
    for f in (tf.matrix_transpose, tf.linalg.matrix_transpose, tf.linalg.transpose, tf.linalg.adjoint):
        np.testing.assert_array_equal(_run(f(x)), _t(x))
    np.testing.assert_allclose(_run(tf.linalg.inv(A, adjoint=True)), np.linalg.inv(_t(A)), rtol=1e-12)


@pytest.mark.parametrize("build,op", [
    (lambda: tf.matrix_determinant(np.ones((3, 4))), "MatrixDeterminant"),
    (lambda: tf.cholesky(np.ones((2, 3, 4))), "Cholesky"),
    (lambda: tf.matrix_solve(np.ones((3, 4)), np.ones((3, 1))), "MatrixSolve"),
    (lambda: tf.self_adjoint_eig(np.ones((3, 4))), "SelfAdjointEigV2"),
])
def test_non_square_matrices_are_refused_naming_the_op_and_the_shape(build, op):
    with pytest.raises(ValueError, match=rf"Dimensions must be equal, but are \d and 4 for '{op}'.*\(\d?,? ?3, 4\)"):
        build()


def test_non_square_matrices_known_only_at_run_time_are_invalid_arguments():
    x = tf.placeholder(tf.float64)
    for f, op in ((tf.matrix_determinant, "MatrixDeterminant"), (tf.cholesky, "Cholesky")):
        with pytest.raises(tf.errors.InvalidArgumentError, match=rf"{op}: input must be square.*\[3,4\]"):
            _run(f(x), {x: np.ones((3, 4))})
    rhs = tf.placeholder(tf.float64)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"MatrixSolve.*\[3,3\] and \[4,1\]"):
        _run(tf.matrix_solve(x, rhs), {x: np.eye(3), rhs: np.ones((4, 1))})


def test_mismatched_solve_and_cross_shapes_are_refused_when_built():
    with pytest.raises(ValueError, match="MatrixSolve.*same batch dimensions and number of rows"):
        tf.matrix_solve(np.eye(3), np.ones((4, 1)))
    with pytest.raises(ValueError, match="Cross.*innermost dimension.*must be 3"):
        tf.cross(np.ones((2, 4)), np.ones((2, 4)))
    with pytest.raises(ValueError, match="Cross.*must have the same shape"):
        tf.cross(np.ones((2, 3)), np.ones((3, 3)))


def test_graph_def_nodes_carry_tf1s_attributes():
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, (2, 3, 3), name="a")
        tf.svd(a, name="svd")
        tf.qr(a, name="qr")
        tf.self_adjoint_eigvals(a, name="eig")
        tf.matrix_triangular_solve(a, a, name="trs")
        tf.matmul(a, a, name="bmm")
        tf.cholesky(a, name="chol")
    attrs = {n.name: sorted(n.attr) for n in g.as_graph_def().node}
    assert attrs["svd"] == ["T", "compute_uv", "full_matrices"]
    assert attrs["qr"] == ["T", "full_matrices"]
    assert attrs["eig"] == ["T", "compute_v"]
    assert attrs["trs"] == ["T", "adjoint", "lower"]
    assert attrs["bmm"] == ["T", "adj_x", "adj_y", "grad_x", "grad_y"]
    assert attrs["chol"] == ["T"]


# Names of TF 2.21's compat.v1 tf.linalg that jupyter_flow provides.
LINALG_NAMES = """adjoint band_part cholesky cholesky_solve cross det diag diag_part eigh eigvalsh einsum eye global_norm
    inv l2_normalize logdet lstsq matmul matrix_rank matrix_transpose matvec norm normalize pinv qr set_diag slogdet
    solve svd tensor_diag tensor_diag_part tensordot trace transpose triangular_solve""".split()
TOP_LEVEL = """matrix_determinant cholesky cholesky_solve matrix_solve matrix_solve_ls matrix_triangular_solve qr svd
    self_adjoint_eig self_adjoint_eigvals matrix_transpose matrix_set_diag cross matrix_inverse""".split()


def test_tf_linalg_and_tf1_top_level_names():
    missing = [n for n in LINALG_NAMES if not hasattr(tf.linalg, n)] + [n for n in TOP_LEVEL if not hasattr(tf, n)]
    assert not missing
