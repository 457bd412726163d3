"""tf.sparse_placeholder fed through feed_dict, SparseTensor.from_value / .shape, and
tf.convert_to_tensor_or_sparse_tensor (names and static shapes as TF1's)."""
import numpy as np
import pytest

import jupyter_flow as tf


def test_named_sparse_placeholder_has_tf1_names_and_unknown_shape():
    sp = tf.sparse_placeholder(tf.float32, name="sp")
    assert (sp.indices.name, sp.values.name, sp.dense_shape.name) == ("sp/indices:0", "sp/values:0", "sp/shape:0")
    assert sp.dense_shape.op.type == "Placeholder"
    assert sp.shape.ndims is None and sp.indices.shape.as_list() == [None, None]


def test_a_given_shape_is_the_static_shape_and_the_default_dense_shape():
    sp = tf.sparse_placeholder(tf.float32, shape=[3, None], name="sp2")
    assert sp.shape.as_list() == [3, None] and sp.get_shape().as_list() == [3, None]
    assert sp.dense_shape.op.type == "PlaceholderWithDefault"
    assert sp.indices.shape.as_list() == [None, 2]
    full = tf.sparse_placeholder(tf.float32, shape=[3, 4])
    dense = tf.sparse_tensor_to_dense(full)
    assert dense.shape.as_list() == [3, 4]
    with tf.Session() as sess:
        got = sess.run(dense, {full: ([[0, 1], [2, 3]], [1.5, -2.0], [3, 4])})
        np.testing.assert_array_equal(got, [[0, 1.5, 0, 0], [0, 0, 0, 0], [0, 0, 0, -2.0]])
        assert sess.run(sp.dense_shape, {sp: ([[0, 0]], [1.0], [3, 5])}).tolist() == [3, 5]


def test_feeding_a_sparse_tensor_value_and_fetching_it_back():
    sp = tf.sparse_placeholder(tf.int32)
    doubled = tf.SparseTensor(sp.indices, sp.values * 2, sp.dense_shape)
    value = tf.SparseTensorValue(np.array([[0, 0], [1, 2]]), np.array([3, 4], np.int32), np.array([2, 3]))
    with tf.Session() as sess:
        got = sess.run(doubled, {sp: value})
    assert isinstance(got, tf.SparseTensorValue)
    assert got.indices.tolist() == [[0, 0], [1, 2]] and got.values.tolist() == [6, 8]
    assert got.dense_shape.tolist() == [2, 3]


def test_a_malformed_feed_is_refused_with_the_expected_form():
    sp = tf.sparse_placeholder(tf.float32)
    with tf.Session() as sess, pytest.raises(ValueError, match="SparseTensorValue or an"):
        sess.run(tf.sparse_tensor_to_dense(sp), {sp: [[0, 0]]})


def test_from_value_shape_and_eval():
    value = tf.SparseTensorValue([[0, 1], [2, 0]], [1.0, 2.0], [3, 4])
    sp = tf.SparseTensor.from_value(value)
    assert tf.SparseTensor.from_value(sp) is sp
    assert sp.shape.as_list() == [3, 4] and sp.op is sp.values.op
    with tf.Session():
        got = sp.eval()
    assert got.values.tolist() == [1.0, 2.0] and got.dense_shape.tolist() == [3, 4]
    with pytest.raises(TypeError, match="SparseTensorValue"):
        tf.SparseTensor.from_value([1, 2])


def test_convert_to_tensor_or_sparse_tensor():
    value = tf.SparseTensorValue([[0]], [1.0], [2])
    sp = tf.convert_to_tensor_or_sparse_tensor(value)
    assert isinstance(sp, tf.SparseTensor) and sp.dtype == tf.float32
    assert tf.convert_to_tensor_or_sparse_tensor(sp) is sp
    dense = tf.convert_to_tensor_or_sparse_tensor([1, 2], dtype=tf.int64)
    assert dense.dtype == tf.int64
    with pytest.raises(ValueError, match="Sparse dtype"):
        tf.convert_to_tensor_or_sparse_tensor(sp, dtype=tf.int32)
