"""tf.contrib.legacy_seq2seq's attention decoders and model_with_buckets against TF1.15's
definitions. TF 2.21 has no contrib, so the reference values come from TF1.15's attention_decoder
re-created over TF 2.21 compat.v1 ops with the same variable names (values pasted here, variables
filled in name order from one generator in both); gradients are checked by finite differences and
a small copy task must be learnt."""
import importlib.util
import pathlib

import numpy as np
import pytest

import jupyter_flow as tf

DEC_X = [[[-0.18, 0.54, 1.94, -0.27], [-0.24, 1.0, -0.89, -0.29]], [[0.88, 0.58, 0.09, 0.67], [-2.83, 1.02, -0.96, -1.67]]]
ENC_IDS = [[1, 4], [2, 0], [5, 5]]
DEC_IDS = [[0, 3], [6, 2]]
ATTENTION_STATES = (np.arange(18, dtype=np.float32).reshape(2, 3, 3) / 10 - 0.8)
H0 = [[0.1, -0.2, 0.3], [-0.4, 0.5, 0.6]]

DECODER_NAMES = ["attention_decoder/Attention_0/bias:0", "attention_decoder/Attention_0/kernel:0",
                 "attention_decoder/Attention_1/bias:0", "attention_decoder/Attention_1/kernel:0",
                 "attention_decoder/AttnOutputProjection/bias:0", "attention_decoder/AttnOutputProjection/kernel:0",
                 "attention_decoder/AttnV_0:0", "attention_decoder/AttnV_1:0", "attention_decoder/AttnW_0:0",
                 "attention_decoder/AttnW_1:0", "attention_decoder/basic_rnn_cell/bias:0",
                 "attention_decoder/basic_rnn_cell/kernel:0", "attention_decoder/bias:0", "attention_decoder/kernel:0"]
DECODER = [[[-0.90592, 0.11849, 0.42223, 0.97059, -0.01289], [-0.80385, -0.07436, 0.31796, 0.75795, 0.6395]],
           [[-0.9541, 0.08647, 0.58952, 1.1993, 0.18311], [-0.61032, -0.21975, 0.16462, 0.45223, 0.79096]]]
DECODER_ISA = [[[-0.96155, 0.12508, 0.50833, 1.08881, 0.03244], [-0.69355, -0.08768, 0.18258, 0.59399, 0.59579]],
               [[-0.94658, 0.0791, 0.59255, 1.20254, 0.20227], [-0.61383, -0.2066, 0.15479, 0.44869, 0.7616]]]

_D = "embedding_attention_seq2seq/embedding_attention_decoder/"
SEQ2SEQ_NAMES = [_D + n for n in [
    "attention_decoder/Attention_0/bias:0", "attention_decoder/Attention_0/kernel:0",
    "attention_decoder/AttnOutputProjection/bias:0", "attention_decoder/AttnOutputProjection/kernel:0",
    "attention_decoder/AttnV_0:0", "attention_decoder/AttnW_0:0", "attention_decoder/bias:0", "attention_decoder/kernel:0",
    "attention_decoder/output_projection_wrapper/basic_lstm_cell/bias:0",
    "attention_decoder/output_projection_wrapper/basic_lstm_cell/kernel:0",
    "attention_decoder/output_projection_wrapper/bias:0", "attention_decoder/output_projection_wrapper/kernel:0",
    "embedding:0"]] + ["embedding_attention_seq2seq/rnn/embedding_wrapper/basic_lstm_cell/bias:0",
                       "embedding_attention_seq2seq/rnn/embedding_wrapper/basic_lstm_cell/kernel:0",
                       "embedding_attention_seq2seq/rnn/embedding_wrapper/embedding:0"]
SEQ2SEQ = [[[-0.53842, 0.15967, -0.91263, -0.44396, 0.02574, -0.16767, 0.29704],
            [-0.48095, 0.16861, -0.91196, -0.46509, 0.05467, -0.23097, 0.26392]],
           [[-0.50709, 0.14758, -0.89402, -0.41394, -0.02173, -0.22023, 0.37658],
            [-0.43823, 0.1741, -0.88046, -0.43869, 0.0271, -0.29448, 0.32964]]]
SEQ2SEQ_FP = [SEQ2SEQ[0], [[-0.50709, 0.14758, -0.89402, -0.41394, -0.02173, -0.22023, 0.37658],
                           [-0.44643, 0.15533, -0.8903, -0.43901, 0.0066, -0.28118, 0.33963]]]
SEQ2SEQ_ISA = [[[-0.53818, 0.15301, -0.91376, -0.44287, 0.01636, -0.16667, 0.30449],
                [-0.48002, 0.16195, -0.91245, -0.46456, 0.04534, -0.22988, 0.27082]],
               [[-0.50556, 0.14194, -0.89371, -0.41433, -0.02946, -0.21895, 0.38144],
                [-0.43582, 0.16844, -0.87932, -0.43992, 0.01946, -0.29294, 0.33362]]]


def _fill(sess):
    rng = np.random.default_rng(7)
    for v in sorted(tf.global_variables(), key=lambda v: v.name):
        sess.run(v.assign(rng.uniform(-0.5, 0.5, size=v.shape.as_list()).astype(np.float32)))


def _run(build, feed=None):
    with tf.Graph().as_default():
        outs, _ = build()
        names = sorted(v.name for v in tf.global_variables())
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            _fill(sess)
            return names, sess.run(outs, feed)


def _consts(rows, dtype):
    return [tf.constant(np.array(r, dtype)) for r in rows]


def _decoder(initial_state_attention):
    return tf.contrib.legacy_seq2seq.attention_decoder(
        _consts(DEC_X, np.float32), tf.constant(np.array(H0, np.float32)), tf.constant(ATTENTION_STATES),
        tf.nn.rnn_cell.BasicRNNCell(3), output_size=5, num_heads=2, initial_state_attention=initial_state_attention)


@pytest.mark.parametrize("initial_state_attention, expected", [(False, DECODER), (True, DECODER_ISA)])
def test_attention_decoder_two_heads_names_and_values(initial_state_attention, expected):
    names, outs = _run(lambda: _decoder(initial_state_attention))
    assert names == DECODER_NAMES
    np.testing.assert_allclose(outs, expected, atol=1e-4)


def _seq2seq(feed_previous=False, initial_state_attention=False):
    return tf.contrib.legacy_seq2seq.embedding_attention_seq2seq(
        _consts(ENC_IDS, np.int32), _consts(DEC_IDS, np.int32), tf.nn.rnn_cell.BasicLSTMCell(3), 6, 7, 4,
        feed_previous=feed_previous, initial_state_attention=initial_state_attention)


@pytest.mark.parametrize("feed_previous, isa, expected",
                         [(False, False, SEQ2SEQ), (True, False, SEQ2SEQ_FP), (False, True, SEQ2SEQ_ISA)])
def test_embedding_attention_seq2seq_names_and_values(feed_previous, isa, expected):
    names, outs = _run(lambda: _seq2seq(feed_previous, isa))
    assert names == SEQ2SEQ_NAMES
    np.testing.assert_allclose(outs, expected, atol=1e-4)


def test_embedding_attention_seq2seq_feed_previous_tensor_picks_a_decoder():
    with tf.Graph().as_default():
        fp = tf.placeholder(tf.bool, [])
        outs, state = _seq2seq(feed_previous=fp)
        assert isinstance(state, tf.nn.rnn_cell.LSTMStateTuple)
        assert sorted(v.name for v in tf.global_variables()) == SEQ2SEQ_NAMES
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            _fill(sess)
            np.testing.assert_allclose(sess.run(outs, {fp: False}), SEQ2SEQ, atol=1e-4)
            np.testing.assert_allclose(sess.run(outs, {fp: True}), SEQ2SEQ_FP, atol=1e-4)


def test_embedding_attention_decoder_with_output_projection_keeps_cell_outputs():
    with tf.Graph().as_default():
        state = tf.zeros([2, 3])
        w, b = tf.get_variable("proj_w", [3, 7]), tf.get_variable("proj_b", [7])
        outs, _ = tf.contrib.legacy_seq2seq.embedding_attention_decoder(
            _consts(DEC_IDS, np.int32), state, tf.constant(ATTENTION_STATES), tf.nn.rnn_cell.GRUCell(3), 7, 4,
            output_projection=(w, b), feed_previous=True)
        assert [o.shape.as_list() for o in outs] == [[2, 3], [2, 3]]  # cell outputs, not 7 logits
        names = {v.name for v in tf.global_variables()}
        assert "embedding_attention_decoder/embedding:0" in names
        assert "embedding_attention_decoder/attention_decoder/gru_cell/gates/kernel:0" in names
        with pytest.raises(ValueError, match=r"output_projection\[1\] must have shape \[7\]"):
            tf.contrib.legacy_seq2seq.embedding_attention_decoder(
                _consts(DEC_IDS, np.int32), state, tf.constant(ATTENTION_STATES), tf.nn.rnn_cell.GRUCell(3), 7, 4,
                output_projection=(w, tf.zeros([6])), scope="other")


def test_attention_decoder_rejects_bad_arguments():
    cell = tf.nn.rnn_cell.BasicRNNCell(3)
    with tf.Graph().as_default():
        att = tf.constant(ATTENTION_STATES)
        h = tf.zeros([2, 3])
        with pytest.raises(ValueError, match="at least 1 input"):
            tf.contrib.legacy_seq2seq.attention_decoder([], h, att, cell)
        with pytest.raises(ValueError, match="less than 1 heads"):
            tf.contrib.legacy_seq2seq.attention_decoder([tf.zeros([2, 4])], h, att, cell, num_heads=0)
        with pytest.raises(ValueError, match="Shape\\[2\\] of attention_states must be known"):
            tf.contrib.legacy_seq2seq.attention_decoder([tf.zeros([2, 4])], h, tf.placeholder(tf.float32, [2, 3, None]),
                                                        cell)


def _numeric_gradient():
    path = pathlib.Path(__file__).parents[1] / "ops" / "test_gradient_registry.py"
    spec = importlib.util.spec_from_file_location("_gradient_registry", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._numeric_gradient


def test_attention_decoder_gradients_match_finite_differences():
    rng = np.random.default_rng(3)
    with tf.Graph().as_default():
        xs = [tf.placeholder(tf.float64, [2, 4], name=f"x{t}") for t in range(2)]
        h0 = tf.placeholder(tf.float64, [2, 3], name="h0")
        att = tf.placeholder(tf.float64, [2, 3, 3], name="att")
        with tf.variable_scope("m", dtype=tf.float64, initializer=tf.random_uniform_initializer(-0.7, 0.7, seed=1)):
            outs, state = tf.contrib.legacy_seq2seq.attention_decoder(xs, h0, att, tf.nn.rnn_cell.GRUCell(3),
                                                                      num_heads=2, initial_state_attention=True)
        y = tf.concat(outs + [state], 1)
        loss = tf.reduce_sum(y * tf.constant(rng.standard_normal((2, 9))))
        inputs = xs + [h0, att]
        values = [rng.standard_normal((2, 4)), rng.standard_normal((2, 4)), rng.standard_normal((2, 3)),
                  rng.standard_normal((2, 3, 3))]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            analytic = sess.run(tf.gradients(loss, inputs), dict(zip(inputs, values)))
            numeric = _numeric_gradient()(sess, loss, inputs, values, 1e-6)
    for a, n in zip(analytic, numeric):
        np.testing.assert_allclose(a, n, rtol=1e-5, atol=1e-6)


def test_embedding_attention_seq2seq_learns_to_copy():
    vocab, length, batch, go = 6, 4, 32, 0
    rng = np.random.default_rng(0)
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        enc = [tf.placeholder(tf.int32, [None], name=f"enc{t}") for t in range(length)]
        tgt = [tf.placeholder(tf.int32, [None], name=f"tgt{t}") for t in range(length)]
        dec = [tf.fill(tf.shape(enc[0]), go)] + tgt[:-1]
        outs, _ = tf.contrib.legacy_seq2seq.embedding_attention_seq2seq(
            enc, dec, tf.nn.rnn_cell.GRUCell(24), vocab, vocab, 8)
        weights = [tf.ones(tf.shape(t), tf.float32) for t in tgt]
        loss = tf.contrib.legacy_seq2seq.sequence_loss(outs, tgt, weights)
        train = tf.train.AdamOptimizer(0.02).minimize(loss)
        pred = tf.stack([tf.argmax(o, 1, output_type=tf.int32) for o in outs], 1)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(300):
                seqs = rng.integers(1, vocab, size=(batch, length)).astype(np.int32)
                feed = {**dict(zip(enc, seqs.T)), **dict(zip(tgt, seqs.T))}
                sess.run(train, feed)
            seqs = rng.integers(1, vocab, size=(200, length)).astype(np.int32)
            got = sess.run(pred, {**dict(zip(enc, seqs.T)), **dict(zip(tgt, seqs.T))})
    assert (got == seqs).mean() > 0.95


def test_model_with_buckets_shares_variables_and_losses_per_bucket():
    with tf.Graph().as_default():
        enc = [tf.constant(np.array(r, np.int32)) for r in ENC_IDS]
        dec = [tf.constant(np.array(r, np.int32)) for r in DEC_IDS + [[1, 1]]]
        tgt = [tf.constant(np.array(r, np.int32)) for r in [[1, 2], [3, 4], [5, 6]]]
        wts = [tf.constant(np.array(r, np.float32)) for r in [[1, 1], [1, 0.5], [0, 1]]]

        def model(x, y):
            return tf.contrib.legacy_seq2seq.embedding_attention_seq2seq(
                x, y, tf.nn.rnn_cell.GRUCell(3), 6, 7, 4)
        outputs, losses = tf.contrib.legacy_seq2seq.model_with_buckets(enc, dec, tgt, wts, [(2, 2), (3, 3)], model)
        with tf.variable_scope(tf.get_variable_scope(), reuse=True):
            per_example = tf.contrib.legacy_seq2seq.model_with_buckets(enc, dec, tgt, wts, [(2, 2), (3, 3)], model,
                                                                       per_example_loss=True)[1]
        assert [len(o) for o in outputs] == [2, 3]
        with tf.Graph().as_default():
            model(enc_one := [tf.zeros([2], tf.int32)] * 3, enc_one)
            one_model = sorted(v.name for v in tf.global_variables())
        assert sorted(v.name for v in tf.global_variables()) == one_model
        assert losses[0].shape.as_list() == [] and per_example[1].shape.as_list() == [2]
        direct = [tf.contrib.legacy_seq2seq.sequence_loss(o, tgt[:n], wts[:n]) for o, n in zip(outputs, [2, 3])]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got, want = sess.run([losses, direct])
        np.testing.assert_allclose(got, want, rtol=1e-6)
        with pytest.raises(ValueError, match=r"Length of encoder_inputs \(3\) must be at least that of last bucket"):
            tf.contrib.legacy_seq2seq.model_with_buckets(enc, dec, tgt, wts, [(4, 3)], model)
        with pytest.raises(ValueError, match=r"Length of targets \(3\) must be at least"):
            tf.contrib.legacy_seq2seq.model_with_buckets(enc, dec, tgt, wts, [(3, 4)], model)
