"""tf.sparse_tensor_dense_matmul / tf.sparse.sparse_dense_matmul: values against NumPy for every adjoint
combination, TF1's gradients to the sparse values and to the dense matrix, and the errors."""
import numpy as np
import pytest

import jupyter_flow as tf

INDICES = [[0, 1], [1, 0], [1, 3], [2, 2]]
VALUES = [1.5, -2.0, 0.5, 3.0]
DENSE_A = np.zeros((3, 4), np.float32)
for (r, c), v in zip(INDICES, VALUES):
    DENSE_A[r, c] = v


@pytest.mark.parametrize("adjoint_a,adjoint_b", [(False, False), (True, False), (False, True), (True, True)])
def test_values_equal_the_dense_product(adjoint_a, adjoint_b):
    rng = np.random.RandomState(0)
    a = DENSE_A.T if adjoint_a else DENSE_A
    b_logical = rng.randn(a.shape[1], 2).astype(np.float32)
    b = b_logical.T if adjoint_b else b_logical
    sp = tf.SparseTensor(INDICES, VALUES, [3, 4])
    out = tf.sparse.sparse_dense_matmul(sp, b, adjoint_a=adjoint_a, adjoint_b=adjoint_b)
    assert out.shape.as_list() == [a.shape[0], 2]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(out), a @ b_logical, rtol=1e-6)


def test_gradients_to_values_and_dense_matrix_are_tf1s():
    values = tf.constant(VALUES)
    b = tf.constant(np.arange(8, dtype=np.float32).reshape(4, 2))
    weights = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 4.0]], np.float32)
    out = tf.sparse_tensor_dense_matmul(tf.SparseTensor(INDICES, values, [3, 4]), b)
    g_values, g_b = tf.gradients(tf.reduce_sum(out * weights), [values, b])
    with tf.Session() as sess:
        gv, gb = sess.run([g_values, g_b])
    b_np = np.arange(8, dtype=np.float32).reshape(4, 2)
    expected_gv = [weights[r] @ b_np[c] for r, c in INDICES]
    np.testing.assert_allclose(gv, expected_gv, rtol=1e-6)
    np.testing.assert_allclose(gb, DENSE_A.T @ weights, rtol=1e-6)


def test_gradients_with_both_adjoints():
    values = tf.constant(VALUES)
    b_np = np.arange(6, dtype=np.float32).reshape(2, 3)  # op(b) = b.T is [3, 2]
    b = tf.constant(b_np)
    weights = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 4.0], [2.0, 2.0]], np.float32)
    out = tf.sparse_tensor_dense_matmul(tf.SparseTensor(INDICES, values, [3, 4]), b, adjoint_a=True, adjoint_b=True)
    g_values, g_b = tf.gradients(tf.reduce_sum(out * weights), [values, b])
    with tf.Session() as sess:
        gv, gb = sess.run([g_values, g_b])
    # out = A.T @ B.T: d/dA[r, c] = weights[c] . B.T[r], d/dB = (A @ weights).T
    np.testing.assert_allclose(gv, [weights[c] @ b_np.T[r] for r, c in INDICES], rtol=1e-6)
    np.testing.assert_allclose(gb, (DENSE_A @ weights).T, rtol=1e-6)


def test_an_index_out_of_range_names_the_op_and_the_entry():
    sp = tf.SparseTensor([[0, 1], [0, 5]], [1.0, 2.0], [3, 4])
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match=r"SparseTensorDenseMatMul.*1 = \[0,5\]"):
        sess.run(tf.sparse_tensor_dense_matmul(sp, tf.ones([4, 2])))


def test_mismatched_inner_dimensions_are_refused_when_the_graph_is_built():
    sp = tf.SparseTensor(INDICES, VALUES, [3, 4])
    with pytest.raises(ValueError, match="inner dimensions differ"):
        tf.sparse_tensor_dense_matmul(sp, tf.ones([3, 2]))
