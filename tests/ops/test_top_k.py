"""tf.nn.top_k: values, indices, tie order, shapes and errors as TF1 (literals from tensorflow.compat.v1)."""
import numpy as np
import pytest

import jupyter_flow as tf


def test_top_k_values_and_indices_keep_index_order_on_ties():
    values, indices = tf.nn.top_k(tf.constant([[1.0, 3.0, 3.0, -2.0, 5.0], [0.5, 0.5, 0.5, 0.1, 0.2]]), 3)
    with tf.Session() as sess:
        v, i = sess.run([values, indices])
    assert v.tolist() == [[5.0, 3.0, 3.0], [0.5, 0.5, 0.5]]
    assert i.tolist() == [[4, 1, 2], [0, 1, 2]] and i.dtype == np.int32
    assert values.shape.as_list() == [2, 3]


def test_top_k_of_integers_along_the_last_axis_of_a_3d_tensor():
    result = tf.nn.top_k(tf.constant([[[4, 1, 7], [2, 9, 9]]]), k=2)
    with tf.Session() as sess:
        assert sess.run(result.values).tolist() == [[[7, 4], [9, 9]]]
        assert sess.run(result.indices).tolist() == [[[2, 0], [1, 2]]]


def test_top_k_gradient_goes_back_to_the_selected_entries():
    w = tf.Variable([[1.0, 3.0, 2.0, 0.0]])
    loss = tf.reduce_sum(tf.nn.top_k(w, 2).values * tf.constant([[2.0, 5.0]]))
    grad = tf.gradients(loss, w)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(grad).tolist() == [[0.0, 2.0, 5.0, 0.0]]  # TF1's value


def test_top_k_with_a_fed_k_and_nan_counted_largest():
    x = tf.placeholder(tf.float32, [None, 4])
    k = tf.placeholder(tf.int32, [])
    values, indices = tf.nn.top_k(x, k)
    assert values.shape.as_list() == [None, None]
    with tf.Session() as sess:
        v, i = sess.run([values, indices], {x: [[1.0, np.nan, 4.0, 2.0]], k: 2})
    assert np.isnan(v[0, 0]) and v[0, 1] == 4.0 and i.tolist() == [[1, 2]]


def test_top_k_larger_than_the_last_axis_is_refused_at_build_and_run_time():
    with pytest.raises(ValueError, match="input must have last dimension >= k = 6 but is 5"):
        tf.nn.top_k(tf.zeros([2, 5]), 6)
    x = tf.placeholder(tf.float32, [None, None])
    k = tf.placeholder(tf.int32, [])
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError,
                                             match="input must have at least k columns. Had 3, needed 4"):
        sess.run(tf.nn.top_k(x, k), {x: np.zeros((2, 3)), k: 4})
