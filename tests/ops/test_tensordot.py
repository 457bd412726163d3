"""tf.tensordot: TF1's axes forms, shapes and values (literals from tensorflow.compat.v1), and its gradient."""
import numpy as np
import pytest

import jupyter_flow as tf

rng = np.random.RandomState(0)
A = rng.randn(2, 3, 4).astype(np.float32)
B = rng.randn(4, 5).astype(np.float32)
C = rng.randn(3, 2, 6).astype(np.float32)


@pytest.mark.parametrize("operands, axes, shape, first", [
    ((A, B), 1, (2, 3, 5), [3.574, -4.70024, -1.74593, -3.33221]),
    ((A, C), [[0, 1], [1, 0]], (4, 6), [-3.60474, -0.74971, -1.3704, 0.65978]),
    ((A, B), [[2], [0]], (2, 3, 5), [3.574, -4.70024, -1.74593, -3.33221]),
    ((B, B), 0, (4, 5, 4, 5), [5.15179, -3.30105, 0.10386, -0.42486]),
    ((A, C), [[-3], [1]], (3, 4, 3, 6), [-1.58054, -0.47834, -2.59874, 0.47303]),
])
def test_tensordot_matches_tf1_for_each_axes_form(operands, axes, shape, first):
    out = tf.tensordot(tf.constant(operands[0]), tf.constant(operands[1]), axes)
    with tf.Session() as sess:
        value = sess.run(out)
    assert value.shape == shape and out.shape.as_list() == list(shape)
    np.testing.assert_allclose(value.ravel()[:4], first, atol=1e-4)
    np.testing.assert_allclose(value, np.tensordot(*operands, axes=axes if isinstance(axes, int) else axes),
                               rtol=1e-5, atol=1e-5)


def test_tensordot_gradient_matches_tf1():
    a = tf.constant(A)
    out = tf.tensordot(a, tf.constant(C), [[0, 1], [1, 0]])
    grad = tf.gradients(tf.reduce_sum(out * out), a)[0]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(grad).ravel()[:5], [27.7965, -0.0319, 16.7027, 10.259, 8.2704], atol=1e-3)


def test_tensordot_with_an_unknown_batch_dimension_as_in_attention_code():
    x = tf.placeholder(tf.float32, [None, 3, 4])
    out = tf.tensordot(x, tf.constant(B), axes=1)
    assert out.shape.as_list() == [None, 3, 5]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(out, {x: A}), np.tensordot(A, B, 1), rtol=1e-5, atol=1e-5)


def test_tensordot_names_the_mismatched_axes():
    with pytest.raises(ValueError, match=r"axis 2 of .* \(size 4\) and axis 0 of .* \(size 3\)"):
        tf.tensordot(tf.constant(A), tf.constant(C), 1)
