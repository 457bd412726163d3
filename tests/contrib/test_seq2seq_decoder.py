"""tf.contrib.seq2seq's helper/decoder API (TrainingHelper, GreedyEmbeddingHelper, BasicDecoder,
dynamic_decode, tile_batch) against TF1. TF 2.x has no contrib, so the expected values come from
the same computation spelled with TF 2.21 compat.v1 cells and layers (BasicLSTMCell under
variable_scope("decoder"), tf.layers.dense named "dense": the names BasicDecoder gives them),
stepped by hand. Variables are filled, in name order, from one fixed formula in both frameworks."""
import numpy as np
import pytest

import jupyter_flow as tf

B, T, D, H, V = 2, 4, 3, 4, 5


def fill(shape, phase):
    n = int(np.prod(shape))
    return (1.5 * np.sin(np.arange(n) * 1.3 + phase)).reshape(shape).astype(np.float32)


X = fill((B, T, D), 0.3) * 2
EMB = fill((V, D), 1.1) * 2
LOGITS = [[[1.59078, -0.0443, -1.61447, -0.81944, 1.17607], [1.49516, -0.63482, -1.83479, -0.34679, 1.64926],
           [0.83092, -1.77457, -1.78031, 0.82211, 2.22014], [1.43056, -0.64487, -1.77556, -0.30505, 1.61236]],
          [[1.26947, 0.07389, -1.22993, -0.73191, 0.83837], [1.04786, -1.56735, -1.88639, 0.55814, 2.18499],
           [1.52182, -1.11965, -2.12083, -0.01499, 2.11281], [0.96115, -0.82104, -1.4004, 0.07183, 1.43883]]]
IDS = [[0, 4, 4, 4], [0, 4, 4, 4]]
H_FULL = [[0.29869, 0.01043, -0.01328, 0.0016], [-0.00211, 0.0003, -0.33788, 0.75022]]
C_FULL = [[0.30874, 0.01061, -0.96162, 1.16349], [-0.96627, 0.95237, -0.42378, 0.97374]]
H_STEP2_B1 = [0.00364, 0.18612, 0.72336, -0.02259]
C_STEP2_B1 = [0.89454, 1.45601, 0.93079, -0.02311]
GREEDY_LOGITS = [[[1.37395, -0.09719, -1.42595, -0.66569, 1.0698], [1.17007, -0.40429, -1.38637, -0.33742, 1.20585],
                  [1.37401, -1.05556, -1.93873, 0.01834, 1.94854], [1.34501, -0.79654, -1.77116, -0.15102, 1.69036]],
                 [[1.35239, 0.00479, -1.34983, -0.72694, 0.96092], [0.67463, -2.10109, -1.79871, 1.13879, 2.40796],
                  [1.5047, -0.93243, -2.00355, -0.13946, 1.92894], [1.35635, -0.97791, -1.87953, -0.02764, 1.86475]]]
VAR_NAMES = ["decoder/basic_lstm_cell/bias:0", "decoder/basic_lstm_cell/kernel:0", "decoder/dense/bias:0",
             "decoder/dense/kernel:0"]


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def _fill_variables(sess):
    for i, v in enumerate(sorted(tf.global_variables(), key=lambda v: v.name)):
        sess.run(tf.assign(v, fill(v.shape.as_list(), i)))


def _training_decode(lengths=(4, 2), **kwargs):
    cell = tf.nn.rnn_cell.BasicLSTMCell(H)
    helper = tf.contrib.seq2seq.TrainingHelper(tf.constant(X), tf.constant(list(lengths)))
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                                              output_layer=tf.layers.Dense(V))
    return tf.contrib.seq2seq.dynamic_decode(decoder, **kwargs)


def test_training_helper_decodes_the_whole_batch_until_the_longest_sequence_ends():
    outputs, state, lengths = _training_decode()
    assert isinstance(outputs, tf.contrib.seq2seq.BasicDecoderOutput)
    assert outputs.rnn_output.shape.as_list() == [B, None, V]
    assert outputs.sample_id.shape.as_list() == [B, None] and outputs.sample_id.dtype == tf.int32
    assert [v.name for v in sorted(tf.global_variables(), key=lambda v: v.name)] == VAR_NAMES
    with tf.Session() as sess:
        _fill_variables(sess)
        out, st, ln = sess.run([outputs, state, lengths])
    np.testing.assert_allclose(out.rnn_output, LOGITS, atol=2e-5)
    assert out.sample_id.tolist() == IDS
    assert ln.tolist() == [4, 2]
    # Without impute_finished the cell keeps running on the short sequence's inputs.
    np.testing.assert_allclose(st.h, H_FULL, atol=2e-5)
    np.testing.assert_allclose(st.c, C_FULL, atol=2e-5)


def test_impute_finished_zeroes_outputs_and_freezes_state_past_the_end():
    outputs, state, lengths = _training_decode(impute_finished=True)
    with tf.Session() as sess:
        _fill_variables(sess)
        out, st, ln = sess.run([outputs, state, lengths])
    expected = np.array(LOGITS)
    expected[1, 2:] = 0.0
    np.testing.assert_allclose(out.rnn_output, expected, atol=2e-5)
    assert out.sample_id.tolist() == [[0, 4, 4, 4], [0, 4, 0, 0]]
    np.testing.assert_allclose(st.h, [H_FULL[0], H_STEP2_B1], atol=2e-5)
    np.testing.assert_allclose(st.c, [C_FULL[0], C_STEP2_B1], atol=2e-5)
    assert ln.tolist() == [4, 2]


def test_output_time_major_and_maximum_iterations():
    outputs, _, lengths = _training_decode(output_time_major=True, maximum_iterations=3)
    with tf.Session() as sess:
        _fill_variables(sess)
        out, ln = sess.run([outputs, lengths])
    np.testing.assert_allclose(out.rnn_output, np.transpose(np.array(LOGITS)[:, :3], (1, 0, 2)), atol=2e-5)
    assert ln.tolist() == [3, 2]


def _greedy_decode(end_token, maximum_iterations):
    cell = tf.nn.rnn_cell.BasicLSTMCell(H)
    helper = tf.contrib.seq2seq.GreedyEmbeddingHelper(tf.constant(EMB), tf.constant([1, 4]), end_token)
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                                              output_layer=tf.layers.Dense(V))
    return tf.contrib.seq2seq.dynamic_decode(decoder, maximum_iterations=maximum_iterations)


def test_greedy_helper_feeds_back_its_argmax_until_maximum_iterations():
    outputs, _, lengths = _greedy_decode(end_token=3, maximum_iterations=4)
    with tf.Session() as sess:
        _fill_variables(sess)
        out, ln = sess.run([outputs, lengths])
    np.testing.assert_allclose(out.rnn_output, GREEDY_LOGITS, atol=2e-5)
    assert out.sample_id.tolist() == [[0, 4, 4, 4], [0, 4, 4, 4]]
    assert ln.tolist() == [4, 4]


def test_greedy_helper_stops_a_sequence_at_its_end_token():
    outputs, _, lengths = _greedy_decode(end_token=4, maximum_iterations=6)
    with tf.Session() as sess:
        _fill_variables(sess)
        out, ln = sess.run([outputs, lengths])
    assert out.sample_id.tolist() == [[0, 4], [0, 4]]
    assert ln.tolist() == [2, 2]
    np.testing.assert_allclose(out.rnn_output, np.array(GREEDY_LOGITS)[:, :2], atol=2e-5)


def test_training_a_seq2seq_copy_task_lowers_the_loss():
    tf.set_random_seed(1)
    src = np.array([[1, 2, 3, 4], [4, 3, 2, 1], [2, 2, 1, 3]], np.int32)
    go = np.zeros((3, 1), np.int32)
    embeddings = tf.get_variable("embeddings", [5, 8])
    enc_cell = tf.nn.rnn_cell.BasicLSTMCell(16)
    _, enc_state = tf.nn.dynamic_rnn(enc_cell, tf.nn.embedding_lookup(embeddings, src), dtype=tf.float32,
                                     scope="encoder")
    dec_in = tf.nn.embedding_lookup(embeddings, np.concatenate([go, src[:, :-1]], 1))
    helper = tf.contrib.seq2seq.TrainingHelper(dec_in, tf.fill([3], 4))
    decoder = tf.contrib.seq2seq.BasicDecoder(tf.nn.rnn_cell.BasicLSTMCell(16), helper, enc_state,
                                              output_layer=tf.layers.Dense(5))
    outputs, _, _ = tf.contrib.seq2seq.dynamic_decode(decoder)
    loss = tf.contrib.seq2seq.sequence_loss(outputs.rnn_output, tf.constant(src), tf.ones([3, 4]))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss)
        for _ in range(30):
            sess.run(train)
        last = sess.run(loss)
    assert last < 0.5 * first


def test_tile_batch_repeats_each_entry_in_place():
    t = tf.contrib.seq2seq.tile_batch(tf.constant([[1, 2], [3, 4]]), 3)
    assert t.shape.as_list() == [6, 2]
    state = tf.contrib.seq2seq.tile_batch((tf.constant([1, 2]), tf.placeholder(tf.float32, [None, 3])), 2)
    assert state[1].shape.as_list() == [None, 3]
    with tf.Session() as sess:
        assert sess.run(t).tolist() == [[1, 2], [1, 2], [1, 2], [3, 4], [3, 4], [3, 4]]
        assert sess.run(state[0]).tolist() == [1, 1, 2, 2]


def test_decoder_arguments_are_checked_as_tf1():
    cell = tf.nn.rnn_cell.BasicLSTMCell(H)
    helper = tf.contrib.seq2seq.TrainingHelper(tf.constant(X), tf.constant([4, 2]))
    with pytest.raises(TypeError, match="helper must be a Helper"):
        tf.contrib.seq2seq.BasicDecoder(cell, "helper", cell.zero_state(B, tf.float32))
    with pytest.raises(TypeError, match="Expected decoder to be type Decoder"):
        tf.contrib.seq2seq.dynamic_decode(cell)
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32))
    with pytest.raises(ValueError, match="maximum_iterations must be a scalar"):
        tf.contrib.seq2seq.dynamic_decode(decoder, maximum_iterations=[3])
    with pytest.raises(ValueError, match="start_tokens must be a vector"):
        tf.contrib.seq2seq.GreedyEmbeddingHelper(tf.constant(EMB), 1, 2)
    with pytest.raises(ValueError, match="t must have statically known rank"):
        tf.contrib.seq2seq.tile_batch(tf.constant(1), 2)
