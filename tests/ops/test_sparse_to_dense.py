"""tf.sparse_tensor_to_dense / tf.sparse.to_dense (TF1's values), and its gradient in the values."""
import numpy as np
import pytest

import jupyter_flow as tf


def test_string_split_to_dense_pads_with_empty_strings():
    dense = tf.sparse_tensor_to_dense(tf.string_split(["a b", "c"]), default_value="")
    with tf.Session() as sess:
        assert sess.run(dense).tolist() == [[b"a", b"b"], [b"c", b""]]


def test_numeric_sparse_tensor_to_dense_with_a_default_value():
    sp = tf.SparseTensor([[0, 1], [2, 0]], [1.5, -2.0], [3, 2])
    with tf.Session() as sess:
        assert sess.run(tf.sparse.to_dense(sp, default_value=7)).tolist() == [[7, 1.5], [7, 7], [-2, 7]]
        assert sess.run(tf.sparse_tensor_to_dense(sp)).tolist() == [[0, 1.5], [0, 0], [-2, 0]]


def test_gradient_flows_to_the_values():
    values = tf.Variable([1.5, -2.0])
    sp = tf.SparseTensor([[0, 1], [2, 0]], values, [3, 2])
    loss = tf.reduce_sum(tf.sparse_tensor_to_dense(sp) * tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    grad = tf.gradients(loss, values)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(grad), [2.0, 5.0])


def test_a_dense_tensor_is_refused_with_a_clear_message():
    with pytest.raises(TypeError, match="expects a tf.SparseTensor"):
        tf.sparse_tensor_to_dense(tf.zeros([2]))
