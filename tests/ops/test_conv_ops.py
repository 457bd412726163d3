"""Shape checks of the conv family name the op and the shapes before any kernel runs; the
augmentations and the conv layers behave as TF1's."""
import numpy as np
import pytest

import jupyter_flow as tf


def test_conv2d_rejects_filter_with_other_input_channels():
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    with pytest.raises(ValueError, match=r"Conv2D: the input has 3 channels .* filter expects 2"):
        tf.nn.conv2d(x, tf.zeros([3, 3, 2, 4]), strides=[1, 1, 1, 1], padding="SAME")


def test_conv2d_rejects_wrong_rank_and_negative_output_size():
    with pytest.raises(ValueError, match=r"Conv2D: input must be 4-D"):
        tf.nn.conv2d(tf.zeros([8, 8, 3]), tf.zeros([3, 3, 3, 4]), strides=1, padding="SAME")
    with pytest.raises(ValueError, match=r"negative output size along height"):
        tf.nn.conv2d(tf.zeros([1, 3, 9, 1]), tf.zeros([5, 5, 1, 1]), strides=1, padding="VALID")
    with pytest.raises(ValueError, match=r"padding must be 'SAME' or 'VALID'"):
        tf.nn.conv2d(tf.zeros([1, 3, 9, 1]), tf.zeros([1, 1, 1, 1]), strides=1, padding="FULL")


def test_run_time_shapes_are_checked_by_the_kernel():
    x = tf.placeholder(tf.float32, [None, None, None, None], name="images")
    y = tf.nn.conv2d(x, tf.zeros([5, 5, 1, 2]), strides=[1, 1, 1, 1], padding="VALID")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"Conv2D.*input has 2 channels"):
            sess.run(y, {x: np.zeros((1, 8, 8, 2), np.float32)})
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"negative output size along width"):
            sess.run(y, {x: np.zeros((1, 8, 3, 1), np.float32)})
        assert sess.run(y, {x: np.ones((2, 6, 7, 1), np.float32)}).shape == (2, 2, 3, 2)


def test_pooling_rejects_batch_or_depth_windows():
    with pytest.raises(ValueError, match=r"MaxPool: ksize along the batch and depth dimensions must be 1"):
        tf.nn.max_pool(tf.zeros([1, 4, 4, 2]), ksize=[2, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")


def test_nchw_is_refused_with_a_hint():
    with pytest.raises(ValueError, match=r"NHWC.*tf.transpose"):
        tf.nn.conv2d(tf.zeros([1, 1, 4, 4]), tf.zeros([1, 1, 1, 1]), 1, "SAME", data_format="NCHW")


def test_conv2d_transpose_checks_filter_against_output_shape():
    v = tf.zeros([1, 3, 3, 2])
    with pytest.raises(ValueError, match=r"output_shape's last dimension is 5 but the filter's third dimension is 4"):
        tf.nn.conv2d_transpose(v, tf.zeros([3, 3, 4, 2]), [1, 6, 6, 5], strides=[1, 2, 2, 1])


def test_random_flip_left_right_flips_each_image_and_its_gradient():
    x = tf.placeholder(tf.float32, [None, 2, 3, 1])
    tf.set_random_seed(3)
    y = tf.image.random_flip_left_right(x)
    (g,) = tf.gradients(tf.reduce_sum(y * tf.constant(np.arange(6, dtype=np.float32).reshape(1, 2, 3, 1))), [x])
    images = np.arange(48, dtype=np.float32).reshape(8, 2, 3, 1)
    with tf.Session() as sess:
        flipped, grad = sess.run([y, g], {x: images})
    kinds = []
    for img, out, gr in zip(images, flipped, grad):
        mirrored = np.array_equal(out, img[:, ::-1])
        assert mirrored or np.array_equal(out, img)
        weights = np.arange(6, dtype=np.float32).reshape(2, 3, 1)
        np.testing.assert_array_equal(gr, weights[:, ::-1] if mirrored else weights)
        kinds.append(mirrored)
    assert any(kinds) and not all(kinds)  # 8 independent draws, seeded


def test_random_crop_returns_a_block_of_the_input():
    image = np.arange(5 * 6 * 2, dtype=np.float32).reshape(5, 6, 2)
    x = tf.constant(image)
    crop = tf.random_crop(x, [3, 4, 2], seed=1)
    assert crop.shape.as_list() == [3, 4, 2]
    with tf.Session() as sess:
        seen = set()
        for _ in range(20):
            c = sess.run(crop)
            i, j = np.argwhere(image[..., 0] == c[0, 0, 0])[0]
            np.testing.assert_array_equal(c, image[i:i + 3, j:j + 4])
            seen.add((i, j))
    assert len(seen) > 1
    with pytest.raises(ValueError, match=r"Need value.shape >= size"):
        tf.random_crop(x, [6, 4, 2])


def test_conv_layers_use_tf1_names_initializers_and_output_sizes():
    X = tf.placeholder(tf.float32, [None, 28, 28, 1])
    c = tf.layers.conv2d(X, 8, 5, activation=tf.nn.relu)
    c2 = tf.layers.conv2d(c, 4, (3, 3), strides=2, padding="same", name="c2")
    p = tf.layers.max_pooling2d(c2, 2, 2)
    a = tf.layers.average_pooling2d(c2, (3, 3), (1, 1), padding="same")
    t = tf.layers.conv2d_transpose(c2, 3, 3, strides=2, padding="valid")
    assert [(v.name, v.shape.as_list()) for v in tf.global_variables()] == [
        ("conv2d/kernel:0", [5, 5, 1, 8]), ("conv2d/bias:0", [8]), ("c2/kernel:0", [3, 3, 8, 4]),
        ("c2/bias:0", [4]), ("conv2d_transpose/kernel:0", [3, 3, 3, 4]), ("conv2d_transpose/bias:0", [3])]
    assert [x.op.name for x in (c, c2, p, a, t)] == [
        "conv2d/Relu", "c2/BiasAdd", "max_pooling2d/MaxPool", "average_pooling2d/AvgPool", "conv2d_transpose/BiasAdd"]
    assert [x.shape.as_list() for x in (c, c2, p, a, t)] == [
        [None, 24, 24, 8], [None, 12, 12, 4], [None, 6, 6, 4], [None, 12, 12, 4], [None, 25, 25, 3]]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        kernel, bias = sess.run(["conv2d/kernel:0", "conv2d/bias:0"])
        out = sess.run(t, {X: np.ones((2, 28, 28, 1), np.float32)})
    limit = np.sqrt(6.0 / (25 * 1 + 25 * 8))  # Glorot-uniform over the receptive field
    assert np.abs(kernel).max() <= limit and np.abs(kernel).max() > 0.8 * limit
    np.testing.assert_array_equal(bias, 0)
    assert out.shape == (2, 25, 25, 3)


def test_conv_layer_refuses_unknown_channels_and_dilated_strides():
    with pytest.raises(ValueError, match=r"channel dimension of the inputs to conv2d should be defined"):
        tf.layers.conv2d(tf.placeholder(tf.float32, [None, 8, 8, None]), 4, 3)
    with pytest.raises(ValueError, match=r"strides > 1 not supported in conjunction with dilation_rate > 1"):
        tf.layers.conv2d(tf.zeros([1, 8, 8, 1]), 4, 3, strides=2, dilation_rate=2)
