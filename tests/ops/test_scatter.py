"""Scatter/gather by index: TF1's values (checked against tensorflow.compat.v1)."""
import numpy as np
import pytest

import jupyter_flow as tf


def _run(*fetches, init=True):
    with tf.Session() as sess:
        if init:
            sess.run(tf.global_variables_initializer())
        return sess.run(list(fetches))


def test_scatter_add_accumulates_repeated_indices_and_returns_the_updated_ref():
    with tf.Graph().as_default():
        v = tf.Variable([[1., 2.], [3., 4.], [5., 6.]])
        out = tf.scatter_add(v, [0, 0, 2], [[1., 1.], [2., 2.], [10., 10.]])
        got, after = _run(out, v)
    np.testing.assert_array_equal(got, [[4., 5.], [3., 4.], [15., 16.]])
    np.testing.assert_array_equal(after, got)


def test_scatter_update_last_repeat_wins_and_other_combiners():
    with tf.Graph().as_default():
        v = tf.Variable([1., 2., 3., 4.])
        w = tf.Variable([8., 8., 8.])
        up = tf.scatter_update(v, [1, 1], [7., 9.])
        mul = tf.scatter_mul(w, [0, 2], [2., 0.5])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            np.testing.assert_array_equal(sess.run(up), [1., 9., 3., 4.])
            np.testing.assert_array_equal(sess.run(mul), [16., 8., 4.])
            np.testing.assert_array_equal(sess.run(tf.scatter_max(v, [0], [5.])), [5., 9., 3., 4.])
            np.testing.assert_array_equal(sess.run(tf.scatter_min(v, [1], [2.])), [5., 2., 3., 4.])
            np.testing.assert_array_equal(sess.run(tf.scatter_sub(v, [3, 3], [1., 1.])), [5., 2., 3., 2.])
            np.testing.assert_array_equal(sess.run(tf.scatter_div(w, [1], [4.])), [16., 2., 4.])


def test_scatter_out_of_range_index_names_index_and_bound_and_leaves_variable():
    with tf.Graph().as_default():
        v = tf.Variable([1., 2., 3.])
        bad = tf.scatter_update(v, [0, 5], [9., 9.])
        with tf.Session() as sess:
            sess.run(v.initializer)
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = 5 is not in \[0, 3\)"):
                sess.run(bad)
            np.testing.assert_array_equal(sess.run(v), [1., 2., 3.])


def test_scatter_nd_update_add_sub_on_variable():
    with tf.Graph().as_default():
        v = tf.Variable([[1, 2], [3, 4]])
        with tf.Session() as sess:
            sess.run(v.initializer)
            np.testing.assert_array_equal(sess.run(tf.scatter_nd_update(v, [[0, 1], [1, 0]], [20, 30])),
                                          [[1, 20], [30, 4]])
            np.testing.assert_array_equal(sess.run(tf.scatter_nd_add(v, [[1]], [[1, 1]])), [[1, 20], [31, 5]])
            np.testing.assert_array_equal(sess.run(tf.scatter_nd_sub(v, [[0, 0], [0, 0]], [1, 1])),
                                          [[-1, 20], [31, 5]])
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match=r"indices\[0\] = \[2, 0\] does not index into shape \[2,2\]"):
                sess.run(tf.scatter_nd_update(v, [[2, 0]], [1]))


def test_scatter_nd_and_tensor_scatter_values():
    got = _run(tf.scatter_nd([[4], [3], [1], [7], [1]], [9., 10., 11., 12., 1.], [8]),
               tf.tensor_scatter_nd_update([[1, 2], [3, 4]], [[1, 1]], [9]),
               tf.tensor_scatter_nd_add([1., 2., 3.], [[0], [0]], [5., 5.]),
               tf.tensor_scatter_nd_sub([1., 2., 3.], [[2]], [1.]),
               tf.gather_nd([[1, 2], [3, 4]], [[1, 0], [0, 1]]),
               tf.gather_nd([[1, 2], [3, 4]], [[1]]), init=False)
    np.testing.assert_array_equal(got[0], [0., 12., 0., 10., 9., 0., 0., 12.])
    np.testing.assert_array_equal(got[1], [[1, 2], [3, 9]])
    np.testing.assert_array_equal(got[2], [11., 2., 3.])
    np.testing.assert_array_equal(got[3], [1., 2., 2.])
    np.testing.assert_array_equal(got[4], [3, 2])
    np.testing.assert_array_equal(got[5], [[3, 4]])


def test_scatter_nd_gradient_wrt_updates_is_gather_nd():
    with tf.Graph().as_default():
        u = tf.constant([1., 2., 3.])
        out = tf.scatter_nd([[0], [2], [0]], u, [4])
        g, = tf.gradients(out * tf.constant([10., 20., 30., 40.]), [u])
        t = tf.constant([1., 2., 3.])
        upd = tf.constant([5.])
        s = tf.tensor_scatter_nd_update(t, [[1]], upd)
        gt, gu = tf.gradients(s * tf.constant([2., 3., 4.]), [t, upd])
        got = _run(g, gt, gu, init=False)
    np.testing.assert_array_equal(got[0], [10., 30., 10.])
    np.testing.assert_array_equal(got[1], [2., 0., 4.])
    np.testing.assert_array_equal(got[2], [3.])


def test_variable_scatter_methods_take_indices_and_values():
    class Slices:
        indices, values = [2], [[7., 7.]]
    with tf.Graph().as_default():
        v = tf.Variable([[0., 0.], [1., 1.], [2., 2.]])
        with tf.Session() as sess:
            sess.run(v.initializer)
            np.testing.assert_array_equal(sess.run(v.scatter_add(Slices())), [[0., 0.], [1., 1.], [9., 9.]])
            np.testing.assert_array_equal(sess.run(v.scatter_nd_update([[0, 0]], [5.])), [[5., 0.], [1., 1.], [9., 9.]])
