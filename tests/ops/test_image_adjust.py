"""tf.image flips, rotations, crops/pads, dtype conversion and colour adjustments (values as TF 1.x/compat.v1
gives them: the literals below were computed with TensorFlow on the same inputs)."""
import numpy as np
import pytest

import jupyter_flow as tf

IMG = np.random.RandomState(0).randint(0, 256, size=(4, 5, 3)).astype(np.uint8)
FIMG = (IMG / 255.0).astype(np.float32)
BATCH = np.stack([FIMG, FIMG[::-1]])


def run(t):
    with tf.Session() as s:
        return s.run(t)


def test_flips_transpose_and_rot90_move_pixels_like_numpy_for_images_and_batches():
    x, b = tf.constant(FIMG), tf.constant(BATCH)
    np.testing.assert_array_equal(run(tf.image.flip_left_right(x)), FIMG[:, ::-1])
    np.testing.assert_array_equal(run(tf.image.flip_left_right(b)), BATCH[:, :, ::-1])
    np.testing.assert_array_equal(run(tf.image.flip_up_down(x)), FIMG[::-1])
    np.testing.assert_array_equal(run(tf.image.flip_up_down(b)), BATCH[:, ::-1])
    np.testing.assert_array_equal(run(tf.image.transpose_image(b)), BATCH.transpose(0, 2, 1, 3))
    np.testing.assert_array_equal(run(tf.image.transpose(x)), FIMG.transpose(1, 0, 2))
    for k in (-1, 0, 1, 2, 3, 4):  # counter-clockwise, as np.rot90
        np.testing.assert_array_equal(run(tf.image.rot90(x, k)), np.rot90(FIMG, k, axes=(0, 1)))
    np.testing.assert_array_equal(run(tf.image.rot90(b, 3)), np.rot90(BATCH, 3, axes=(1, 2)))
    assert tf.image.rot90(b, 1).shape.as_list() == [2, 5, 4, 3]


def test_crop_pad_and_resize_with_crop_or_pad_use_tf1_offsets():
    x, b = tf.constant(FIMG), tf.constant(BATCH)
    np.testing.assert_array_equal(run(tf.image.crop_to_bounding_box(x, 1, 2, 2, 3)), FIMG[1:3, 2:5])
    padded = run(tf.image.pad_to_bounding_box(b, 1, 0, 6, 7))
    np.testing.assert_array_equal(padded, np.pad(BATCH, [[0, 0], [1, 1], [0, 2], [0, 0]]))
    # height 4 -> 3 crops from row (4 - 3) // 2 = 0; width 5 -> 8 pads (8 - 5) // 2 = 1 column before
    np.testing.assert_array_equal(run(tf.image.resize_image_with_crop_or_pad(x, 3, 8)),
                                  np.pad(FIMG[0:3], [[0, 0], [1, 2], [0, 0]]))
    # height 4 -> 7 pads 1 row before; width 5 -> 2 crops from column (5 - 2) // 2 = 1
    np.testing.assert_array_equal(run(tf.image.resize_with_crop_or_pad(b, 7, 2)),
                                  np.pad(BATCH[:, :, 1:3], [[0, 0], [1, 2], [0, 0], [0, 0]]))


def test_central_crop_keeps_tf1_start_offsets():
    x = np.arange(7 * 9, dtype=np.float32).reshape(7, 9, 1)
    out = run(tf.image.central_crop(tf.constant(x), 0.33))
    assert out.shape == (3, 3, 1)
    np.testing.assert_array_equal(out.ravel()[:8], [21., 22., 23., 30., 31., 32., 39., 40.])
    np.testing.assert_array_equal(run(tf.image.central_crop(tf.constant(FIMG), 0.5)), FIMG[1:3, 1:4])
    assert run(tf.image.central_crop(tf.constant(BATCH), 0.7)).shape == (2, 4, 5, 3)  # int((5 - 3.5) / 2) = 0: width kept


def test_crop_and_pad_errors_name_the_problem():
    x = tf.constant(FIMG)
    with pytest.raises(ValueError, match="width must be >= target \\+ offset"):
        tf.image.crop_to_bounding_box(x, 0, 3, 2, 3)
    with pytest.raises(ValueError, match="offset_height must be >= 0"):
        tf.image.pad_to_bounding_box(x, -1, 0, 6, 6)
    with pytest.raises(ValueError, match="height must be <= target - offset"):
        tf.image.pad_to_bounding_box(x, 2, 0, 5, 6)
    with pytest.raises(ValueError, match="central_fraction must be within"):
        tf.image.central_crop(x, 0.0)
    with pytest.raises(ValueError, match="3 or 4 dimensions"):
        tf.image.flip_left_right(tf.constant([1.0, 2.0]))


def test_convert_image_dtype_scales_as_tf1():
    u2f = run(tf.image.convert_image_dtype(tf.constant(IMG), tf.float32))
    np.testing.assert_allclose(u2f, IMG / 255.0, rtol=1e-6)
    f = tf.constant(np.array([[[0.0, 0.5, 1.0, 0.999, 0.0019]]], np.float32))
    np.testing.assert_array_equal(run(tf.image.convert_image_dtype(f, tf.uint8)), [[[0, 127, 255, 255, 0]]])
    sat = tf.constant(np.array([[[-0.5, 0.5, 1.7]]], np.float32))
    np.testing.assert_array_equal(run(tf.image.convert_image_dtype(sat, tf.uint8, saturate=True)), [[[0, 127, 255]]])
    f2f = tf.image.convert_image_dtype(tf.constant(np.array([2.5, -1.0], np.float32)), tf.float64)
    assert f2f.dtype == tf.float64
    np.testing.assert_array_equal(run(f2f), [2.5, -1.0])  # float -> float only casts
    np.testing.assert_array_equal(run(tf.image.convert_image_dtype(tf.constant(IMG[:1, :2]), tf.int32)),
                                  [[[1442840576, 394264576, 981467136], [1610612736, 562036736, 2105540608]]])
    i32 = tf.constant(np.array([2 ** 31 - 1, 2 ** 24, 0], np.int32))
    np.testing.assert_array_equal(run(tf.image.convert_image_dtype(i32, tf.uint8)), [255, 2, 0])


def test_per_image_standardization_matches_tf1():
    out = run(tf.image.per_image_standardization(tf.constant(FIMG)))
    np.testing.assert_allclose(out.ravel()[:8], [0.56107444, -1.1275524, -0.1819214, 0.83125466, -0.85737205,
                                                 1.6282865, 0.8717817, -0.3710476], rtol=1e-5, atol=1e-6)
    flat = FIMG.astype(np.float64)
    np.testing.assert_allclose(out, (flat - flat.mean()) / flat.std(), rtol=1e-4, atol=1e-5)
    per = run(tf.image.per_image_standardization(tf.constant(BATCH)))
    np.testing.assert_allclose(per[1], out[::-1], rtol=1e-5, atol=1e-5)  # each image on its own statistics
    u = tf.image.per_image_standardization(tf.constant(IMG))
    assert u.dtype == tf.float32
    np.testing.assert_allclose(run(u), out, rtol=1e-4, atol=1e-5)
    # a constant image: stddev 0 is replaced by 1/sqrt(num_elements), giving zeros instead of NaN
    np.testing.assert_array_equal(run(tf.image.per_image_standardization(tf.ones([2, 2, 1]))), np.zeros((2, 2, 1)))


def test_brightness_contrast_gamma_and_grayscale_match_tf1_in_uint8():
    u = tf.constant(IMG)
    cases = {"bright": (tf.image.adjust_brightness(u, 0.3), [248, 123, 193, 255, 143, 255, 255, 179]),
             "contrast": (tf.image.adjust_contrast(u, 0.5), [156, 78, 129, 166, 88, 197, 167, 106]),
             "gamma": (tf.image.adjust_gamma(u, 0.5), [209, 109, 173, 221, 130, 253, 223, 162]),
             "gray": (tf.image.rgb_to_grayscale(u), [92, 125, 120, 103, 69, 132, 157, 82])}
    for name, (t, want) in cases.items():
        assert t.dtype == tf.uint8, name
        np.testing.assert_array_equal(run(t).ravel()[:8], want, err_msg=name)
    assert tf.image.rgb_to_grayscale(u).shape.as_list() == [4, 5, 1]


def test_float_adjustments_follow_their_formulas():
    b = tf.constant(BATCH)
    np.testing.assert_allclose(run(tf.image.adjust_brightness(b, 0.3)), BATCH + 0.3, rtol=1e-6)
    mean = BATCH.mean(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose(run(tf.image.adjust_contrast(b, 1.7)), (BATCH - mean) * 1.7 + mean, rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(run(tf.image.adjust_gamma(b, 2.2, 0.9)), 0.9 * BATCH ** 2.2, rtol=1e-5, atol=1e-7)
    gray = run(tf.image.rgb_to_grayscale(b))
    np.testing.assert_allclose(gray, (BATCH * [0.2989, 0.5870, 0.1140]).sum(-1, keepdims=True), rtol=1e-5)
    np.testing.assert_array_equal(run(tf.image.grayscale_to_rgb(tf.constant(gray))), np.repeat(gray, 3, -1))


def test_total_variation_and_image_gradients():
    x, b = tf.constant(FIMG), tf.constant(BATCH)
    np.testing.assert_allclose(run(tf.image.total_variation(x)), 29.32157, rtol=1e-5)
    np.testing.assert_allclose(run(tf.image.total_variation(b)), [29.32157, 29.32157], rtol=1e-5)
    dy, dx = run(tf.image.image_gradients(b))
    want_dy = np.zeros_like(BATCH)
    want_dy[:, :-1] = BATCH[:, 1:] - BATCH[:, :-1]
    want_dx = np.zeros_like(BATCH)
    want_dx[:, :, :-1] = BATCH[:, :, 1:] - BATCH[:, :, :-1]
    np.testing.assert_allclose(dy, want_dy, atol=1e-7)
    np.testing.assert_allclose(dx, want_dx, atol=1e-7)
    with pytest.raises(ValueError, match="4D tensor"):
        tf.image.image_gradients(x)


def test_total_variation_and_standardization_are_differentiable():
    v = tf.Variable(BATCH)
    loss = tf.reduce_sum(tf.image.total_variation(v)) + tf.reduce_sum(tf.image.per_image_standardization(v) ** 2)
    g, = tf.gradients(loss, [v])
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert np.all(np.isfinite(s.run(g)))


def test_random_flip_up_down_brightness_and_contrast_draw_as_documented():
    b = tf.constant(np.arange(64, dtype=np.float32).reshape(64, 1, 1, 1) + np.zeros((64, 2, 1, 1), np.float32)
                    + np.array([0.0, 0.5], np.float32).reshape(1, 2, 1, 1))
    flipped = run(tf.image.random_flip_up_down(b, seed=3))
    kept = flipped[:, 0, 0, 0] == np.arange(64)
    assert 5 < kept.sum() < 59  # each image of the batch flips on its own draw
    np.testing.assert_array_equal(flipped[~kept, 0, 0, 0], np.arange(64)[~kept] + 0.5)
    one = run(tf.image.random_flip_up_down(tf.constant(FIMG)))
    assert np.array_equal(one, FIMG) or np.array_equal(one, FIMG[::-1])
    x = tf.constant(np.full((2, 2, 1), 0.5, np.float32))
    d = run(tf.image.random_brightness(x, 0.1)) - 0.5
    assert np.all(np.abs(d) <= 0.1) and np.ptp(d) < 1e-6
    c = run(tf.image.random_contrast(tf.constant(FIMG), 0.2, 1.8))
    factor = (c - FIMG.mean((0, 1))).ravel() / (FIMG - FIMG.mean((0, 1))).ravel()
    assert 0.2 <= np.median(factor) < 1.8
    with pytest.raises(ValueError, match="max_delta must be non-negative"):
        tf.image.random_brightness(x, -0.1)
    with pytest.raises(ValueError, match="upper must be > lower"):
        tf.image.random_contrast(x, 0.5, 0.5)
