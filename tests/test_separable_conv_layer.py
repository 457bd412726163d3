"""tf.layers.separable_conv2d and tf.layers.SeparableConv2D against TF 1.x (tensorflow.compat.v1):
variable names and shapes, op names, output shapes, values and gradients (literals from TF)."""
import numpy as np
import pytest

import jupyter_flow as tf

X = (np.arange(2 * 5 * 5 * 3, dtype=np.float32).reshape(2, 5, 5, 3) % 11) / 10.0
DW = (np.arange(3 * 3 * 3 * 2, dtype=np.float32).reshape(3, 3, 3, 2) % 5 - 2) / 4.0
PW = (np.arange(6 * 4, dtype=np.float32).reshape(1, 1, 6, 4) % 7 - 3) / 5.0


def _layer(x):
    return tf.layers.separable_conv2d(x, 4, 3, depth_multiplier=2, padding="same",
                                      depthwise_initializer=tf.constant_initializer(DW),
                                      pointwise_initializer=tf.constant_initializer(PW),
                                      bias_initializer=tf.constant_initializer(0.5), activation=tf.nn.relu)


def test_separable_conv2d_variables_and_shapes_are_tf1s():
    with tf.Graph().as_default():
        x = tf.constant(X)
        y = _layer(x)
        y2 = tf.layers.separable_conv2d(x, 4, (3, 2), strides=2)
        y3 = tf.layers.separable_conv2d(x, 5, 3, dilation_rate=2, use_bias=False, name="sep")
        assert [(v.name, v.shape.as_list()) for v in tf.global_variables()] == [
            ("separable_conv2d/depthwise_kernel:0", [3, 3, 3, 2]), ("separable_conv2d/pointwise_kernel:0", [1, 1, 6, 4]),
            ("separable_conv2d/bias:0", [4]), ("separable_conv2d_1/depthwise_kernel:0", [3, 2, 3, 1]),
            ("separable_conv2d_1/pointwise_kernel:0", [1, 1, 3, 4]), ("separable_conv2d_1/bias:0", [4]),
            ("sep/depthwise_kernel:0", [3, 3, 3, 1]), ("sep/pointwise_kernel:0", [1, 1, 3, 5])]
        assert (y.name, y.shape.as_list()) == ("separable_conv2d/Relu:0", [2, 5, 5, 4])
        assert (y2.name, y2.shape.as_list()) == ("separable_conv2d_1/BiasAdd:0", [2, 2, 2, 4])
        assert (y3.name, y3.shape.as_list()) == ("sep/separable_conv2d:0", [2, 1, 1, 5])
        names = {op.name for op in tf.get_default_graph().get_operations()}
        assert {"separable_conv2d/separable_conv2d/depthwise", "separable_conv2d/separable_conv2d",
                "separable_conv2d/BiasAdd"} <= names


def test_separable_conv2d_values_and_gradients_match_tf1():
    with tf.Graph().as_default():
        y = _layer(tf.constant(X))
        grads = tf.gradients(tf.reduce_sum(y), tf.trainable_variables())
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            r, g = sess.run([y, grads])
    np.testing.assert_allclose(r.sum(), 112.29499816894531, rtol=1e-5)
    np.testing.assert_allclose(r[1, 2, 3], [0.13499999046325684, 1.0299999713897705, 0.8049999475479126, 1.0],
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(r[0, 0, 0], [0.5049999952316284, 0.41999998688697815, 0.9300000667572021,
                                            0.42499998211860657], rtol=1e-5)
    np.testing.assert_allclose([a.sum() for a in g], [-191.76004, -30.325, 192.0], rtol=1e-4)


def test_separable_conv2d_is_depthwise_then_pointwise():
    with tf.Graph().as_default():
        x = tf.constant(X)
        y = tf.layers.separable_conv2d(x, 4, 3, depth_multiplier=2, use_bias=False,
                                       depthwise_initializer=tf.constant_initializer(DW),
                                       pointwise_initializer=tf.constant_initializer(PW))
        ref = tf.nn.conv2d(tf.nn.depthwise_conv2d(x, DW, [1, 1, 1, 1], "VALID"), PW, [1, 1, 1, 1], "VALID")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got, want = sess.run([y, ref])
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_separable_conv2d_object_shares_its_weights():
    with tf.Graph().as_default():
        x = tf.constant(X)
        layer = tf.layers.SeparableConv2D(4, 3, depth_multiplier=2)
        z, z2 = layer(x), layer(x)
        assert [v.name for v in tf.global_variables()] == [
            "separable_conv2d/depthwise_kernel:0", "separable_conv2d/pointwise_kernel:0", "separable_conv2d/bias:0"]
        assert layer.depthwise_kernel.shape.as_list() == [3, 3, 3, 2]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            a, b = sess.run([z, z2])
    np.testing.assert_allclose(a, b)


def test_separable_conv2d_glorot_uniform_limits():
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        tf.layers.separable_conv2d(tf.constant(X), 8, 3, depth_multiplier=4)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            dw, pw, b = sess.run(tf.global_variables())
    # fan_in / fan_out from the kernel shapes: [3, 3, 3, 4] -> 27, 36; [1, 1, 12, 8] -> 12, 8.
    assert np.abs(dw).max() <= np.sqrt(6 / (27 + 36)) and np.abs(pw).max() <= np.sqrt(6 / (12 + 8))
    assert np.abs(dw).max() > 0.5 * np.sqrt(6 / (27 + 36))
    np.testing.assert_array_equal(b, np.zeros(8))


def test_separable_conv2d_refuses_strides_with_dilation():
    with tf.Graph().as_default(), pytest.raises(ValueError, match="dilation_rate > 1"):
        tf.layers.separable_conv2d(tf.constant(X), 4, 3, strides=2, dilation_rate=2)
