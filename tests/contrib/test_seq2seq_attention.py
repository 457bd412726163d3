"""tf.contrib.seq2seq's BahdanauAttention, LuongAttention and AttentionWrapper in a BasicDecoder, as
the NMT tutorial builds them. TF 2.x has no contrib, so the expected values were computed in TF 2.21
compat.v1 with TF's BasicLSTMCell and TF1's attention formulas written out as ops (memory masked
past its length, scores masked to -inf, softmax, context = alignments . memory, attention_layer on
[output, context]); variables are filled from one fixed formula, in name order, in both."""
import numpy as np
import pytest

import jupyter_flow as tf

B, S, T, D, H, V = 2, 3, 4, 3, 4, 5


def fill(shape, phase):
    n = int(np.prod(shape))
    return (1.5 * np.sin(np.arange(n) * 1.3 + phase)).reshape(shape).astype(np.float32)


MEMORY, X = fill((B, S, H), 0.9), fill((B, T, D), 0.3) * 2
BAHDANAU_LOGITS = [
    [[-6.428, -5.36109, 3.55983, 7.26559, 0.32724], [-7.52109, -5.7853, 4.42597, 8.15318, -0.06403],
     [-6.48283, -4.88392, 3.86995, 6.95433, -0.14939], [-6.57557, -4.93505, 3.93533, 7.04045, -0.16871]],
    [[0.96035, -1.66489, -1.85107, 0.67458, 2.21196], [0.54598, -1.09478, -1.13168, 0.48933, 1.39347],
     [0.89141, -1.76551, -1.83595, 0.78328, 2.255], [1.35864, -0.27645, -1.50654, -0.52954, 1.22323]]]
BAHDANAU_ALIGN = [[[0.97594, 0.02367, 0.00039], [0.01378, 0.98622, 0.0]],
                  [[0.99328, 0.00638, 0.00034], [0.01594, 0.98406, 0.0]],
                  [[0.97333, 0.02634, 0.00033], [0.01581, 0.98419, 0.0]],
                  [[0.97574, 0.02394, 0.00033], [0.00675, 0.99325, 0.0]]]
LUONG_LOGITS = [
    [[-4.16647, -2.02753, 3.08175, 3.67626, -1.11496], [-3.76576, -2.01508, 2.6877, 3.45299, -0.84035],
     [-2.7103, -2.51533, 1.3646, 3.24539, 0.37168], [-5.06585, -1.43119, 4.30016, 3.73176, -2.30368]],
    [[1.06979, 2.53559, 0.28674, -2.38218, -1.56121], [1.62503, 2.62803, -0.21904, -2.74522, -1.24964],
     [0.92957, 2.46534, 0.38938, -2.25702, -1.59688], [2.19189, 3.08425, -0.54182, -3.37413, -1.26333]]]
LUONG_ALIGN = [[[0.24391, 0.29983, 0.45625], [0.48588, 0.51412, 0.0]],
               [[0.23583, 0.32015, 0.44401], [0.46932, 0.53068, 0.0]],
               [[0.28133, 0.38007, 0.33859], [0.49918, 0.50082, 0.0]],
               [[0.21553, 0.26103, 0.52343], [0.40628, 0.59372, 0.0]]]
_W = "decoder/attention_wrapper/"
BAHDANAU_VARS = [(_W + "attention_layer/kernel:0", [8, 4]), (_W + "bahdanau_attention/attention_v:0", [4]),
                 (_W + "bahdanau_attention/query_layer/kernel:0", [4, 4]), (_W + "basic_lstm_cell/bias:0", [16]),
                 (_W + "basic_lstm_cell/kernel:0", [11, 16]), ("decoder/dense/bias:0", [5]),
                 ("decoder/dense/kernel:0", [4, 5]), ("memory_layer/kernel:0", [4, 4])]
LUONG_VARS = [(_W + "attention_layer/kernel:0", [8, 4]), (_W + "basic_lstm_cell/bias:0", [16]),
              (_W + "basic_lstm_cell/kernel:0", [11, 16]), (_W + "luong_attention/attention_g:0", []),
              ("decoder/dense/bias:0", [5]), ("decoder/dense/kernel:0", [4, 5]), ("memory_layer/kernel:0", [4, 4])]


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def _decode(mechanism):
    cell = tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(H), mechanism, attention_layer_size=H,
                                               alignment_history=True)
    helper = tf.contrib.seq2seq.TrainingHelper(tf.constant(X), [4, 3])
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                                              output_layer=tf.layers.Dense(V))
    outputs, state, _ = tf.contrib.seq2seq.dynamic_decode(decoder)
    assert isinstance(state, tf.contrib.seq2seq.AttentionWrapperState)
    return outputs, state


def _run(outputs, state, var_names):
    variables = sorted(tf.global_variables(), key=lambda v: v.name)
    assert [(v.name, v.shape.as_list()) for v in variables] == var_names
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i, v in enumerate(variables):
            sess.run(tf.assign(v, fill(v.shape.as_list(), i)))
        return sess.run([outputs.rnn_output, state.alignment_history.stack(), state.time])


def test_bahdanau_attention_decoder_matches_tf1():
    mechanism = tf.contrib.seq2seq.BahdanauAttention(H, tf.constant(MEMORY), memory_sequence_length=[3, 2])
    logits, history, time = _run(*_decode(mechanism), BAHDANAU_VARS)
    np.testing.assert_allclose(logits, BAHDANAU_LOGITS, atol=5e-5)
    np.testing.assert_allclose(history, BAHDANAU_ALIGN, atol=2e-5)
    assert time == 4


def test_luong_attention_decoder_matches_tf1():
    mechanism = tf.contrib.seq2seq.LuongAttention(H, tf.constant(MEMORY), memory_sequence_length=[3, 2], scale=True)
    logits, history, _ = _run(*_decode(mechanism), LUONG_VARS)
    np.testing.assert_allclose(logits, LUONG_LOGITS, atol=5e-5)
    np.testing.assert_allclose(history, LUONG_ALIGN, atol=2e-5)


def test_zero_state_clone_takes_the_encoder_state_and_sizes_follow_tf1():
    mechanism = tf.contrib.seq2seq.LuongAttention(H, tf.constant(MEMORY))
    cell = tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(H), mechanism)
    assert cell.output_size == H  # no attention layer: the attention is the context, of the memory's depth
    encoder_state = tf.nn.rnn_cell.LSTMStateTuple(tf.ones([B, H]), tf.ones([B, H]))
    state = cell.zero_state(B, tf.float32).clone(cell_state=encoder_state)
    assert state.cell_state is encoder_state
    assert state.alignments.shape.as_list() == [B, S] and state.attention.shape.as_list() == [B, H]
    assert state.alignment_history == ()
    with pytest.raises(TypeError, match="Expected state to be instance of AttentionWrapperState"):
        cell(tf.zeros([B, D]), encoder_state)
    with pytest.raises(TypeError, match="attention_mechanism must be an AttentionMechanism"):
        tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(H), "attention")


def test_luong_attention_needs_the_query_depth_of_its_keys():
    mechanism = tf.contrib.seq2seq.LuongAttention(6, tf.constant(MEMORY))
    cell = tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(H), mechanism)
    with pytest.raises(ValueError, match="Incompatible or unknown inner dimensions between query and keys"):
        cell(tf.zeros([B, D]), cell.zero_state(B, tf.float32))


def test_an_attention_seq2seq_trains():
    tf.set_random_seed(3)
    src = np.array([[1, 2, 3, 4], [4, 3, 2, 1], [2, 2, 1, 3]], np.int32)
    embeddings = tf.get_variable("embeddings", [5, 8])
    enc_out, enc_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(16), tf.nn.embedding_lookup(embeddings, src),
                                           dtype=tf.float32, scope="encoder")
    mechanism = tf.contrib.seq2seq.BahdanauAttention(16, enc_out, memory_sequence_length=tf.fill([3], 4))
    cell = tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(16), mechanism, attention_layer_size=16)
    dec_in = tf.nn.embedding_lookup(embeddings, np.concatenate([np.zeros((3, 1), np.int32), src[:, :-1]], 1))
    helper = tf.contrib.seq2seq.TrainingHelper(dec_in, tf.fill([3], 4))
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(3, tf.float32).clone(cell_state=enc_state),
                                              output_layer=tf.layers.Dense(5))
    outputs, _, _ = tf.contrib.seq2seq.dynamic_decode(decoder)
    loss = tf.contrib.seq2seq.sequence_loss(outputs.rnn_output, tf.constant(src), tf.ones([3, 4]))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss)
        for _ in range(30):
            sess.run(train)
        assert sess.run(loss) < 0.5 * first


def test_greedy_inference_over_two_mechanisms_with_impute_finished():
    emb = tf.constant(fill((V, 3), 0.5))
    normalized = tf.contrib.seq2seq.BahdanauAttention(H, tf.constant(MEMORY), memory_sequence_length=[3, 1],
                                                      normalize=True)
    luong = tf.contrib.seq2seq.LuongAttention(H, tf.constant(MEMORY))
    cell = tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(H), [normalized, luong],
                                               attention_layer_size=[3, 2], alignment_history=True)
    assert cell.output_size == 5
    helper = tf.contrib.seq2seq.GreedyEmbeddingHelper(emb, [1, 2], 3)
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                                              output_layer=tf.layers.Dense(V))
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder, impute_finished=True, maximum_iterations=5)
    assert sorted(v.name for v in tf.global_variables()) == [
        _W + "attention_layer/kernel:0", _W + "attention_layer_1/kernel:0", _W + "bahdanau_attention/attention_b:0",
        _W + "bahdanau_attention/attention_g:0", _W + "bahdanau_attention/attention_v:0",
        _W + "bahdanau_attention/query_layer/kernel:0", _W + "basic_lstm_cell/bias:0", _W + "basic_lstm_cell/kernel:0",
        "decoder/dense/bias:0", "decoder/dense/kernel:0", "memory_layer/kernel:0", "memory_layer_1/kernel:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        ids, n, history, alignments = sess.run([outputs.sample_id, lengths, state.alignment_history[0].stack(),
                                                state.alignments[0]])
    steps = ids.shape[1]
    assert history.shape == (steps, B, S) and 1 <= steps <= 5
    for b in range(B):  # past its end a sequence emits zeros (impute_finished), id 0
        assert (ids[b, n[b]:] == 0).all() and n[b] <= steps
    np.testing.assert_allclose(history.sum(-1)[: min(n)], 1.0, atol=1e-5)
    assert (history[:, 1, 1:] == 0).all()  # memory length 1: nothing attends past it
    np.testing.assert_allclose(alignments.sum(-1), 1.0, atol=1e-5)


def test_sample_embedding_helper_repeats_under_its_seed():
    emb = tf.constant(fill((V, 3), 0.5))
    cell = tf.nn.rnn_cell.BasicLSTMCell(H)
    helper = tf.contrib.seq2seq.SampleEmbeddingHelper(emb, [1, 2], 3, softmax_temperature=2.0, seed=5)
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                                              output_layer=tf.layers.Dense(V))
    outputs, _, lengths = tf.contrib.seq2seq.dynamic_decode(decoder, maximum_iterations=8)
    runs = []
    for _ in range(2):
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i, v in enumerate(sorted(tf.global_variables(), key=lambda v: v.name)):
                sess.run(tf.assign(v, fill(v.shape.as_list(), i)))
            runs.append(sess.run([outputs.sample_id, lengths]))
    assert runs[0][0].tolist() == runs[1][0].tolist()
    ids, n = runs[0]
    assert ids.min() >= 0 and ids.max() < V
    for b in range(B):  # a sequence ends at its first end token (3), or at maximum_iterations
        hits = np.flatnonzero(ids[b] == 3)
        assert n[b] == (hits[0] + 1 if hits.size else 8)
