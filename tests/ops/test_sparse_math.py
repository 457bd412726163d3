"""tf.sparse_reduce_sum(_sparse), sparse_add (sparse+sparse with threshold, sparse+dense), sparse_softmax,
sparse_maximum/minimum, the old tf.sparse_to_dense, sparse.from_dense and sparse.eye: values written in
from TF 2.21's tf.compat.v1, gradients as TF1's, and the order/bounds errors."""
import numpy as np
import pytest

import jupyter_flow as tf

SP = ([[0, 1], [2, 0], [2, 3]], [1.0, 2.0, -3.0], [3, 4])
B = ([[0, 1], [1, 1], [2, 3]], [10.0, 20.0, 3.0], [3, 4])
SOFT = ([[0, 0], [0, 2], [1, 1], [2, 0], [2, 1], [2, 3]], [1.0, 2.0, 3.0, 0.5, -1.0, 2.0], [3, 4])


def run(x):
    with tf.Session() as sess:
        v = sess.run(x)
    if isinstance(v, tf.SparseTensorValue):
        return v.indices.tolist(), v.values.tolist(), v.dense_shape.tolist()
    return v.tolist()


def test_reduce_sum_over_all_one_and_negative_axes():
    sp = tf.SparseTensor(*SP)
    assert run(tf.sparse_reduce_sum(sp)) == 0.0
    assert run(tf.sparse.reduce_sum(sp, 0)) == [2.0, 1.0, 0.0, -3.0]
    assert run(tf.sparse_reduce_sum(sp, -1)) == [1.0, 0.0, -1.0]
    keep = tf.sparse_reduce_sum(sp, 1, keepdims=True)
    assert keep.shape.as_list() == [3, 1] and run(keep) == [[1.0], [0.0], [-1.0]]
    assert tf.sparse_reduce_sum(sp, 1).shape.as_list() == [3]
    assert run(tf.sparse_reduce_sum_sparse(sp, 1)) == ([[0], [2]], [1.0, -1.0], [3])


def test_reduce_sum_of_a_fed_placeholder_and_its_gradient():
    values = tf.constant(SP[1])
    total = tf.sparse_reduce_sum(tf.SparseTensor(SP[0], values, SP[2]), 1)
    grad = tf.gradients(tf.reduce_sum(total * tf.constant([1.0, 2.0, 3.0])), values)[0]
    assert run(grad) == [1.0, 3.0, 3.0]
    fed = tf.sparse_placeholder(tf.float32, shape=[None, 5])
    rows = tf.sparse_reduce_sum(fed, axis=1)
    with tf.Session() as sess:
        assert sess.run(rows, {fed: ([[0, 4], [1, 0], [1, 1]], [1.0, 2.0, 3.0], [2, 5])}).tolist() == [1.0, 5.0]


def test_sparse_plus_sparse_with_and_without_threshold():
    a, b = tf.SparseTensor(*SP), tf.SparseTensor(*B)
    assert run(tf.sparse_add(a, b)) == ([[0, 1], [1, 1], [2, 0], [2, 3]], [11.0, 20.0, 2.0, 0.0], [3, 4])
    assert run(tf.sparse.add(a, b, 0.5)) == ([[0, 1], [1, 1], [2, 0]], [11.0, 20.0, 2.0], [3, 4])


def test_sparse_plus_dense_is_dense():
    out = tf.sparse_add(tf.SparseTensor(*SP), tf.ones([3, 4]))
    assert out.shape.as_list() == [3, 4]
    assert run(out) == [[1.0, 2.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0], [3.0, 1.0, 1.0, -2.0]]


def test_sparse_add_gradient_to_both_operands():
    va, vb = tf.constant(SP[1]), tf.constant(B[1])
    out = tf.sparse_add(tf.SparseTensor(SP[0], va, SP[2]), tf.SparseTensor(B[0], vb, B[2]))
    ga, gb = tf.gradients(tf.reduce_sum(out.values * tf.constant([1.0, 2.0, 3.0, 4.0])), [va, vb])
    assert run(ga) == [1.0, 3.0, 4.0] and run(gb) == [1.0, 2.0, 4.0]


def test_sparse_add_refuses_unordered_indices():
    unordered = tf.SparseTensor([[2, 0], [0, 1]], [1.0, 2.0], [3, 4])
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="SparseAdd.*out of order.*reorder"):
        sess.run(tf.sparse_add(unordered, tf.SparseTensor(*SP)).values)


def test_softmax_per_row_and_gradient():
    values = tf.constant(SOFT[1])
    out = tf.sparse_softmax(tf.SparseTensor(SOFT[0], values, SOFT[2]))
    np.testing.assert_allclose(run(out.values), [0.26894143, 0.7310586, 1.0, 0.17529039, 0.03911257, 0.78559703],
                               rtol=1e-6)
    grad = tf.gradients(tf.reduce_sum(out.values * tf.constant([1.0, -2.0, 3.0, 1.0, 2.0, -1.0])), values)[0]
    np.testing.assert_allclose(run(grad), [0.5898358, -0.5898358, 0.0, 0.26855916, 0.09903622, -0.3675954],
                               rtol=1e-5, atol=1e-7)


def test_maximum_and_minimum_count_absent_entries_as_zero():
    a, b = tf.SparseTensor(*SP), tf.SparseTensor(*B)
    assert run(tf.sparse_maximum(a, b)) == ([[0, 1], [1, 1], [2, 0], [2, 3]], [10.0, 20.0, 2.0, 3.0], [3, 4])
    assert run(tf.sparse.minimum(a, b)) == ([[0, 1], [1, 1], [2, 0], [2, 3]], [1.0, 0.0, 0.0, -3.0], [3, 4])


def test_old_sparse_to_dense_forms_and_gradient():
    assert run(tf.sparse_to_dense([[0, 1], [2, 0]], [3, 2], [5, 6], default_value=-1)) == [[-1, 5], [-1, -1], [6, -1]]
    assert run(tf.sparse_to_dense([1, 3], [5], 7.0)) == [0.0, 7.0, 0.0, 7.0, 0.0]
    values, default = tf.constant([5.0, 6.0]), tf.constant(-1.0)
    dense = tf.sparse_to_dense([[0, 1], [2, 0]], [3, 2], values, default)
    gv, gd = tf.gradients(tf.reduce_sum(dense * tf.reshape(tf.range(1.0, 7.0), [3, 2])), [values, default])
    assert run(gv) == [2.0, 5.0] and run(gd) == 14.0


@pytest.mark.parametrize("indices,message", [([[0, 1], [0, 0]], "out of order"), ([[0, 1], [0, 1]], "repeated"),
                                             ([[0, 1], [3, 0]], r"out of bounds")])
def test_sparse_to_dense_names_the_bad_index(indices, message):
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match=f"SparseToDense.*{message}"):
        sess.run(tf.sparse_to_dense(indices, [3, 2], [5, 6]))


def test_validate_indices_false_accepts_unordered_indices():
    assert run(tf.sparse_to_dense([[2, 0], [0, 1]], [3, 2], [5, 6], validate_indices=False)) == [[0, 6], [0, 0], [5, 0]]


def test_from_dense_and_eye():
    sp = tf.sparse.from_dense(tf.constant([[0, 1.0], [2, 0]]))
    assert sp.shape.as_list() == [2, 2]
    assert run(sp) == ([[0, 1], [1, 0]], [1.0, 2.0], [2, 2])
    eye = tf.sparse.eye(2, 3)
    assert eye.dtype == tf.float32 and eye.shape.as_list() == [2, 3]
    assert run(eye) == ([[0, 0], [1, 1]], [1.0, 1.0], [2, 3])
