"""tf.contrib.layers (and slim) conv2d_transpose, separable_conv2d, layer_norm, one_hot_encoding,
repeat and stack: TF1's scopes and variable names, and values (transposed/separable convolution
literals from TensorFlow's tf.nn ops with the same weights; layer_norm against NumPy)."""
import numpy as np
import pytest

import jupyter_flow as tf

layers = tf.contrib.layers
X = np.arange(2 * 3 * 3 * 2, dtype=np.float32).reshape(2, 3, 3, 2) / 10
KERNEL_T = (np.arange(3 * 3 * 4 * 2, dtype=np.float32).reshape(3, 3, 4, 2) - 30) / 50   # [kh, kw, out, in]
DEPTHWISE = (np.arange(3 * 3 * 2 * 2, dtype=np.float32).reshape(3, 3, 2, 2) - 15) / 20
POINTWISE = (np.arange(4 * 3, dtype=np.float32).reshape(1, 1, 4, 3) - 5) / 10


def _names():
    return [(v.op.name, v.shape.as_list()) for v in tf.global_variables()]


def _run(t):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(t)


def test_conv2d_transpose_names_shapes_and_values():
    tf.reset_default_graph()
    y = layers.conv2d_transpose(X, 4, [3, 3], stride=2, activation_fn=None,
                                weights_initializer=tf.constant_initializer(KERNEL_T))
    v = layers.conv2d_transpose(X, 4, 3, stride=2, padding="VALID", activation_fn=None,
                                weights_initializer=tf.constant_initializer(KERNEL_T), scope="up")
    assert _names() == [("Conv2d_transpose/weights", [3, 3, 4, 2]), ("Conv2d_transpose/biases", [4]),
                        ("up/weights", [3, 3, 4, 2]), ("up/biases", [4])]
    assert y.shape.as_list() == [2, 6, 6, 4] and v.shape.as_list() == [2, 7, 7, 4]
    assert layers.convolution2d_transpose is layers.conv2d_transpose
    yv, vv = _run([y, v])
    np.testing.assert_allclose(yv[1, :2, :2, :], [[[-2.182, -2.034, -1.886, -1.738], [-1.59, -1.442, -1.294, -1.146]],
                                                  [[-0.406, -0.258, -0.11, 0.038], [0.186, 0.334, 0.482, 0.63]]],
                               rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(vv[0, -2:, -2:, 0], [[0.166, 0.694], [1.75, 2.278]], rtol=1e-4)


def test_conv2d_transpose_with_unknown_batch_and_relu_default():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 3, 3, 2])
    y = layers.conv2d_transpose(x, 4, 3, stride=2, weights_initializer=tf.constant_initializer(KERNEL_T))
    assert y.shape.as_list() == [None, 6, 6, 4] and y.op.type == "Relu"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(y, {x: X})
    assert out.shape == (2, 6, 6, 4) and out.min() == 0.0


def test_separable_conv2d_names_and_values():
    tf.reset_default_graph()
    y = layers.separable_conv2d(X, 3, [3, 3], depth_multiplier=2, activation_fn=None,
                                weights_initializer=tf.constant_initializer(DEPTHWISE),
                                pointwise_initializer=tf.constant_initializer(POINTWISE))
    d = layers.separable_conv2d(X, None, 3, depth_multiplier=2, activation_fn=None,
                                weights_initializer=tf.constant_initializer(DEPTHWISE), scope="dw")
    assert _names() == [("SeparableConv2d/depthwise_weights", [3, 3, 2, 2]),
                        ("SeparableConv2d/pointwise_weights", [1, 1, 4, 3]), ("SeparableConv2d/biases", [3]),
                        ("dw/depthwise_weights", [3, 3, 2, 2]), ("dw/biases", [4])]
    assert y.shape.as_list() == [2, 3, 3, 3] and d.shape.as_list() == [2, 3, 3, 4]
    yv, dv = _run([y, d])
    np.testing.assert_allclose(yv[1, 1], [[0.237, 2.22, 4.203], [0.7755, 2.937, 5.0985], [0.861, 1.632, 2.403]],
                               rtol=1e-4)
    np.testing.assert_allclose(dv[0, 0], [[1.12, 1.2, 1.5, 1.6], [1.75, 1.9, 2.32, 2.5], [1.0, 1.12, 1.38, 1.52]],
                               rtol=1e-5)
    assert layers.separable_convolution2d is layers.separable_conv2d


def test_separable_conv2d_regularizes_both_weights():
    tf.reset_default_graph()
    layers.separable_conv2d(X, 3, 3, weights_regularizer=layers.l2_regularizer(0.1))
    names = [t.op.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)]
    assert len(names) == 2 and all(n.startswith("SeparableConv2d/") for n in names)


def test_layer_norm_matches_numpy_and_names_beta_gamma():
    tf.reset_default_graph()
    x = np.random.default_rng(0).normal(size=(4, 3, 5)).astype(np.float32)
    y = layers.layer_norm(x, begin_norm_axis=1, begin_params_axis=-1)
    y2 = layers.layer_norm(x, begin_norm_axis=-1, center=False, scope="ln2")
    assert _names() == [("LayerNorm/beta", [5]), ("LayerNorm/gamma", [5]), ("ln2/gamma", [5])]
    yv, y2v = _run([y, y2])
    m, var = x.mean(axis=(1, 2), keepdims=True), x.var(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose(yv, (x - m) / np.sqrt(var + 1e-12), rtol=1e-4, atol=1e-5)
    m, var = x.mean(axis=2, keepdims=True), x.var(axis=2, keepdims=True)
    np.testing.assert_allclose(y2v, (x - m) / np.sqrt(var + 1e-12), rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match="must be < rank"):
        layers.layer_norm(x, begin_norm_axis=3)


def test_one_hot_encoding():
    tf.reset_default_graph()
    y = layers.one_hot_encoding([2, 0], 3)
    assert y.name == "OneHotEncoding/one_hot:0" and y.dtype == tf.float32
    np.testing.assert_array_equal(_run(y), [[0, 0, 1], [1, 0, 0]])


def test_repeat_and_stack_name_their_calls_as_tf1():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 6, 6, 1])
    net = layers.repeat(x, 3, layers.conv2d, 2, [3, 3], scope="conv3")
    net = layers.repeat(net, 1, layers.conv2d, 2, [1, 1])               # scope from the layer's name (TF1's: convolution2d)
    flat = layers.stack(layers.flatten(net), layers.fully_connected, [5, 4], scope="fc")
    net2 = layers.stack(net, layers.conv2d, [(3, [3, 3]), (2, [1, 1])], scope="core")
    assert [n for n, _ in _names()] == [
        "conv3/conv3_1/weights", "conv3/conv3_1/biases", "conv3/conv3_2/weights", "conv3/conv3_2/biases",
        "conv3/conv3_3/weights", "conv3/conv3_3/biases", "Repeat/convolution2d_1/weights", "Repeat/convolution2d_1/biases",
        "fc/fc_1/weights", "fc/fc_1/biases", "fc/fc_2/weights", "fc/fc_2/biases",
        "core/core_1/weights", "core/core_1/biases", "core/core_2/weights", "core/core_2/biases"]
    assert flat.shape.as_list() == [None, 4] and net2.shape.as_list() == [None, 6, 6, 2]
    assert flat.name == "fc/fc_2/Relu:0"
    with pytest.raises(ValueError, match="stack_args need to be a list or tuple"):
        layers.stack(x, layers.conv2d, 3)


def test_outputs_collections_give_slim_end_points_named_by_scope():
    tf.reset_default_graph()
    slim = tf.contrib.slim
    x = tf.placeholder(tf.float32, [None, 8, 8, 1])
    with tf.variable_scope("net") as sc:
        end_points_collection = sc.original_name_scope + "_end_points"
        with slim.arg_scope([slim.conv2d, slim.max_pool2d, slim.flatten, slim.fully_connected],
                            outputs_collections=end_points_collection):
            net = slim.repeat(x, 2, slim.conv2d, 2, [3, 3], scope="conv1")
            net = slim.max_pool2d(net, [2, 2], scope="pool1")
            net = slim.fully_connected(slim.flatten(net), 3, scope="fc")
        end_points = slim.utils.convert_collection_to_dict(end_points_collection)
    assert list(end_points) == ["net/conv1/conv1_1", "net/conv1/conv1_2", "net/pool1", "net/Flatten", "net/fc"]
    assert end_points["net/fc"] is net
    assert slim.utils.get_tensor_aliases(tf.constant(1.0, name="c")) == ["c"]
    assert slim.utils.two_element_tuple(3) == (3, 3) and slim.utils.last_dimension(x.shape, min_rank=4) == 1
