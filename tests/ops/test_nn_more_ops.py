"""tf.nn.fused_batch_norm, weighted_moments, max_pool1d/avg_pool1d, max_pool_v2/avg_pool_v2 and
convolution: values and gradients against literals from TF 1.x (tensorflow.compat.v1) and NumPy."""
import numpy as np
import pytest

import jupyter_flow as tf

X = np.round(np.random.RandomState(1).randn(2, 3, 2, 2), 2).astype(np.float32)
S = np.array([1.5, 0.5], np.float32)
OFFSET = np.array([0.1, -0.2], np.float32)
M = np.array([0.2, -0.1], np.float32)
V = np.array([0.9, 1.3], np.float32)
WEIGHTS = np.arange(24.).reshape(2, 3, 2, 2).astype(np.float32)
# TF1's gradients of sum(y * WEIGHTS) (training) and of sum(y * y) (inference) with respect to x.
GX_TRAIN = [[[[-13.019906044006348, -5.615804672241211], [-20.382801055908203, -3.540233850479126]],
             [[-9.993209838867188, 0.2929784059524536], [-2.253988265991211, -2.1967527866363525]],
             [[-5.966372966766357, -2.335352897644043], [3.123037099838257, 2.8217966556549072]]],
            [[[-2.3896005153656006, 0.01249448861926794], [8.25002670288086, 2.6815550327301025]],
             [[5.137726306915283, 3.204923391342163], [9.576484680175781, 0.8978045582771301]],
             [[7.264296531677246, 0.6450716257095337], [20.654308319091797, 3.1315197944641113]]]]
GX_INFER = [[[[7.408172130584717, -0.37134721875190735], [-3.329896926879883, -0.5481343269348145]],
             [[3.662334680557251, -1.0208475589752197], [8.007506370544434, -0.42899519205093384]],
             [[0.9153863191604614, -0.23299214243888855], [6.609060287475586, -0.9286108613014221]]],
            [[[-2.281062126159668, -0.282953679561615], [4.960892200469971, -0.5596638917922974]],
             [[-1.5318946838378906, -0.47511357069015503], [-0.48305997252464294, 0.08599324524402618]],
             [[-6.176734447479248, 0.3012123107910156], [3.8121678829193115, 0.05524766072630882]]]]


def _run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


def _bn(x, mean, var, eps=0.001):
    return (x - mean) / np.sqrt(var + eps) * S + OFFSET


def test_fused_batch_norm_training_uses_batch_statistics_and_returns_unbiased_variance():
    with tf.Graph().as_default():
        x = tf.constant(X)
        y, mean, var = tf.nn.fused_batch_norm(x, S, OFFSET)
        assert y.shape.as_list() == [2, 3, 2, 2] and mean.shape.as_list() == [2] and var.shape.as_list() == [2]
        y, mean, var = _run([y, mean, var])
    np.testing.assert_allclose(mean, [0.49666666984558105, -0.5991666913032532], rtol=1e-5)
    np.testing.assert_allclose(var, [0.8539515733718872, 1.0361356735229492], rtol=1e-5)
    biased = X.var(axis=(0, 1, 2))
    np.testing.assert_allclose(var, biased * 12 / 11, rtol=1e-5)
    np.testing.assert_allclose(y, _bn(X, X.mean(axis=(0, 1, 2)), biased), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(y[0, 0, 0], [2.003269672393799, -0.20555506646633148], rtol=1e-5)


def test_fused_batch_norm_training_gradients_match_tf1():
    with tf.Graph().as_default():
        x, s, o = tf.constant(X), tf.constant(S), tf.constant(OFFSET)
        y, _, _ = tf.nn.fused_batch_norm(x, s, o)
        gx, gs, go = _run(tf.gradients(tf.reduce_sum(y * WEIGHTS), [x, s, o]))
    np.testing.assert_allclose(gx, GX_TRAIN, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(gs, [-31.35594940185547, 52.0877685546875], rtol=1e-4)
    np.testing.assert_allclose(go, [132.0, 144.0], rtol=1e-5)


def test_fused_batch_norm_inference_uses_given_statistics_and_gives_them_no_gradient():
    with tf.Graph().as_default():
        x, s, o, m, v = (tf.constant(a) for a in (X, S, OFFSET, M, V))
        y, mean, var = tf.nn.fused_batch_norm(x, s, o, m, v, is_training=False)
        loss = tf.reduce_sum(y * y)
        grads = tf.gradients(loss, [x, s, o, m, v])
        assert grads[3] is None and grads[4] is None
        y, mean, var, gx, gs, go = _run([y, mean, var] + grads[:3])
    np.testing.assert_allclose(y, _bn(X, M, V), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(mean, M)
    np.testing.assert_allclose(var, V)
    np.testing.assert_allclose(gx, GX_INFER, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(gs, [35.54343795776367, 13.159423828125], rtol=1e-4)
    np.testing.assert_allclose(go, [13.651459693908691, -10.051557540893555], rtol=1e-4)


def test_fused_batch_norm_nchw_normalizes_axis_one():
    with tf.Graph().as_default():
        y, mean, var = _run(tf.nn.fused_batch_norm(X.transpose(0, 3, 1, 2), S, OFFSET, data_format="NCHW"))
    np.testing.assert_allclose(y.transpose(0, 2, 3, 1), _bn(X, X.mean(axis=(0, 1, 2)), X.var(axis=(0, 1, 2))),
                               rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(var, [0.8539515733718872, 1.0361356735229492], rtol=1e-5)


def test_fused_batch_norm_of_one_element_per_channel_has_zero_variance():
    with tf.Graph().as_default():
        y, mean, var = _run(tf.nn.fused_batch_norm(np.full((1, 1, 1, 2), 3.0, np.float32), S, OFFSET))
    # TF1 gives exactly [0.1, -0.2]; batch_normalization's x * inv + (offset - mean * inv) rounds to ~1e-5.
    np.testing.assert_allclose(y, [[[[0.1, -0.2]]]], atol=5e-5)
    np.testing.assert_allclose(mean, [3.0, 3.0])
    np.testing.assert_allclose(var, [0.0, 0.0])


def test_fused_batch_norm_inference_needs_mean_and_variance():
    with tf.Graph().as_default(), pytest.raises(ValueError, match="mean.*variance"):
        tf.nn.fused_batch_norm(X, S, OFFSET, is_training=False)


def test_weighted_moments_match_tf1():
    x = np.array([[1., 2., 3.], [4., 5., 6.]], np.float32)
    with tf.Graph().as_default():
        mean, var = _run(tf.nn.weighted_moments(x, [1], np.array([[1., 0., 2.], [0., 0., 0.]], np.float32)))
        mean_k, var_k = _run(tf.nn.weighted_moments(x, 0, np.array([[1.], [3.]], np.float32), keepdims=True))
    np.testing.assert_allclose(mean, [2.3333333, 0.0], rtol=1e-6)
    np.testing.assert_allclose(var, [0.88888884, 0.0], rtol=1e-5)
    np.testing.assert_allclose(mean_k, [[3.25, 4.25, 5.25]])
    np.testing.assert_allclose(var_k, [[1.6875, 1.6875, 1.6875]])


SEQ = np.arange(2 * 5 * 3, dtype=np.float32).reshape(2, 5, 3) % 7


def test_pool1d_pools_the_width():
    with tf.Graph().as_default():
        mx = tf.nn.max_pool1d(SEQ, ksize=2, strides=2, padding="VALID")
        av = tf.nn.avg_pool1d(SEQ, ksize=[1, 2, 1], strides=[1, 2, 1], padding="VALID")
        assert mx.shape.as_list() == [2, 2, 3]
        mx, av = _run([mx, av])
    np.testing.assert_allclose(mx, np.maximum(SEQ[:, 0:4:2], SEQ[:, 1:4:2]))
    np.testing.assert_allclose(av, (SEQ[:, 0:4:2] + SEQ[:, 1:4:2]) / 2)


def test_pool_v2_dispatches_on_rank():
    img = np.arange(2 * 4 * 4 * 1, dtype=np.float32).reshape(2, 4, 4, 1)
    with tf.Graph().as_default():
        p2 = tf.nn.max_pool_v2(img, ksize=2, strides=2, padding="SAME")
        a2 = tf.nn.avg_pool_v2(img, ksize=[2, 2], strides=[2, 2], padding="VALID")
        p1 = tf.nn.max_pool_v2(SEQ, ksize=[3], strides=[1], padding="SAME")
        ref2 = tf.nn.max_pool(img, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
        ref_a2 = tf.nn.avg_pool(img, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
        ref1 = tf.nn.pool(SEQ, [3], "MAX", "SAME")
        p2, a2, p1, ref2, ref_a2, ref1 = _run([p2, a2, p1, ref2, ref_a2, ref1])
    np.testing.assert_allclose(p2, ref2)
    np.testing.assert_allclose(a2, ref_a2)
    np.testing.assert_allclose(p1, ref1)


def test_pool_v2_refuses_5d_inputs():
    with tf.Graph().as_default(), pytest.raises(ValueError, match="3-D .* or 4-D"):
        tf.nn.max_pool_v2(np.zeros((1, 2, 2, 2, 1), np.float32), 2, 2, "VALID")


def test_convolution_dispatches_to_conv1d_and_conv2d():
    rng = np.random.RandomState(3)
    img, w2 = rng.randn(1, 6, 6, 2).astype(np.float32), rng.randn(3, 3, 2, 4).astype(np.float32)
    w1 = rng.randn(3, 3, 4).astype(np.float32)
    with tf.Graph().as_default():
        c2 = tf.nn.convolution(img, w2, "SAME", strides=[2, 2])
        d2 = tf.nn.convolution(img, w2, "VALID", dilation_rate=[2, 2])
        c1 = tf.nn.convolution(SEQ, w1, "VALID", dilation_rate=[2])
        assert d2.shape.as_list() == [1, 2, 2, 4]
        refs = [tf.nn.conv2d(img, w2, [1, 2, 2, 1], "SAME"), tf.nn.atrous_conv2d(img, w2, 2, "VALID"),
                tf.nn.conv1d(SEQ, w1, stride=1, padding="VALID", dilations=2)]
        got, want = _run([[c2, d2, c1], refs])
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-5)


def test_convolution_gradient_flows_to_the_filter():
    with tf.Graph().as_default():
        w = tf.constant(np.ones((2, 2, 1, 1), np.float32))
        y = tf.nn.convolution(np.ones((1, 3, 3, 1), np.float32), w, "VALID")
        np.testing.assert_allclose(_run(tf.gradients(tf.reduce_sum(y), w)[0]), np.full((2, 2, 1, 1), 4.0))


def test_convolution_refuses_strides_with_dilation():
    with tf.Graph().as_default(), pytest.raises(ValueError, match="dilation_rate > 1"):
        tf.nn.convolution(np.zeros((1, 5, 5, 1), np.float32), np.zeros((2, 2, 1, 1), np.float32), "SAME",
                          strides=[2, 2], dilation_rate=[2, 2])


def test_op_names_are_tf1s():
    with tf.Graph().as_default():
        seq, img = tf.zeros([1, 4, 2]), tf.zeros([1, 4, 4, 2])
        assert tf.nn.convolution(img, tf.zeros([2, 2, 2, 1]), "SAME").name == "convolution:0"
        assert tf.nn.convolution(seq, tf.zeros([2, 2, 1]), "SAME").name == "convolution_1/Squeeze:0"
        assert tf.nn.max_pool1d(seq, 2, 2, "VALID").name == "MaxPool1d/Squeeze:0"
        assert tf.nn.avg_pool1d(seq, 2, 2, "VALID").name == "AvgPool1D/Squeeze:0"
        assert tf.nn.max_pool_v2(img, 2, 2, "VALID").name == "MaxPool2d:0"
        assert tf.nn.avg_pool_v2(img, 2, 2, "VALID").name == "AvgPool2D:0"
