"""tf.image ops on sizes known only at run time (placeholders with None dimensions, a tensor k
for rot90), and the measures psnr and sobel_edges, against NumPy."""
import numpy as np
import pytest

import jupyter_flow as tf

RNG = np.random.RandomState(3)
BATCH = RNG.uniform(0, 1, size=(2, 5, 6, 3)).astype(np.float32)


def run(t, feed=None):
    with tf.Session() as s:
        return s.run(t, feed)


def test_crop_pad_and_resize_with_crop_or_pad_on_run_time_sizes():
    p = tf.placeholder(tf.float32, [None, None, None, 3])
    feed = {p: BATCH}
    np.testing.assert_array_equal(run(tf.image.crop_to_bounding_box(p, 1, 2, 3, 4), feed), BATCH[:, 1:4, 2:6])
    np.testing.assert_array_equal(run(tf.image.pad_to_bounding_box(p, 2, 1, 8, 9), feed),
                                  np.pad(BATCH, [[0, 0], [2, 1], [1, 2], [0, 0]]))
    out = tf.image.resize_image_with_crop_or_pad(p, 3, 9)
    assert out.shape.as_list() == [None, 3, 9, 3]
    np.testing.assert_array_equal(run(out, feed), np.pad(BATCH[:, 1:4], [[0, 0], [0, 0], [1, 2], [0, 0]]))
    np.testing.assert_array_equal(run(tf.image.central_crop(p, 0.5), feed), BATCH[:, 1:4, 1:5])
    with pytest.raises(tf.errors.InvalidArgumentError):
        run(tf.image.crop_to_bounding_box(p, 0, 0, 6, 6), feed)  # taller than the image: caught when run


def test_rot90_with_a_tensor_k_rotates_counter_clockwise():
    k = tf.placeholder(tf.int32, [])
    img = tf.constant(BATCH[0])
    rotated = tf.image.rot90(img, k)
    for value in (0, 1, 2, 3, 5, -1):
        np.testing.assert_array_equal(run(rotated, {k: value}), np.rot90(BATCH[0], value, axes=(0, 1)))


def test_flip_and_rot90_gradients_move_back():
    x = tf.placeholder(tf.float32, [2, 5, 6, 3])
    w = RNG.standard_normal((2, 6, 5, 3)).astype(np.float32)
    g = tf.gradients(tf.reduce_sum(tf.image.rot90(tf.image.flip_up_down(x)) * w), x)[0]
    want = np.rot90(w, -1, axes=(1, 2))[:, ::-1]
    np.testing.assert_allclose(run(g, {x: BATCH}), want)


def test_psnr_and_sobel_edges_against_numpy():
    a = np.zeros((4, 4, 3), np.uint8)
    b = np.ones((4, 4, 3), np.uint8)
    np.testing.assert_allclose(run(tf.image.psnr(tf.constant(a), tf.constant(b), 255)), 48.130802, rtol=1e-5)
    per = run(tf.image.psnr(tf.constant(BATCH), tf.constant(BATCH * 0.5), 1.0))
    mse = ((BATCH - BATCH * 0.5) ** 2).mean(axis=(1, 2, 3))
    np.testing.assert_allclose(per, 10 * np.log10(1.0 / mse), rtol=1e-5)

    edges = run(tf.image.sobel_edges(tf.constant(BATCH)))
    assert edges.shape == (2, 5, 6, 3, 2)
    padded = np.pad(BATCH, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="reflect")
    ky = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], np.float32)
    want = np.zeros((2, 5, 6, 3, 2), np.float32)
    for i in range(3):
        for j in range(3):
            window = padded[:, i:i + 5, j:j + 6]
            want[..., 0] += ky[i, j] * window
            want[..., 1] += ky.T[i, j] * window
    np.testing.assert_allclose(edges, want, rtol=1e-5, atol=1e-5)


def test_convert_image_dtype_between_integers_and_identity():
    u = tf.constant(np.array([0, 1, 255], np.uint8))
    np.testing.assert_array_equal(run(tf.image.convert_image_dtype(u, tf.int16)), [0, 128, 255 * 128])
    same = tf.image.convert_image_dtype(u, tf.uint8)
    assert same.op.type == "Identity"
    with pytest.raises(AttributeError, match="floating point or integer"):
        tf.image.convert_image_dtype(u, tf.bool)
