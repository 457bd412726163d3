"""tf.nn.conv1d / atrous_conv2d / pool: TF1's op names and values (literal TF 2.21 compat.v1 outputs)."""
import numpy as np
import pytest

import jupyter_flow as tf


def _sequence_and_filters():
    x = tf.constant(np.arange(2 * 7 * 3, dtype=np.float32).reshape(2, 7, 3) / 10)
    w = tf.constant(np.linspace(-1, 1, 2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4))
    return x, w


def test_conv1d_is_expand_dims_conv2d_squeeze_with_tf1_names():
    tf.reset_default_graph()
    x, w = _sequence_and_filters()
    y = tf.nn.conv1d(x, w, 2, "SAME")
    ops = [(o.name, o.type) for o in tf.get_default_graph().get_operations()][2:]
    assert ops == [("conv1d/ExpandDims", "ExpandDims"), ("conv1d/ExpandDims_1", "ExpandDims"),
                   ("conv1d", "Conv2D"), ("conv1d/Squeeze", "Squeeze")]
    assert y.shape.as_list() == [2, 4, 4] and y.name == "conv1d/Squeeze:0"


def test_conv1d_values_and_filter_gradient_match_tf():
    tf.reset_default_graph()
    x, w = _sequence_and_filters()
    y = tf.nn.conv1d(x, w, 2, "SAME")
    y_dilated = tf.nn.conv1d(value=x, filters=w, stride=1, padding="VALID", dilations=2)
    grad_sum = tf.reduce_sum(tf.gradients(tf.reduce_sum(y * y), w)[0])
    with tf.Session() as sess:
        out, dilated, g = sess.run([y, y_dilated, grad_sum])
    np.testing.assert_allclose(out[0, :, 0], [0.4130435, -0.05652171, -0.52608693, -3.6478262], rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(out[1, 3], [-7.7565222, -6.7130437, -5.6695652, -4.6260872], rtol=1e-5)
    assert dilated.shape == (2, 5, 4)
    np.testing.assert_allclose(dilated[0, :, 3], [1.3913044, 1.626087, 1.8608696, 2.095652, 2.3304348], rtol=1e-5)
    np.testing.assert_allclose(g, -393.72522, rtol=1e-5)


def test_conv1d_argument_errors():
    tf.reset_default_graph()
    x, w = _sequence_and_filters()
    with pytest.raises(ValueError, match="NWC"):
        tf.nn.conv1d(x, w, 1, "SAME", data_format="NCW")
    with pytest.raises(ValueError, match="must be 3-D"):
        tf.nn.conv1d(tf.zeros([2, 3]), w, 1, "SAME")
    with pytest.raises(ValueError, match="stride"):
        tf.nn.conv1d(x, w, [1, 2], "SAME")


def test_atrous_conv2d_is_a_dilated_conv2d():
    tf.reset_default_graph()
    x = tf.constant(np.arange(1 * 5 * 5 * 2, dtype=np.float32).reshape(1, 5, 5, 2) / 10)
    w = tf.constant(np.linspace(-1, 1, 3 * 3 * 2, dtype=np.float32).reshape(3, 3, 2, 1))
    same = tf.nn.atrous_conv2d(x, w, 2, "SAME")
    valid = tf.nn.atrous_conv2d(x, w, 2, "VALID")
    with tf.Session() as sess:
        s, v = sess.run([same, valid])
    np.testing.assert_allclose(s[0, 0, :, 0], [7.7411766, 8.494118, 11.164706, 5.7647057, 6.1411767], rtol=1e-5)
    np.testing.assert_allclose(s[0, 4, :, 0], [-3.082353, -3.458824, -9.588236, -9.952942, -10.705883], rtol=1e-5)
    np.testing.assert_allclose(v[0, :, :, 0], [[18.12353]], rtol=1e-5)
    with pytest.raises(ValueError, match="rate"):
        tf.nn.atrous_conv2d(x, w, 0, "SAME")


def test_pool_max_and_avg_over_one_and_two_dims():
    tf.reset_default_graph()
    x = tf.constant(np.arange(1 * 4 * 4 * 1, dtype=np.float32).reshape(1, 4, 4, 1))
    p = tf.nn.pool(x, [2, 2], "MAX", "VALID", strides=[2, 2])
    seq = tf.constant([[[1.0], [3.0], [2.0], [5.0], [4.0]]])
    a = tf.nn.pool(seq, [2], "AVG", "VALID", strides=[2])
    assert p.name == "max_pool:0" and p.shape.as_list() == [1, 2, 2, 1]
    with tf.Session() as sess:
        pv, av = sess.run([p, a])
    np.testing.assert_array_equal(pv[0, :, :, 0], [[5, 7], [13, 15]])
    np.testing.assert_array_equal(av[0, :, 0], [2.0, 3.5])
    with pytest.raises(ValueError, match="Invalid pooling_type"):
        tf.nn.pool(x, [2, 2], "MIN", "VALID")
