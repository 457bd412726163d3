"""CustomHelper, InferenceHelper and ScheduledEmbeddingTrainingHelper drive BasicDecoder: a CustomHelper doing
teacher forcing reproduces TF1's TrainingHelper values; an InferenceHelper feeding back the cell's
own output equals the same cell stepped by hand, and stops where end_fn says; scheduled sampling at
probability 0 is teacher forcing, at 1 feeds sampled tokens (repeatably under its seeds)."""
import numpy as np
import pytest

import jupyter_flow as tf
from tests.contrib.test_seq2seq_decoder import IDS, LOGITS, B, H, V, X, _fill_variables


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def test_custom_helper_teacher_forcing_matches_training_helper_values():
    inputs = tf.constant(X)

    def initialize_fn():
        return tf.constant([False, False]), inputs[:, 0]

    def sample_fn(time, outputs, state):
        return tf.argmax(outputs, axis=-1, output_type=tf.int32)

    def next_inputs_fn(time, outputs, state, sample_ids):
        nxt = time + 1
        finished = nxt >= tf.constant([4, 2])
        safe = tf.minimum(nxt, 3)
        return finished, tf.gather(tf.transpose(inputs, [1, 0, 2]), safe), state

    helper = tf.contrib.seq2seq.CustomHelper(initialize_fn, sample_fn, next_inputs_fn)
    with pytest.raises(ValueError, match="batch_size accessed before initialize was called"):
        helper.batch_size
    cell = tf.nn.rnn_cell.BasicLSTMCell(H)
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                                              output_layer=tf.layers.Dense(V))
    outputs, _, lengths = tf.contrib.seq2seq.dynamic_decode(decoder)
    with tf.Session() as sess:
        _fill_variables(sess)
        out, n = sess.run([outputs, lengths])
    np.testing.assert_allclose(out.rnn_output, LOGITS, atol=2e-5)
    assert out.sample_id.tolist() == IDS and n.tolist() == [4, 2]


def test_inference_helper_feeds_back_the_output_until_end_fn():
    cell = tf.nn.rnn_cell.BasicRNNCell(3)
    start = tf.constant([[0.5, -0.5, 0.2], [0.1, 0.3, -0.7]])
    helper = tf.contrib.seq2seq.InferenceHelper(sample_fn=lambda o: o, sample_shape=[3], sample_dtype=tf.float32,
                                                start_inputs=start, end_fn=lambda s: s[:, 0] > 0.85)
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32))
    outputs, _, lengths = tf.contrib.seq2seq.dynamic_decode(decoder, maximum_iterations=5)
    assert outputs.sample_id.shape.as_list() == [B, None, 3] and outputs.sample_id.dtype == tf.float32
    kernel, bias = tf.global_variables()
    with tf.Session() as sess:
        sess.run(tf.assign(kernel, np.sin(np.arange(18.0)).reshape(6, 3).astype(np.float32) * 2))
        sess.run(tf.assign(bias, np.array([0.8, 0.0, -0.1], np.float32)))
        out, n, k, b, x = sess.run([outputs.rnn_output, lengths, kernel, bias, start])
    h = np.zeros((B, 3), np.float32)
    expected, ends = [], [None, None]
    for t in range(5):
        h = np.tanh(np.concatenate([x, h], 1) @ k + b)
        expected.append(h)
        x = h
        for i in range(B):
            if ends[i] is None and h[i, 0] > 0.85:
                ends[i] = t + 1
    expected = np.stack(expected, 1)
    want = [e if e is not None else 5 for e in ends]
    assert n.tolist() == want == [5, 1]
    np.testing.assert_allclose(out, expected[:, :out.shape[1]], atol=1e-5)
    assert out.shape[1] == max(want)


def _scheduled(probability):
    from tests.contrib.test_seq2seq_decoder import EMB
    cell = tf.nn.rnn_cell.BasicLSTMCell(H)
    helper = tf.contrib.seq2seq.ScheduledEmbeddingTrainingHelper(tf.constant(X), tf.constant([4, 2]), tf.constant(EMB),
                                                                 probability, seed=3, scheduling_seed=4)
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                                              output_layer=tf.layers.Dense(V))
    outputs, _, lengths = tf.contrib.seq2seq.dynamic_decode(decoder)
    with tf.Session() as sess:
        _fill_variables(sess)
        return sess.run([outputs, lengths])


def test_scheduled_sampling_at_probability_zero_is_teacher_forcing():
    out, n = _scheduled(0.0)
    np.testing.assert_allclose(out.rnn_output, LOGITS, atol=2e-5)
    assert out.sample_id.tolist() == [[-1] * 4, [-1] * 4] and n.tolist() == [4, 2]


def test_scheduled_sampling_at_probability_one_feeds_sampled_tokens():
    out, n = _scheduled(1.0)
    assert (out.sample_id >= 0).all() and (out.sample_id < V).all() and n.tolist() == [4, 2]
    np.testing.assert_allclose(out.rnn_output[:, 0], np.array(LOGITS)[:, 0], atol=2e-5)  # step 0 reads inputs[0]
    assert np.abs(out.rnn_output[:, 1:] - np.array(LOGITS)[:, 1:]).max() > 1e-3
    tf.reset_default_graph()
    again, _ = _scheduled(1.0)
    assert again.sample_id.tolist() == out.sample_id.tolist()  # repeatable under its seeds
    with pytest.raises(ValueError, match="sampling_probability must be either a scalar or a vector"):
        tf.contrib.seq2seq.ScheduledEmbeddingTrainingHelper(tf.constant(X), [4, 2], tf.ones([V, 3]), [[0.5]])
