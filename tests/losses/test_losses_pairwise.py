"""tf.losses.cosine_distance and mean_pairwise_squared_error against literals from TF 1.x
(tensorflow.compat.v1): values, names, reductions, weights, gradients, the LOSSES collection, errors."""
import numpy as np
import pytest

import jupyter_flow as tf

Y = np.array([[0., 1., 1.], [1., 0., 1.]], np.float32)
P = np.array([[0.1, 0.8, 0.6], [0.7, 0.3, 0.9]], np.float32)
L = np.array([[0.6, 0.8, 0.0], [0.0, 0.0, 1.0]], np.float32)
Q = np.array([[0.8, 0.6, 0.0], [0.6, 0.0, 0.8]], np.float32)
W_ROWS = np.array([[2.0], [0.5]], np.float32)
R = tf.losses.Reduction


def _run(t):
    with tf.Session() as sess:
        return sess.run(t)


@pytest.mark.parametrize("build,name,expected", [
    (lambda: tf.losses.cosine_distance(L, Q, axis=1), "cosine_distance_loss/value:0", 0.1199999749660492),
    (lambda: tf.losses.cosine_distance(L, Q, axis=1, weights=np.array([[1.0], [0.0]], np.float32)),
     "cosine_distance_loss/value:0", 0.039999961853027344),
    (lambda: tf.losses.cosine_distance(L, Q, dim=0, reduction=R.SUM), None, 1.2400000095367432),
    (lambda: tf.losses.mean_pairwise_squared_error(Y, P), "mean_pairwise_squared_error/value", 0.31333333253860474),
    (lambda: tf.losses.mean_pairwise_squared_error(Y, P, weights=W_ROWS), "mean_pairwise_squared_error/value",
     0.3466666638851166),
    (lambda: tf.losses.mean_pairwise_squared_error(Y, P, weights=3.0), None, 0.940000057220459),
    (lambda: tf.losses.mean_pairwise_squared_error(Y, P, weights=0.0), None, 0.0),
    (lambda: tf.losses.mean_pairwise_squared_error(np.arange(12.).reshape(2, 3, 2) ** 0.5,
                                                   np.arange(12.).reshape(2, 3, 2) * 0.3), None, 0.31920212507247925),
])
def test_pairwise_losses_match_tf1_values(build, name, expected):
    with tf.Graph().as_default():
        loss = build()
        assert loss.shape == () and loss.dtype == tf.float32
        if name is not None:
            assert loss.name.startswith(name)
        np.testing.assert_allclose(_run(loss), expected, rtol=1e-5, atol=1e-6)
        assert tf.get_collection(tf.GraphKeys.LOSSES) == [loss]


def test_cosine_distance_without_reduction_keeps_axis_as_size_one():
    with tf.Graph().as_default():
        loss = tf.losses.cosine_distance(L, Q, axis=1, reduction=R.NONE)
        assert loss.shape.as_list() == [2, 1]
        np.testing.assert_allclose(_run(loss), [[0.039999961853027344], [0.19999998807907104]], rtol=1e-5)


def test_pairwise_loss_gradients_match_tf1():
    with tf.Graph().as_default():
        p, q = tf.constant(P), tf.constant(Q)
        a = tf.losses.mean_pairwise_squared_error(Y, p, weights=W_ROWS)
        b = tf.losses.cosine_distance(L, q, axis=1)
        ga, gb = _run([tf.gradients(a, p)[0], tf.gradients(b, q)[0]])
    np.testing.assert_allclose(ga, [[1.066666603088379, -0.13333332538604736, -0.9333332777023315],
                                    [-0.2666666805744171, 0.3333333432674408, -0.06666667759418488]], rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(gb, [[-0.3, -0.4, 0.0], [0.0, 0.0, -0.5]], rtol=1e-5, atol=1e-6)


def test_mean_pairwise_matches_the_pairs_definition():
    rng = np.random.RandomState(0)
    y, p = rng.rand(3, 5).astype(np.float32), rng.rand(3, 5).astype(np.float32)
    d = p - y
    per_example = [np.mean([(d[b, i] - d[b, j]) ** 2 for i in range(5) for j in range(5) if i != j])
                   for b in range(3)]
    with tf.Graph().as_default():
        got = _run(tf.losses.mean_pairwise_squared_error(y, p))
    np.testing.assert_allclose(got, np.sum(per_example), rtol=1e-4)


def test_cosine_distance_needs_axis():
    with tf.Graph().as_default(), pytest.raises(ValueError, match="axis"):
        tf.losses.cosine_distance(L, Q)


def test_mean_pairwise_weights_of_wrong_rank_are_refused():
    with tf.Graph().as_default(), pytest.raises(ValueError, match="weights can not be broadcast"):
        tf.losses.mean_pairwise_squared_error(Y, P, weights=np.ones(2, np.float32))


def test_cosine_distance_of_mismatched_shapes_names_both():
    with tf.Graph().as_default(), pytest.raises(ValueError, match="incompatible"):
        tf.losses.cosine_distance(L, Q[:, :2], axis=1)
