"""Feeding Python scalars keeps them scalars, whatever the placeholder's dtype."""
import numpy as np

import jupyter_flow as tf


def test_feeding_python_scalars_to_scalar_placeholders_of_other_widths():
    with tf.Graph().as_default(), tf.Session() as sess:
        lr = tf.placeholder(tf.float32, (), name="learning_rate")
        n = tf.placeholder(tf.int32, ())
        anything = tf.placeholder(tf.float32)
        out = sess.run([lr * 2, n + 1, anything], {lr: 0.5, n: 2, anything: 3.0})
    assert out[0] == np.float32(1.0) and out[1] == 3
    assert np.shape(out[2]) == () and out[2] == 3.0
