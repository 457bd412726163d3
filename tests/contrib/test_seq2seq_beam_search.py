"""tf.contrib.seq2seq.BeamSearchDecoder and gather_tree. TF 2.x has no contrib to compare with, so
the beam search is pinned by what TF1's algorithm implies: width 1 is greedy decoding (whose logits
are TF's, from test_seq2seq_decoder), a wider beam scores at least as well, every returned beam's
score is the log-probability of its traced-back sequence, and beams stop at the end token."""
import numpy as np
import pytest

import jupyter_flow as tf
from tests.contrib.test_seq2seq_decoder import EMB, GREEDY_LOGITS, B, H, V, _fill_variables


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def _beam_decode(width, end_token, steps=4, length_penalty_weight=0.0):
    cell = tf.nn.rnn_cell.BasicLSTMCell(H)
    layer = tf.layers.Dense(V)
    init = tf.contrib.seq2seq.tile_batch(cell.zero_state(B, tf.float32), width)
    decoder = tf.contrib.seq2seq.BeamSearchDecoder(cell, tf.constant(EMB), [1, 4], end_token, init, width,
                                                   output_layer=layer, length_penalty_weight=length_penalty_weight)
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder, maximum_iterations=steps)
    return cell, layer, outputs, state, lengths


def _sequence_log_prob(cell, layer, ids):
    """log p(ids | start tokens [1, 4]) by teacher forcing through the same cell and layer."""
    ids = tf.constant(ids, tf.int32)
    inputs = tf.nn.embedding_lookup(tf.constant(EMB), tf.concat([tf.constant([[1], [4]]), ids[:, :-1]], 1))
    helper = tf.contrib.seq2seq.TrainingHelper(inputs, tf.fill([B], tf.shape(ids)[1]))
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32), output_layer=layer)
    outputs, _, _ = tf.contrib.seq2seq.dynamic_decode(decoder)
    log_probs = tf.nn.log_softmax(outputs.rnn_output)
    return tf.reduce_sum(tf.reduce_sum(log_probs * tf.one_hot(ids, V), -1), -1)


def test_width_one_is_greedy_decoding():
    _, _, outputs, _, lengths = _beam_decode(1, end_token=3)
    assert outputs.predicted_ids.shape.as_list() == [B, None, 1]
    with tf.Session() as sess:
        _fill_variables(sess)
        out, n = sess.run([outputs, lengths])
    assert out.predicted_ids[:, :, 0].tolist() == [[0, 4, 4, 4], [0, 4, 4, 4]]
    logits = np.array(GREEDY_LOGITS, np.float64)
    greedy = (logits - np.log(np.exp(logits).sum(-1, keepdims=True))).max(-1).cumsum(-1)
    np.testing.assert_allclose(out.beam_search_decoder_output.scores[:, :, 0], greedy, atol=5e-5)
    assert n.tolist() == [[4], [4]]


def test_every_beam_scores_its_own_traced_sequence_and_beats_greedy():
    cell, layer, outputs, state, _ = _beam_decode(3, end_token=3)
    with tf.Session() as sess:
        _fill_variables(sess)
        out, final = sess.run([outputs, state])
    scores = out.beam_search_decoder_output.scores[:, -1]  # [batch, beam], best first
    assert (np.diff(scores, axis=1) <= 1e-6).all()
    np.testing.assert_allclose(final.log_probs, scores, atol=1e-5)
    greedy = np.array(GREEDY_LOGITS, np.float64)
    greedy = (greedy - np.log(np.exp(greedy).sum(-1, keepdims=True))).max(-1).sum(-1)
    assert (scores[:, 0] >= greedy - 1e-5).all() and scores[0, 0] > greedy[0] + 1e-3
    for k in range(3):
        with tf.Session() as sess:
            log_prob = _sequence_log_prob(cell, layer, out.predicted_ids[:, :, k])
            _fill_variables(sess)
            np.testing.assert_allclose(sess.run(log_prob), scores[:, k], atol=5e-5)


def test_beams_stop_at_the_end_token_and_gather_tree_pads_with_it():
    _, _, outputs, state, _ = _beam_decode(2, end_token=0, steps=5)
    with tf.Session() as sess:
        _fill_variables(sess)
        out, final = sess.run([outputs, state])
    ids = out.predicted_ids
    assert final.finished.any()
    for b in range(B):
        for k in range(2):
            seq = ids[b, :, k].tolist()
            if 0 in seq:  # everything after the first end token is the end token, and the length counts it
                first = seq.index(0)
                assert seq[first:] == [0] * (len(seq) - first)
                assert final.lengths[b, k] == first + 1


def test_gather_tree_follows_parents_as_tf1():
    # [time, batch=1, beam]; expected sequences traced by hand with TF1's rule (start at the last
    # step within max_sequence_lengths, follow parent ids back; end_token past the length and after
    # a beam's first end token)
    step_ids = [[[2, 5, 3]], [[4, 1, 6]], [[7, 2, 8]]]
    parent_ids = [[[0, 0, 0]], [[1, 0, 1]], [[2, 1, 0]]]
    with tf.Session() as sess:
        got = sess.run(tf.contrib.seq2seq.gather_tree(step_ids, parent_ids, [3], end_token=10))
        short = sess.run(tf.contrib.seq2seq.gather_tree(step_ids, parent_ids, [2], end_token=10))
        ended = sess.run(tf.contrib.seq2seq.gather_tree([[[1, 2]], [[10, 3]], [[4, 5]]], [[[0, 0]], [[0, 1]], [[1, 0]]],
                                                        [3], end_token=10))
    assert got[:, 0].T.tolist() == [[5, 6, 7], [2, 1, 2], [5, 4, 8]]
    assert short[:, 0].T.tolist() == [[5, 4, 10], [2, 1, 10], [5, 6, 10]]
    assert ended[:, 0].T.tolist() == [[2, 3, 4], [1, 10, 10]]


def test_length_penalty_reorders_by_normalized_score():
    _, _, outputs, _, _ = _beam_decode(3, end_token=0, steps=5, length_penalty_weight=1.0)
    with tf.Session() as sess:
        _fill_variables(sess)
        scores = sess.run(outputs.beam_search_decoder_output.scores)
    assert (np.diff(scores[:, -1], axis=1) <= 1e-6).all() and np.isfinite(scores).all()
