"""3x3 stride-1 convolutions with >= 16 channels run as Winograd F(2x2, 3x3) (conv_winograd.cc):
forward, input gradient (a forward convolution of dout) and filter gradient stay within a few float32
roundings of a float64 direct convolution, at image edges, odd output sizes and explicit padding, and
give the same bits on one thread as on two."""
import numpy as np
import pytest

import jupyter_flow as tf


def _direct(x, w, r, pads):
    """float64 y = conv(x, w) (stride 1) and dx, dw of sum(y * r), tap by tap."""
    (pt, pb), (pl, pr) = pads
    kh, kw, _, _ = w.shape
    xp = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
    oh, ow = xp.shape[1] - kh + 1, xp.shape[2] - kw + 1
    y = np.zeros(x.shape[:1] + (oh, ow, w.shape[3]))
    dxp, dw = np.zeros(xp.shape), np.zeros(w.shape)
    for ky in range(kh):
        for kx in range(kw):
            patch = xp[:, ky:ky + oh, kx:kx + ow, :]
            y += patch @ w[ky, kx]
            if r is not None:
                dw[ky, kx] = np.einsum("nhwc,nhwo->co", patch, r)
                dxp[:, ky:ky + oh, kx:kx + ow, :] += r @ w[ky, kx].T
    return y, dxp[:, pt:pt + x.shape[1], pl:pl + x.shape[2], :], dw


def _run(x0, w0, r0, padding):
    with tf.Graph().as_default():
        x, w = tf.constant(x0), tf.constant(w0)
        y = tf.nn.conv2d(x, w, [1, 1, 1, 1], padding)
        dx, dw = tf.gradients(tf.reduce_sum(y * tf.constant(r0)), [x, w])
        with tf.Session() as sess:
            return sess.run([y, dx, dw])


def _case(shape, kernel, pads, dtype, seed):
    rng = np.random.default_rng(seed)
    x0 = rng.standard_normal(shape).astype(dtype)
    w0 = (rng.standard_normal(kernel) / np.sqrt(9 * kernel[2])).astype(dtype)
    y_shape = _direct(x0[:1, :, :, :1], w0[:, :, :1, :], None, pads)[0].shape
    r0 = rng.standard_normal((shape[0],) + y_shape[1:]).astype(dtype)
    return x0, w0, r0


CASES = [  # input, filter, padding as TF takes it, the same padding as (top, bottom), (left, right)
    ((2, 13, 11, 16), (3, 3, 16, 24), "SAME", ((1, 1), (1, 1))),
    ((3, 28, 28, 64), (3, 3, 64, 64), "SAME", ((1, 1), (1, 1))),
    ((2, 9, 10, 32), (3, 3, 32, 16), "VALID", ((0, 0), (0, 0))),  # 7x8 outputs: a half tile of rows
    ((2, 8, 7, 20), (3, 3, 20, 18), [[0, 0], [3, 0], [0, 2], [0, 0]], ((3, 0), (0, 2))),
]


@pytest.mark.parametrize("shape, kernel, padding, pads", CASES)
def test_winograd_float32_stays_within_float_roundings_of_the_direct_convolution(shape, kernel, padding, pads):
    x0, w0, r0 = _case(shape, kernel, pads, np.float32, sum(shape))
    got = _run(x0, w0, r0, padding)
    want = _direct(x0.astype(np.float64), w0.astype(np.float64), r0.astype(np.float64), pads)
    for name, g, ref in zip(("y", "dx", "dw"), got, want):
        # Measured: at most 3.5e-7 of the largest value (im2col's GEMM: 7e-7); a wrong transform is O(1).
        assert g.shape == ref.shape, name
        assert np.abs(g - ref).max() <= 2e-6 * np.abs(ref).max(), name


@pytest.mark.parametrize("shape, kernel, padding, pads", CASES[2:])
def test_winograd_float64_matches_the_direct_convolution(shape, kernel, padding, pads):
    x0, w0, r0 = _case(shape, kernel, pads, np.float64, 1 + sum(shape))
    got = _run(x0, w0, r0, padding)
    for name, g, ref in zip(("y", "dx", "dw"), got, _direct(x0, w0, r0, pads)):
        assert np.abs(g - ref).max() <= 1e-14 * np.abs(ref).max(), name  # measured: below 1e-15


@pytest.mark.parametrize("kernel", [(3, 3, 32, 48), (5, 5, 32, 48)])  # Winograd, and im2col
def test_convolution_bits_do_not_depend_on_the_thread_count(kernel):
    x0, w0, r0 = _case((4, 30, 30, 32), kernel, ((kernel[0] // 2,) * 2,) * 2, np.float32, 7)
    before = tf._engine.intra_op_threads()
    try:
        tf._engine.set_intra_op_threads(1)
        one = _run(x0, w0, r0, "SAME")
        tf._engine.set_intra_op_threads(2)
        two = _run(x0, w0, r0, "SAME")
    finally:
        tf._engine.set_intra_op_threads(before)
    for a, b in zip(one, two):
        np.testing.assert_array_equal(a, b)
