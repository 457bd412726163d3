"""tf.contrib.legacy_seq2seq and tf.contrib.seq2seq.sequence_loss against TF1.15's definitions
(re-created over TF 2.21 compat.v1 with the same calls; values computed there and pasted here).
Variables are filled, in name order, from one fixed generator in both frameworks."""
import numpy as np
import pytest

import jupyter_flow as tf

ENC_X = [[[2.04, -2.56, 0.42, -0.57], [-0.45, -0.22, -2.02, -0.23]], [[-0.87, 3.32, 0.23, -0.35], [-0.28, -0.67, -1.06, -0.39]],
         [[0.48, -0.24, 0.96, -0.2], [0.02, 1.55, 0.55, -0.51]]]
DEC_X = [[[-0.18, 0.54, 1.94, -0.27], [-0.24, 1.0, -0.89, -0.29]], [[0.88, 0.58, 0.09, 0.67], [-2.83, 1.02, -0.96, -1.67]]]
ENC_IDS = [[1, 4], [2, 0], [5, 5]]
DEC_IDS = [[0, 3], [6, 2]]
LOGITS = [[[0.28, 0.7, -0.44, -1.08, 0.03], [-0.05, 1.41, 0.75, 0.19, 1.11]],
          [[-0.21, -0.93, 0.58, 0.58, -0.21], [-0.78, 0.23, -2.49, 0.69, 0.49]],
          [[-1.64, 0.06, -0.96, 0.76, -2.03], [-0.91, 0.71, 1.16, -2.16, -0.5]]]
TARGETS = [[1, 4], [0, 2], [3, 3]]
WEIGHTS = [[1.0, 1.0], [1.0, 0.5], [0.0, 1.0]]
BASIC = [[[-0.84006, 0.60074, -0.76401], [0.00889, -0.11148, -0.33591]], [[-0.10232, 0.36517, -0.3604], [-0.83974, 0.13174, -0.69703]]]
EMBEDDING = [
    [
        [0.19296, -0.26421, -0.32203, -0.11013, -0.36097, -0.11452, 0.42616],
        [0.20396, -0.33832, -0.36083, -0.12176, -0.33475, -0.17996, 0.44974],
    ],
    [
        [0.1766, -0.30343, -0.33147, -0.17964, -0.34643, -0.23249, 0.43552],
        [0.19156, -0.3542, -0.37412, -0.13187, -0.34008, -0.20463, 0.44836],
    ],
]
EMBEDDING_FP = [
    [
        [0.19296, -0.26421, -0.32203, -0.11013, -0.36097, -0.11452, 0.42616],
        [0.20396, -0.33832, -0.36083, -0.12176, -0.33475, -0.17996, 0.44974],
    ],
    [
        [0.1766, -0.30343, -0.33147, -0.17964, -0.34643, -0.23249, 0.43552],
        [0.18676, -0.3516, -0.35714, -0.18158, -0.3285, -0.26758, 0.45164],
    ],
]
BY_EXAMPLE = [1.45393, 2.96923]
BY_EXAMPLE_SUM = [2.90786, 7.42308]
SEQUENCE_LOSS = 2.21158
CONTRIB_BOTH = 2.29577
CONTRIB_TIME = [1.15079, 2.68079, 4.00819]
CONTRIB_BATCH_SUM = [1.45393, 2.47436]
CONTRIB_NONE = [[0.97728, 1.93059, 0.0], [1.3243, 2.0906, 4.00819]]


def _fill(sess):
    rng = np.random.default_rng(7)
    for v in sorted(tf.global_variables(), key=lambda v: v.name):
        sess.run(v.assign(rng.uniform(-0.5, 0.5, size=v.shape.as_list()).astype(np.float32)))


def _run(build):
    with tf.Graph().as_default():
        outs, _ = build()
        names = sorted(v.name for v in tf.global_variables())
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            _fill(sess)
            return names, sess.run(outs)


def _consts(rows, dtype):
    return [tf.constant(np.array(r, dtype)) for r in rows]


def test_basic_rnn_seq2seq_names_and_values():
    names, outs = _run(lambda: tf.contrib.legacy_seq2seq.basic_rnn_seq2seq(
        _consts(ENC_X, np.float32), _consts(DEC_X, np.float32), tf.nn.rnn_cell.BasicRNNCell(3)))
    assert names == ["basic_rnn_seq2seq/rnn/basic_rnn_cell/bias:0", "basic_rnn_seq2seq/rnn/basic_rnn_cell/kernel:0",
                     "basic_rnn_seq2seq/rnn_decoder/basic_rnn_cell/bias:0",
                     "basic_rnn_seq2seq/rnn_decoder/basic_rnn_cell/kernel:0"]
    np.testing.assert_allclose(outs, BASIC, atol=1e-4)


EMBEDDING_NAMES = [
    "embedding_rnn_seq2seq/embedding_rnn_decoder/embedding:0",
    "embedding_rnn_seq2seq/embedding_rnn_decoder/rnn_decoder/output_projection_wrapper/basic_lstm_cell/bias:0",
    "embedding_rnn_seq2seq/embedding_rnn_decoder/rnn_decoder/output_projection_wrapper/basic_lstm_cell/kernel:0",
    "embedding_rnn_seq2seq/embedding_rnn_decoder/rnn_decoder/output_projection_wrapper/bias:0",
    "embedding_rnn_seq2seq/embedding_rnn_decoder/rnn_decoder/output_projection_wrapper/kernel:0",
    "embedding_rnn_seq2seq/rnn/embedding_wrapper/basic_lstm_cell/bias:0",
    "embedding_rnn_seq2seq/rnn/embedding_wrapper/basic_lstm_cell/kernel:0",
    "embedding_rnn_seq2seq/rnn/embedding_wrapper/embedding:0"]


@pytest.mark.parametrize("feed_previous, expected", [(False, EMBEDDING), (True, EMBEDDING_FP)])
def test_embedding_rnn_seq2seq_names_and_values(feed_previous, expected):
    names, outs = _run(lambda: tf.contrib.legacy_seq2seq.embedding_rnn_seq2seq(
        _consts(ENC_IDS, np.int32), _consts(DEC_IDS, np.int32), tf.nn.rnn_cell.BasicLSTMCell(3), 6, 7, 4,
        feed_previous=feed_previous))
    assert names == EMBEDDING_NAMES
    np.testing.assert_allclose(outs, expected, atol=1e-4)


def test_embedding_rnn_seq2seq_feed_previous_tensor_picks_a_decoder():
    with tf.Graph().as_default():
        fp = tf.placeholder(tf.bool, [])
        outs, _ = tf.contrib.legacy_seq2seq.embedding_rnn_seq2seq(
            _consts(ENC_IDS, np.int32), _consts(DEC_IDS, np.int32), tf.nn.rnn_cell.BasicLSTMCell(3), 6, 7, 4,
            feed_previous=fp)
        assert sorted(v.name for v in tf.global_variables()) == EMBEDDING_NAMES
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            _fill(sess)
            np.testing.assert_allclose(sess.run(outs, {fp: False}), EMBEDDING, atol=1e-4)
            np.testing.assert_allclose(sess.run(outs, {fp: True}), EMBEDDING_FP, atol=1e-4)


def test_legacy_sequence_losses():
    with tf.Graph().as_default():
        lg, tg, wt = _consts(LOGITS, np.float32), _consts(TARGETS, np.int32), _consts(WEIGHTS, np.float32)
        by_ex = tf.contrib.legacy_seq2seq.sequence_loss_by_example(lg, tg, wt)
        by_ex_sum = tf.contrib.legacy_seq2seq.sequence_loss_by_example(lg, tg, wt, average_across_timesteps=False)
        loss = tf.contrib.legacy_seq2seq.sequence_loss(lg, tg, wt)
        with tf.Session() as sess:
            a, b, c = sess.run([by_ex, by_ex_sum, loss])
    np.testing.assert_allclose(a, BY_EXAMPLE, rtol=1e-5)
    np.testing.assert_allclose(b, BY_EXAMPLE_SUM, rtol=1e-5)
    np.testing.assert_allclose(c, SEQUENCE_LOSS, rtol=1e-5)
    with pytest.raises(ValueError, match="Lengths of logits, weights, and targets"):
        tf.contrib.legacy_seq2seq.sequence_loss(lg, tg[:2], wt)


def test_contrib_seq2seq_sequence_loss_reductions():
    L = np.stack([np.array(x, np.float32) for x in LOGITS], 1)
    T = np.stack([np.array(x, np.int32) for x in TARGETS], 1)
    W = np.stack([np.array(x, np.float32) for x in WEIGHTS], 1)
    sl = tf.contrib.seq2seq.sequence_loss
    with tf.Graph().as_default():
        both = sl(L, T, W)
        per_time = sl(L, T, W, average_across_timesteps=False)
        per_batch_sum = sl(L, T, W, average_across_timesteps=False, average_across_batch=False, sum_over_timesteps=True)
        none = sl(L, T, W, average_across_timesteps=False, average_across_batch=False)
        with tf.Session() as sess:
            got = sess.run([both, per_time, per_batch_sum, none])
    for g, e in zip(got, [CONTRIB_BOTH, CONTRIB_TIME, CONTRIB_BATCH_SUM, CONTRIB_NONE]):
        np.testing.assert_allclose(g, e, rtol=1e-4, atol=1e-5)
