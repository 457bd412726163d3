"""tf.layers.conv1d / Conv1D / max_pooling1d / average_pooling1d: TF1's variable and op names, shapes."""
import numpy as np
import pytest

import jupyter_flow as tf


def test_conv1d_layer_names_and_shapes_match_tf1():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 10, 3])
    c = tf.layers.conv1d(x, 5, 3, padding="same", activation=tf.nn.relu)
    c2 = tf.layers.conv1d(c, 4, 2, strides=2)
    mp = tf.layers.max_pooling1d(c2, 2, 2)
    ap = tf.layers.average_pooling1d(c, 3, 1, padding="same")
    assert [(v.name, v.shape.as_list()) for v in tf.global_variables()] == [
        ("conv1d/kernel:0", [3, 3, 5]), ("conv1d/bias:0", [5]), ("conv1d_1/kernel:0", [2, 5, 4]),
        ("conv1d_1/bias:0", [4])]
    assert [t.name for t in (c, c2, mp, ap)] == ["conv1d/Relu:0", "conv1d_1/BiasAdd:0", "max_pooling1d/Squeeze:0",
                                                 "average_pooling1d/Squeeze:0"]
    assert [t.shape.as_list() for t in (c, c2, mp, ap)] == [[None, 10, 5], [None, 5, 4], [None, 2, 4], [None, 10, 5]]
    op_types = {o.name: o.type for o in tf.get_default_graph().get_operations()}
    assert op_types["conv1d/Conv1D"] == "Conv2D" and op_types["max_pooling1d/MaxPool"] == "MaxPool"


def test_conv1d_layer_computes_the_convolution_and_trains():
    tf.reset_default_graph()
    x = tf.constant([[[1.0], [2.0], [3.0], [4.0]]])
    y = tf.layers.conv1d(x, 1, 2, kernel_initializer=tf.constant_initializer([1.0, -1.0]),
                         bias_initializer=tf.constant_initializer(0.5))
    pooled = tf.layers.max_pooling1d(tf.layers.conv1d(x, 1, 1, kernel_initializer=tf.ones_initializer()), 2, 2)
    loss = tf.reduce_sum(tf.square(y))
    step = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(y)[0, :, 0], [-0.5, -0.5, -0.5])
        np.testing.assert_allclose(sess.run(pooled)[0, :, 0], [2.0, 4.0])
        before = sess.run(loss)
        sess.run(step)
        assert sess.run(loss) < before


def test_conv1d_object_shares_its_variables():
    tf.reset_default_graph()
    layer = tf.layers.Conv1D(8, 3, padding="same", name="shared")
    a = layer(tf.zeros([2, 5, 4]))
    b = layer(tf.ones([2, 5, 4]))
    assert [v.name for v in tf.global_variables()] == ["shared/kernel:0", "shared/bias:0"]
    assert layer.kernel.name == "shared/kernel:0" and a.shape.as_list() == b.shape.as_list() == [2, 5, 8]


def test_conv1d_layer_errors():
    tf.reset_default_graph()
    with pytest.raises(ValueError, match="expected ndim=3"):
        tf.layers.conv1d(tf.zeros([2, 5]), 3, 2)
    with pytest.raises(ValueError, match="strides > 1 not supported in conjunction with dilation_rate > 1"):
        tf.layers.conv1d(tf.zeros([2, 5, 1]), 3, 2, strides=2, dilation_rate=2)
