"""tf.clip_by_value: values, gradient and name as TF1."""
import numpy as np
import pytest

import jupyter_flow as tf


def test_clip_by_value_clips_and_passes_the_gradient_inside_the_range():
    a = tf.constant([[-2.0, 0.5], [1.0, 3.0]])
    c = tf.clip_by_value(a, -1.0, 1.0)
    assert (c.name, str(c.shape)) == ("clip_by_value:0", "(2, 2)")
    (g,) = tf.gradients(tf.reduce_sum(c * tf.constant([[1.0, 2.0], [3.0, 4.0]])), a)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(c), [[-1.0, 0.5], [1.0, 1.0]])
        np.testing.assert_array_equal(sess.run(g), [[0.0, 2.0], [3.0, 0.0]])  # 1 at the range's ends too
        assert sess.run(tf.clip_by_value(tf.constant([5, -5]), 0, 3)).tolist() == [3, 0]


def test_clip_by_value_refuses_to_broadcast_the_tensor():
    with pytest.raises(ValueError, match="clip_by_value would broadcast"):
        tf.clip_by_value(tf.ones([2]), tf.zeros([3, 2]), 1.0)
