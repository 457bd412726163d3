"""Convolutions large enough to be split across the engine's threads (blocks of output lines,
per-thread filter-gradient sums, stride-1 input gradients as a flipped forward convolution,
strided ones by images) give the values of a float64 NumPy reference; MaxPoolGrad sends a tied
window's gradient to its first maximum."""
import numpy as np
import pytest

import jupyter_flow as tf


def _pad_amounts(size, k, stride, dilation, padding):
    span = (k - 1) * dilation + 1
    if padding == "VALID":
        return (size - span) // stride + 1, 0, 0
    out = -(-size // stride)
    total = max((out - 1) * stride + span - size, 0)
    return out, total // 2, total - total // 2


def _reference(x, w, r, stride, dilation, padding):
    """y = conv(x, w); dx, dw of sum(y * r), by looping over the kh*kw taps in NumPy."""
    n, h, wd, c = x.shape
    kh, kw, _, oc = w.shape
    oh, pt, pb = _pad_amounts(h, kh, stride, dilation, padding)
    ow, pl, pr = _pad_amounts(wd, kw, stride, dilation, padding)
    xp = np.pad(x, ((0, 0), (pt, pb + stride), (pl, pr + stride), (0, 0)))
    y = np.zeros((n, oh, ow, oc))
    dw = np.zeros(w.shape)
    dxp = np.zeros(xp.shape)
    for ky in range(kh):
        for kx in range(kw):
            ys, xs = ky * dilation, kx * dilation
            patch = xp[:, ys:ys + stride * oh:stride, xs:xs + stride * ow:stride, :]
            y += patch @ w[ky, kx]
            if r is None:
                continue
            dw[ky, kx] = np.einsum("nhwc,nhwo->co", patch, r)
            dxp[:, ys:ys + stride * oh:stride, xs:xs + stride * ow:stride, :] += r @ w[ky, kx].T
    return y, dxp[:, pt:pt + h, pl:pl + wd, :], dw


@pytest.fixture
def two_threads():
    before = tf._engine.intra_op_threads()
    tf._engine.set_intra_op_threads(2)
    yield
    tf._engine.set_intra_op_threads(before)


@pytest.mark.parametrize("shape, kernel, stride, dilation, padding", [
    ((3, 21, 19, 16), (5, 5, 16, 24), 1, 1, "SAME"),
    ((6, 33, 34, 12), (3, 3, 12, 40), 2, 1, "SAME"),
    ((4, 31, 30, 8), (3, 3, 8, 48), 1, 2, "VALID"),
    ((3, 61, 58, 16), (3, 3, 16, 32), 3, 1, "VALID"),
])
def test_threaded_conv_and_gradients_match_numpy(two_threads, shape, kernel, stride, dilation, padding):
    rng = np.random.default_rng(sum(shape) + sum(kernel))
    x0 = rng.standard_normal(shape).astype(np.float32)
    w0 = (rng.standard_normal(kernel) * 0.2).astype(np.float32)
    y_ref = _reference(x0.astype(np.float64), w0.astype(np.float64), None, stride, dilation, padding)[0]
    r0 = rng.standard_normal(y_ref.shape).astype(np.float32)
    y_ref, dx_ref, dw_ref = _reference(x0.astype(np.float64), w0.astype(np.float64), r0, stride, dilation, padding)
    with tf.Graph().as_default():
        x, w = tf.constant(x0), tf.constant(w0)
        y = tf.nn.conv2d(x, w, [1, stride, stride, 1], padding, dilations=[1, dilation, dilation, 1])
        dx, dw = tf.gradients(tf.reduce_sum(y * tf.constant(r0)), [x, w])
        with tf.Session() as sess:
            y_v, dx_v, dw_v = sess.run([y, dx, dw])
    np.testing.assert_allclose(y_v, y_ref, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(dx_v, dx_ref, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(dw_v, dw_ref, rtol=1e-4, atol=2e-3)


def test_max_pool_grad_sends_a_tie_to_the_first_maximum():
    # Two 2x2 windows side by side: a tie of 5s, then four equal 3s; TF 2.21 gives the same.
    x0 = np.array([[1.0, 5.0, 3.0, 3.0], [5.0, 2.0, 3.0, 3.0]], np.float32).reshape(1, 2, 4, 1)
    with tf.Graph().as_default():
        x = tf.constant(x0)
        p = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
        g = tf.gradients(p, x, grad_ys=tf.constant([[[[10.0], [20.0]]]]))[0]
        with tf.Session() as sess:
            g_v = sess.run(g)
    assert g_v.reshape(2, 4).tolist() == [[0.0, 10.0, 20.0, 0.0], [0.0, 0.0, 0.0, 0.0]]


def _max_pool_reference(x, k, s, dy):
    """VALID max pooling and its gradient (first maximum of each window in row-major order)."""
    n, h, w, c = x.shape
    oh, ow = (h - k) // s + 1, (w - k) // s + 1
    y = np.zeros((n, oh, ow, c), x.dtype)
    dx = np.zeros(x.shape, np.float64)
    for i in range(oh):
        for j in range(ow):
            win = x[:, i * s:i * s + k, j * s:j * s + k, :].reshape(n, k * k, c)
            first = win.argmax(axis=1)  # argmax returns the first maximum
            y[:, i, j, :] = win.max(axis=1)
            dy_, dx_ = first // k, first % k
            for b in range(n):
                dx[b, i * s + dy_[b], j * s + dx_[b], np.arange(c)] += dy[b, i, j]
    return y, dx


@pytest.mark.parametrize("k, s, channels", [(2, 2, 32), (3, 1, 70), (3, 2, 5)])
def test_threaded_max_pool_and_gradient_match_numpy_with_ties(two_threads, k, s, channels):
    rng = np.random.default_rng(k * 10 + s)
    x0 = rng.integers(0, 4, (40, 12, 11, channels)).astype(np.float32)  # many ties
    oh, ow = (12 - k) // s + 1, (11 - k) // s + 1
    dy0 = rng.standard_normal((40, oh, ow, channels)).astype(np.float32)
    dy0[0, 0, 0, 0] = np.inf  # reaches only the window's first maximum
    y_ref, dx_ref = _max_pool_reference(x0, k, s, dy0.astype(np.float64))
    with tf.Graph().as_default():
        x = tf.constant(x0)
        y = tf.nn.max_pool(x, [1, k, k, 1], [1, s, s, 1], "VALID")
        dx = tf.gradients(y, x, grad_ys=tf.constant(dy0))[0]
        with tf.Session() as sess:
            y_v, dx_v = sess.run([y, dx])
    np.testing.assert_array_equal(y_v, y_ref)
    assert np.isinf(dx_v).sum() == 1 and not np.isnan(dx_v).any()
    np.testing.assert_allclose(dx_v, dx_ref, rtol=1e-5, atol=1e-5)
