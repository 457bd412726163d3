"""tf.nn.l2_normalize: TF1's values (an all-zero row stays zero through the epsilon floor), names and
gradient, computed by tensorflow.compat.v1 from the same inputs."""
import numpy as np
import pytest

import jupyter_flow as tf

X = [[3.0, 4.0], [0.0, 0.0], [1e-7, 0.0]]


def test_l2_normalize_matches_tf1_along_rows_columns_and_all_axes():
    x = tf.constant(X)
    rows, cols, whole = tf.nn.l2_normalize(x, axis=1), tf.nn.l2_normalize(x, dim=0), tf.nn.l2_normalize(x)
    assert [t.name for t in (rows, cols, whole)] == ["l2_normalize:0", "l2_normalize_1:0", "l2_normalize_2:0"]
    with tf.Session() as sess:
        r, c, w = sess.run([rows, cols, whole])
    np.testing.assert_allclose(r, [[0.6, 0.8], [0, 0], [0.1, 0]], rtol=1e-6)   # 1e-7 / sqrt(1e-12 floor)
    np.testing.assert_allclose(c, [[1, 1], [0, 0], [3.333334e-08, 0]], rtol=1e-6)
    np.testing.assert_allclose(w, [[0.6, 0.8], [0, 0], [2e-08, 0]], rtol=1e-6)


def test_l2_normalize_gradient_matches_tf1():
    x = tf.constant(X)
    g = tf.gradients(tf.reduce_sum(tf.nn.l2_normalize(x, axis=1) * tf.constant([[1.0, 2.0]] * 3)), x)[0]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(g), [[-0.064, 0.048], [1e6, 2e6], [1e6, 2e6]], rtol=1e-5)


def test_l2_normalize_refuses_axis_and_dim_together():
    with pytest.raises(ValueError, match="axis or its old name dim"):
        tf.nn.l2_normalize(tf.constant(X), axis=1, dim=1)
