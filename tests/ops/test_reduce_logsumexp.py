"""tf.reduce_logsumexp: no overflow for large inputs, -inf for an all -inf slice, softmax as its gradient."""
import numpy as np
import pytest

import jupyter_flow as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def _logsumexp(x, axis=None, keepdims=False):
    axis = tuple(axis) if isinstance(axis, list) else axis
    m = np.max(x, axis=axis, keepdims=True)
    out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


@pytest.mark.parametrize("axis,keepdims", [(None, False), (1, False), (0, True), ([0, 1], False), (-1, True)])
def test_reduce_logsumexp_matches_the_stable_formula(axis, keepdims):
    x = np.random.RandomState(0).randn(3, 4).astype(np.float32) * 30 + 500  # exp would overflow
    with tf.Session() as sess:
        out = sess.run(tf.reduce_logsumexp(x, axis=axis, keepdims=keepdims))
    np.testing.assert_allclose(out, _logsumexp(x.astype(np.float64), axis, keepdims), rtol=1e-6)


def test_reduce_logsumexp_of_all_minus_infinity_is_minus_infinity():
    x = np.array([[-np.inf, -np.inf], [0.0, 0.0]], np.float32)
    with tf.Session() as sess:
        out = sess.run(tf.reduce_logsumexp(x, axis=1))
    assert out[0] == -np.inf and np.isclose(out[1], np.log(2.0))


def test_reduce_logsumexp_gradient_is_the_softmax():
    x = tf.constant(np.random.RandomState(1).randn(2, 5).astype(np.float32))
    grad, = tf.gradients(tf.reduce_sum(tf.reduce_logsumexp(x, axis=1)), [x])
    with tf.Session() as sess:
        g, softmax = sess.run([grad, tf.nn.softmax(x)])
    np.testing.assert_allclose(g, softmax, rtol=1e-5)
