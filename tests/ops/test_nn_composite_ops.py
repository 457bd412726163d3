"""tf.nn functions TF1 composes from other ops; expected values are TF 1.x's outputs for the same inputs."""
import numpy as np
import pytest

import jupyter_flow as tf

X = np.array([[-3.0, 0.5, 7.0], [2.0, 0.0, -1.0]], np.float32)
W = np.eye(3, dtype=np.float32)
B = np.array([1, 0, -1], np.float32)
Z = np.array([[1, 0, 1], [0, 1, 0]], np.float32)

CASES = {
    "relu6": (lambda: tf.nn.relu6(X), [[0.0, 0.5, 6.0], [2.0, 0.0, 0.0]]),
    "swish": (lambda: tf.nn.swish(X), [[-0.14228, 0.31123, 6.99362], [1.76159, 0.0, -0.26894]]),
    "xw_plus_b": (lambda: tf.nn.xw_plus_b(X, W, B), [[-2.0, 0.5, 6.0], [3.0, 0.0, -2.0]]),
    "relu_layer": (lambda: tf.nn.relu_layer(X, W, B), [[0.0, 0.5, 6.0], [3.0, 0.0, 0.0]]),
    "zero_fraction": (lambda: tf.nn.zero_fraction(tf.nn.relu(X)), 0.5),
    "weighted_xent": (lambda: tf.nn.weighted_cross_entropy_with_logits(targets=Z, logits=X, pos_weight=2.0),
                      [[6.09717, 0.97408, 0.00182], [2.12693, 1.38629, 0.31326]]),
    "log_poisson_full": (lambda: tf.nn.log_poisson_loss(Z + 2, X, compute_full_loss=True),
                         [[10.81387, 1.30053, 1077.39722], [4.04086, 2.76408, 3.01969]]),
    "moments": (lambda: tf.nn.normalize_moments(*tf.nn.sufficient_statistics(X, [0])),
                [[-0.5, 0.25, 3.0], [6.25, 0.0625, 16.0]]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_composite_nn_function_gives_tf1_values(case):
    build, expected = CASES[case]
    with tf.Graph().as_default(), tf.Session() as sess:
        np.testing.assert_allclose(np.asarray(sess.run(build())), expected, rtol=1e-4, atol=1e-5)


def test_relu6_gradient_is_one_only_between_zero_and_six():
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.constant(X)
        grad, = tf.gradients(tf.reduce_sum(tf.nn.relu6(x)), [x])
        np.testing.assert_array_equal(sess.run(grad), [[0, 1, 0], [1, 0, 0]])


def test_weighted_cross_entropy_needs_pos_weight():
    with pytest.raises(ValueError, match="pos_weight"):
        tf.nn.weighted_cross_entropy_with_logits(targets=Z, logits=X)
