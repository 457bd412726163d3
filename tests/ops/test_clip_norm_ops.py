"""clip_by_norm, clip_by_global_norm, clip_by_average_norm and global_norm against TF1's values."""
import numpy as np
import pytest

import jupyter_flow as tf


def test_clipping_matches_tf1():
    a = tf.constant([[3.0, 4.0], [0.3, 0.4]])
    b = tf.constant([12.0, 0.0, 5.0])
    cn = tf.clip_by_norm(a, 2.0)
    cn_rows = tf.clip_by_norm(a, 2.0, axes=[1])
    (ga, gb), norm = tf.clip_by_global_norm([a, b], 5.0)
    can = tf.clip_by_average_norm(a, 0.5)
    g_rows = tf.gradients(tf.reduce_sum(cn_rows * tf.constant([[1.0, 2.0], [3.0, -1.0]])), a)[0]
    assert (cn.name, can.name, norm.name) == ("clip_by_norm:0", "clip_by_average_norm:0", "global_norm/global_norm:0")
    with tf.Session() as sess:
        values = sess.run([cn, cn_rows, ga, gb, norm, can, g_rows])
    want = [[[1.1940447092056274, 1.59205961227417], [0.11940447241067886, 0.15920595824718475]],
            [[1.2000000476837158, 1.600000023841858], [0.30000001192092896, 0.4000000059604645]],
            [[1.0762439966201782, 1.4349919557571411], [0.10762440413236618, 0.1434991955757141]],
            [4.304975986480713, 0.0, 1.793739914894104], 13.937359809875488,
            [[1.1940447092056274, 1.59205961227417], [0.11940447241067886, 0.15920595824718475]],
            [[-0.12799999117851257, 0.09600001573562622], [3.0, -1.0]]]
    for got, expected in zip(values, want):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)


def test_clip_by_global_norm_keeps_none_and_clips_gradients_for_an_optimizer():
    w = tf.Variable([3.0, 4.0])
    loss = tf.reduce_sum(w * w)
    opt = tf.train.GradientDescentOptimizer(1.0)
    grads, variables = zip(*opt.compute_gradients(loss, var_list=[w]))
    clipped, norm = tf.clip_by_global_norm(list(grads) + [None], 1.0)
    assert clipped[-1] is None
    train_op = opt.apply_gradients(zip(clipped[:-1], variables))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert np.isclose(sess.run(norm), 10.0)
        sess.run(train_op)
        np.testing.assert_allclose(sess.run(w), [3.0 - 0.6, 4.0 - 0.8], rtol=1e-6)


def test_max_norm_by_assigning_clipped_weights():
    w = tf.Variable([[3.0, 4.0], [0.3, 0.4]])
    clip_weights = tf.assign(w, tf.clip_by_norm(w, clip_norm=1.0, axes=1))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(clip_weights)
        np.testing.assert_allclose(np.linalg.norm(sess.run(w), axis=1), [1.0, 0.5], rtol=1e-6)


def test_global_norm_needs_a_list():
    with pytest.raises(TypeError, match="sequence"):
        tf.clip_by_global_norm(tf.constant([1.0]), 1.0)
