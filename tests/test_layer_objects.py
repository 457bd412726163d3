import numpy as np
import pytest

import jupyter_flow as tf


def test_dense_object_shares_one_kernel_across_calls_with_tf1_names():
    with tf.Graph().as_default():
        a = tf.constant(np.ones((2, 3), np.float32))
        b = tf.constant(np.full((4, 3), 2.0, np.float32))
        layer = tf.layers.Dense(5, kernel_initializer=tf.ones_initializer(), name="out")
        ya, yb = layer(a), layer(b)
        other = tf.layers.Dense(2, use_bias=False)
        other(a)
        assert [v.name for v in layer.variables] == ["out/kernel:0", "out/bias:0"]
        assert layer.kernel.name == "out/kernel:0" and layer.name == "out"
        assert [v.name for v in other.variables] == ["dense/kernel:0"] and other.bias is None
        assert len(tf.trainable_variables()) == 3
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            va, vb = sess.run([ya, yb])
    np.testing.assert_array_equal(va, np.full((2, 5), 3.0))
    np.testing.assert_array_equal(vb, np.full((4, 5), 6.0))


def test_dense_object_rejects_inputs_without_known_features():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, (None, None), name="x")
        with pytest.raises(ValueError, match="'x:0'"):
            tf.layers.Dense(3)(x)
