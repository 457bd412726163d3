"""tf.nn.nce_loss / sampled_softmax_loss against TF 2.21 compat.v1 (values computed there with the
same fixed sampled_values, pasted below), and the candidate samplers' TF1 expected counts."""
import numpy as np
import pytest

import jupyter_flow as tf

W = [[0.13, -0.13, 0.64, 0.1], [-0.54, 0.36, 1.3, 0.95], [-0.7, -1.27, -0.62, 0.04], [-2.33, -0.22, -1.25, -0.73],
     [-0.54, -0.32, 0.41, 1.04], [-0.13, 1.37, -0.67, 0.35], [0.9, 0.09, -0.74, -0.92], [-0.46, 0.22, -1.01, -0.21],
     [-0.16, 0.54, 0.21, 0.36], [-0.65, -0.13, 0.78, 1.49]]
B = [-1.26, 1.51, 1.35, 0.78, 0.26, -0.31, 1.46, 1.96, 1.8, 1.32]
X = [[0.36, -1.21, 0.0, 0.66], [-1.29, 0.4, 0.43, 0.7], [-1.18, -0.66, -0.44, -1.17]]
LABELS = np.array([[1], [7], [3]], np.int64)
LABELS2 = np.array([[1, 2], [7, 0], [3, 3]], np.int64)
SAMPLED = np.array([0, 3, 5, 7], np.int64)


def _values(labels, true_expected):
    return (tf.constant(SAMPLED), tf.constant(true_expected, tf.float32), tf.constant([0.6, 0.3, 0.25, 0.2]))


def _params():
    return tf.constant(np.array(W, np.float32)), tf.constant(np.array(B, np.float32)), tf.constant(np.array(X, np.float32))


def test_nce_and_sampled_softmax_match_tf1():
    with tf.Graph().as_default():
        w, b, x = _params()
        sv = _values(LABELS, [[0.5], [0.2], [0.3]])
        sv2 = _values(LABELS2, [[0.5, 0.4], [0.2, 0.6], [0.3, 0.3]])
        nce = tf.nn.nce_loss(w, b, LABELS, x, 4, 10, sampled_values=sv)
        nce_rm = tf.nn.nce_loss(w, b, LABELS, x, 4, 10, sampled_values=sv, remove_accidental_hits=True)
        ssm = tf.nn.sampled_softmax_loss(w, b, LABELS, x, 4, 10, sampled_values=sv)
        ssm_keep = tf.nn.sampled_softmax_loss(w, b, LABELS, x, 4, 10, sampled_values=sv, remove_accidental_hits=False)
        ssm2 = tf.nn.sampled_softmax_loss(w, b, LABELS2, x, 4, 10, num_true=2, sampled_values=sv2)
        nce2 = tf.nn.nce_loss(w, b, LABELS2, x, 4, 10, num_true=2, sampled_values=sv2)
        gw, gb, gx = tf.gradients(tf.reduce_sum(ssm) + tf.reduce_sum(nce), [w, b, x])
        with tf.Session() as sess:
            got = sess.run([nce, nce_rm, ssm, ssm_keep, ssm2, nce2, gw, gb, gx])
    expected = [
        [5.41117, 9.93248, 12.01683], [5.41117, 6.23778, 5.73229], [1.29386, 0.8594, 0.18204],
        [1.29386, 1.21246, 0.78831], [1.34095, 3.00601, 0.78831], [8.32751, 12.50825, 18.30136],
        [[-0.58361, -0.49494, 0.05168, 0.24498], [-0.29719, 0.99889, 0.0, -0.54485], [0] * 4,
         [-2.61289, -0.91317, 0.27471, 0.5947], [0] * 4, [-1.68102, -0.51149, 0.14901, 0.2698], [0] * 4,
         [-1.2822, -2.50275, -0.34735, -0.05834], [0] * 4, [0] * 4],
        [0.98523, -0.82553, 0.0, 3.11178, 0.0, 1.89068, 0.0, 3.09047, 0.0, 0.0],
        [[-2.12544, 0.39833, -3.66955, -1.50391], [-3.71162, 0.96071, -2.62269, -0.80939],
         [-2.50693, 0.80123, -2.42826, -0.63128]],
    ]
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, np.array(e, np.float32), rtol=1e-4, atol=1e-4)


def test_compute_accidental_hits_matches_tf1():
    with tf.Graph().as_default():
        hits = tf.nn.compute_accidental_hits(LABELS2, SAMPLED, num_true=2)
        with tf.Session() as sess:
            indices, ids, weights = sess.run(hits)
    assert indices.tolist() == [1, 1, 2, 2]
    assert ids.tolist() == [3, 0, 1, 1]
    assert np.all(weights == -np.finfo(np.float32).max)


def _log_uniform_p(k, n):
    return np.log((k + 2.0) / (k + 1.0)) / np.log(n + 1.0)


def test_candidate_samplers_expected_counts_follow_tf1():
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        log_s = tf.nn.log_uniform_candidate_sampler(LABELS, 1, 4, False, 10)
        uni_s = tf.nn.uniform_candidate_sampler(LABELS, 1, 4, False, 10)
        uniq = tf.nn.log_uniform_candidate_sampler(LABELS, 1, 8, True, 10)
        with tf.Session() as sess:
            (ls, lt, le), (us, ut, ue), (qs, qt, qe) = sess.run([log_s, uni_s, uniq])
    # With replacement the expected count is p * num_sampled (TF1 gives 0.19648 for class 7 of 10).
    np.testing.assert_allclose(lt[:, 0], _log_uniform_p(LABELS[:, 0], 10) * 4, rtol=1e-5)
    np.testing.assert_allclose(lt[1, 0], 0.19647737, rtol=1e-5)
    np.testing.assert_allclose(le, _log_uniform_p(ls, 10) * 4, rtol=1e-5)
    assert ls.min() >= 0 and ls.max() < 10 and us.min() >= 0 and us.max() < 10
    np.testing.assert_allclose(ut, np.full((3, 1), 0.4), rtol=1e-6)
    np.testing.assert_allclose(ue, np.full(4, 0.4), rtol=1e-6)
    # Unique: 8 distinct classes, counted as 1 - (1 - p)^tries for one number of tries >= 8.
    assert len(set(qs.tolist())) == 8
    p = _log_uniform_p(qs, 10)
    tries = np.log1p(-qe) / np.log1p(-p)
    assert tries[0] >= 8 - 1e-3
    np.testing.assert_allclose(tries, tries[0], rtol=1e-3)


def test_sampled_loss_trains_word_vectors_without_given_samples():
    rng = np.random.default_rng(0)
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        w = tf.Variable(rng.normal(0, 0.1, (50, 8)).astype(np.float32))
        b = tf.Variable(np.zeros(50, np.float32))
        emb = tf.Variable(rng.normal(0, 0.1, (50, 8)).astype(np.float32))
        ids = tf.placeholder(tf.int32, [None])
        labels = tf.placeholder(tf.int64, [None, 1])
        x = tf.nn.embedding_lookup(emb, ids)
        loss = tf.reduce_mean(tf.nn.nce_loss(w, b, labels, x, num_sampled=10, num_classes=50))
        train = tf.train.GradientDescentOptimizer(1.0).minimize(loss)
        src = np.arange(50) % 25
        tgt = ((src + 1) % 25)[:, None]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            first = sess.run(loss, {ids: src, labels: tgt})
            for _ in range(200):
                sess.run(train, {ids: src, labels: tgt})
            last = sess.run(loss, {ids: src, labels: tgt})
    assert last < 0.5 * first


def test_sampler_rejects_more_unique_samples_than_classes():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="unique candidates"):
            tf.nn.log_uniform_candidate_sampler(LABELS, 1, 20, True, 10)
