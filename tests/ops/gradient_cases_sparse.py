"""Numeric gradient checks of the SparseTensor ops (the registry-wide test picks up CASES): gradients
flow to the values (and the dense operand or default value), never to indices or shapes."""
from tests.ops.gradient_cases_shape import ph

ORDERED = [[0, 0], [1, 2], [2, 1]]
UNORDERED = [[2, 1], [0, 2], [0, 0], [1, 1]]  # row 3 of a [4, 3] tensor stays empty


def _sparse(tf, indices, dense_shape):
    values = ph(tf, (len(indices),))
    return tf.SparseTensor(indices, values, dense_shape), values


def _dense_matmul(adjoint_a, adjoint_b):
    def build(tf, rng):
        sp, values = _sparse(tf, ORDERED, [3, 3])
        b = ph(tf, (2, 3) if adjoint_b else (3, 2))
        y = tf.sparse_tensor_dense_matmul(sp, b, adjoint_a=adjoint_a, adjoint_b=adjoint_b)
        return y, [values, b], [rng.uniform(-2, 2, size=3), rng.uniform(-2, 2, size=(2, 3) if adjoint_b else (3, 2))]
    return build


def _to_dense(tf, rng):
    values, default = ph(tf, (2,)), ph(tf, ())
    y = tf.sparse_to_dense([[0, 1], [2, 0]], [3, 2], values, default_value=default)
    return y, [values, default], [rng.uniform(-2, 2, size=2), 0.7]


def _reorder(tf, rng):
    sp, values = _sparse(tf, UNORDERED, [4, 3])
    return tf.sparse_reorder(sp).values, [values], [rng.uniform(-2, 2, size=4)]


def _fill_empty_rows(tf, rng):
    sp, values = _sparse(tf, [[0, 0], [1, 2], [3, 1]], [5, 3])  # rows 2 and 4 are empty
    default = ph(tf, ())
    filled, _ = tf.sparse_fill_empty_rows(sp, default)
    return filled.values, [values, default], [rng.uniform(-2, 2, size=3), -0.4]


def _softmax(tf, rng):
    sp, values = _sparse(tf, [[0, 0], [0, 2], [1, 1], [2, 0], [2, 1]], [3, 3])
    return tf.sparse_softmax(sp).values, [values], [rng.uniform(-2, 2, size=5)]


def _add_sparse(tf, rng):
    a, va = _sparse(tf, [[0, 0], [1, 2]], [3, 3])
    b, vb = _sparse(tf, [[0, 0], [2, 1]], [3, 3])
    return tf.sparse_add(a, b).values, [va, vb], [rng.uniform(-2, 2, size=2), rng.uniform(-2, 2, size=2)]


CASES = [
    ("SparseTensorDenseMatMul", _dense_matmul(False, False)),
    ("SparseTensorDenseMatMul", _dense_matmul(True, True)),
    ("SparseToDense", _to_dense),
    ("SparseReorder", _reorder),
    ("SparseFillEmptyRows", _fill_empty_rows),
    ("SparseSoftmax", _softmax),
    ("SparseAdd", _add_sparse),
]
