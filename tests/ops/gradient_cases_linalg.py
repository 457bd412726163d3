"""Gradient-check cases for the batched matmul, determinant, Cholesky, solve, QR, SVD, eigh and cross-product
ops (jupyter_flow/ops/linalg_decomposition_ops.py), checked against central finite differences by
test_gradient_registry.py.

Cholesky and eigh read only the lower triangle while their TF1 gradients are symmetric: their cases feed
a symmetric matrix built from x (x x^T + 3I, x + x^T), as TF's own tests do. Inputs of the decompositions
have well separated singular values / eigenvalues, where the factors are smooth functions of the input.
"""
import numpy as np


def ph(tf, shape):
    return tf.placeholder(tf.float64, shape)


def _well_conditioned(rng, shape):
    n = shape[-1]
    return rng.uniform(-1.0, 1.0, size=shape) + 3.0 * np.eye(n)


def _batch_matmul(shape_x, shape_y, adj_x=False, adj_y=False):
    def build(tf, rng):
        x, y = ph(tf, shape_x), ph(tf, shape_y)
        z = tf.matmul(x, y, adjoint_a=adj_x, adjoint_b=adj_y)
        return z, [x, y], [rng.uniform(-1, 1, shape_x), rng.uniform(-1, 1, shape_y)]
    return build


def _det(tf, rng):
    x = ph(tf, (2, 3, 3))
    return tf.matrix_determinant(x), [x], [rng.uniform(-1.0, 1.0, (2, 3, 3)) + 2.0 * np.eye(3)]


def _slogdet(tf, rng):
    x = ph(tf, (2, 3, 3))
    values = rng.uniform(-1.0, 1.0, (2, 3, 3)) + 2.0 * np.eye(3)
    values[1] *= -1.0  # a negative determinant: log|det| still differentiable
    return tf.linalg.slogdet(x)[1], [x], [values]


def _cholesky(tf, rng):
    x = ph(tf, (2, 3, 3))
    spd = tf.matmul(x, x, transpose_b=True) + 3.0 * tf.eye(3, dtype=tf.float64)
    return tf.cholesky(spd), [x], [rng.uniform(-1.0, 1.0, (2, 3, 3))]


def _solve(adjoint):
    def build(tf, rng):
        a, b = ph(tf, (2, 3, 3)), ph(tf, (2, 3, 2))
        return tf.matrix_solve(a, b, adjoint=adjoint), [a, b], [_well_conditioned(rng, (2, 3, 3)),
                                                                rng.uniform(-1, 1, (2, 3, 2))]
    return build


def _triangular_solve(lower, adjoint, shape_b=(2, 3, 2)):
    def build(tf, rng):
        a, b = ph(tf, (2, 3, 3)), ph(tf, shape_b)
        y = tf.matrix_triangular_solve(a, b, lower=lower, adjoint=adjoint)
        return y, [a, b], [_well_conditioned(rng, (2, 3, 3)), rng.uniform(-1, 1, shape_b)]
    return build


def _flat(tf, *ts):
    return tf.concat([tf.reshape(t, [-1]) for t in ts], 0)


def _qr(shape):
    def build(tf, rng):
        x = ph(tf, shape)
        q, r = tf.qr(x)
        return _flat(tf, q, r), [x], [rng.uniform(-1, 1, shape) + np.eye(*shape[-2:])]
    return build


def _svd(shape, full_matrices=False):
    def build(tf, rng):
        x = ph(tf, shape)
        s, u, v = tf.svd(x, full_matrices=full_matrices)
        # Singular values kept apart: u and v are smooth there.
        m, n = shape[-2:]
        spread = np.zeros((m, n))
        spread[range(min(m, n)), range(min(m, n))] = np.arange(min(m, n), 0, -1)
        values = rng.uniform(-0.3, 0.3, shape) + spread
        return _flat(tf, s, u, v), [x], [values]
    return build


def _singular_values(tf, rng):
    x = ph(tf, (2, 4, 3))
    return tf.svd(x, compute_uv=False), [x], [rng.uniform(-0.3, 0.3, (2, 4, 3)) + np.eye(4, 3) * [3.0, 2.0, 1.0]]


def _eigh(tf, rng):
    x = ph(tf, (2, 3, 3))
    e, v = tf.self_adjoint_eig(x + tf.matrix_transpose(x))
    values = rng.uniform(-0.2, 0.2, (2, 3, 3)) + np.diag([1.0, 2.0, 3.0])
    return _flat(tf, e, v), [x], [values]


def _eigvalsh(tf, rng):
    x = ph(tf, (3, 3))
    e = tf.self_adjoint_eigvals(x + tf.transpose(x))
    return e, [x], [rng.uniform(-0.2, 0.2, (3, 3)) + np.diag([1.0, 2.0, 3.0])]


def _cross(tf, rng):
    a, b = ph(tf, (4, 3)), ph(tf, (4, 3))
    return tf.cross(a, b), [a, b], [rng.uniform(-1, 1, (4, 3)), rng.uniform(-1, 1, (4, 3))]


CASES = [
    ("BatchMatMulV2", _batch_matmul((2, 3, 4), (2, 4, 5))),
    ("BatchMatMulV2", _batch_matmul((2, 4, 3), (2, 5, 4), adj_x=True, adj_y=True)),
    ("BatchMatMulV2", _batch_matmul((2, 3, 4), (4, 5))),  # broadcast batch: summed back
    ("BatchMatMulV2", _batch_matmul((3, 4), (2, 1, 5, 4), adj_y=True)),
    ("MatrixDeterminant", _det),
    ("LogMatrixDeterminant", _slogdet),
    ("Cholesky", _cholesky),
    ("MatrixSolve", _solve(False)),
    ("MatrixSolve", _solve(True)),
    ("MatrixTriangularSolve", _triangular_solve(True, False)),
    ("MatrixTriangularSolve", _triangular_solve(False, True)),
    ("MatrixTriangularSolve", _triangular_solve(True, True, shape_b=(3, 2))),  # rhs batch broadcast
    ("Qr", _qr((2, 4, 3))),
    ("Qr", _qr((3, 3))),
    ("Qr", _qr((2, 3, 5))),
    ("Svd", _svd((2, 4, 3))),
    ("Svd", _svd((3, 5))),
    ("Svd", _svd((3, 3), full_matrices=True)),
    ("Svd", _singular_values),
    ("SelfAdjointEigV2", _eigh),
    ("SelfAdjointEigV2", _eigvalsh),
    ("Cross", _cross),
]
