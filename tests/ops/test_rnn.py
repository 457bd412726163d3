"""Recurrent networks: cells and dynamic_rnn/static_rnn/bidirectional_dynamic_rnn match TF1 (variable
names and values computed by tensorflow.compat.v1 from the same inputs and variable values), and an
RNN reading digit images row by row learns to classify them."""
import numpy as np
import pytest

import jupyter_flow as tf

X_VALUES = np.random.default_rng(0).standard_normal((2, 3, 4)).astype(np.float32)


def _load_pattern(sess):
    """Give every variable the value pattern the TF1 reference run used."""
    for v in tf.global_variables():
        shape = v.shape.as_list()
        n = int(np.prod(shape))
        v.load((np.sin(np.arange(n) * 0.37 + len(v.name)) * 0.5).reshape(shape).astype(np.float32), sess)


# (cell factory, expected variables, last output of each batch row, final state leaves) from TF 1.x.
CELLS = {
    "basic": (lambda: tf.nn.rnn_cell.BasicRNNCell(5),
              {"basic/rnn/basic_rnn_cell/kernel:0": [9, 5], "basic/rnn/basic_rnn_cell/bias:0": [5]},
              [[-0.06203, 0.26232, 0.51016, 0.65334, 0.71314], [0, 0, 0, 0, 0]],
              [[[-0.06203, 0.26232, 0.51016, 0.65334, 0.71314], [-0.21272, 0.2569, 0.60818, 0.78325, 0.85073]]]),
    "lstm": (lambda: tf.nn.rnn_cell.BasicLSTMCell(5),
             {"lstm/rnn/basic_lstm_cell/kernel:0": [9, 20], "lstm/rnn/basic_lstm_cell/bias:0": [20]},
             [[0.08568, 0.1366, 0.20425, 0.2721, 0.26806], [0, 0, 0, 0, 0]],
             [[[0.42615, 0.58134, 0.67749, 0.67187, 0.48926], [0.38747, 0.50968, 0.61185, 0.66307, 0.6212]],
              [[0.08568, 0.1366, 0.20425, 0.2721, 0.26806], [0.0874, 0.10484, 0.13071, 0.16705, 0.20391]]]),
    "lstmcell": (lambda: tf.nn.rnn_cell.LSTMCell(5, use_peepholes=True, num_proj=3),
                 {"lstmcell/rnn/lstm_cell/kernel:0": [7, 20], "lstmcell/rnn/lstm_cell/bias:0": [20],
                  "lstmcell/rnn/lstm_cell/w_f_diag:0": [5], "lstmcell/rnn/lstm_cell/w_i_diag:0": [5],
                  "lstmcell/rnn/lstm_cell/w_o_diag:0": [5], "lstmcell/rnn/lstm_cell/projection/kernel:0": [5, 3]},
                 [[0.16625, 0.13887, 0.09269], [0, 0, 0]],
                 [[[-0.72447, -0.5389, -0.30407, -0.06185, 0.16973], [-0.56877, -0.36445, -0.15058, 0.05298, 0.22146]],
                  [[0.16625, 0.13887, 0.09269], [0.24081, 0.20548, 0.14234]]]),
    "gru": (lambda: tf.nn.rnn_cell.GRUCell(5),
            {"gru/rnn/gru_cell/gates/kernel:0": [9, 10], "gru/rnn/gru_cell/gates/bias:0": [10],
             "gru/rnn/gru_cell/candidate/kernel:0": [9, 5], "gru/rnn/gru_cell/candidate/bias:0": [5]},
            [[0.63485, 0.57549, 0.45177, 0.26129, 0.02129], [0, 0, 0, 0, 0]],
            [[[0.63485, 0.57549, 0.45177, 0.26129, 0.02129], [0.58963, 0.61103, 0.54466, 0.38945, 0.18377]]]),
    "multi": (lambda: tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicRNNCell(5), tf.nn.rnn_cell.BasicLSTMCell(3)]),
              {"multi/rnn/multi_rnn_cell/cell_0/basic_rnn_cell/kernel:0": [9, 5],
               "multi/rnn/multi_rnn_cell/cell_0/basic_rnn_cell/bias:0": [5],
               "multi/rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel:0": [8, 12],
               "multi/rnn/multi_rnn_cell/cell_1/basic_lstm_cell/bias:0": [12]},
              [[-0.2434, -0.23146, -0.18975], [0, 0, 0]],
              [[[0.11908, -0.22014, -0.49069, -0.65124, -0.72243], [0.19307, -0.1267, -0.40785, -0.59157, -0.6832]],
               [[-0.45277, -0.40264, -0.31459], [-0.31956, -0.2627, -0.17886]],
               [[-0.2434, -0.23146, -0.18975], [-0.17758, -0.15512, -0.10962]]]),
}


@pytest.mark.parametrize("kind", sorted(CELLS))
def test_dynamic_rnn_with_sequence_length_matches_tf1(kind):
    make, names, last_output, state = CELLS[kind]
    with tf.variable_scope(kind):
        out, st = tf.nn.dynamic_rnn(make(), tf.constant(X_VALUES), dtype=tf.float32, sequence_length=[3, 2])
    assert {v.name: v.shape.as_list() for v in tf.global_variables()} == names
    with tf.Session() as sess:
        _load_pattern(sess)
        o, s = sess.run([out, st])
    assert o.shape[:2] == (2, 3)
    np.testing.assert_allclose(o[:, -1], last_output, atol=2e-5)
    for got, want in zip(tf.nest.flatten(s), state):
        np.testing.assert_allclose(got, want, atol=2e-5)


def test_bidirectional_and_static_rnn_match_tf1():
    x = tf.constant(X_VALUES)
    with tf.variable_scope("bi"):
        (_, out_bw), (_, state_bw) = tf.nn.bidirectional_dynamic_rnn(
            tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicRNNCell(2), x, dtype=tf.float32, sequence_length=[3, 2])
    with tf.variable_scope("st"):
        outs, _ = tf.nn.static_rnn(tf.nn.rnn_cell.BasicRNNCell(2), tf.unstack(x, axis=1), dtype=tf.float32)
    assert [v.name for v in tf.global_variables()] == [
        "bi/bidirectional_rnn/fw/basic_rnn_cell/kernel:0", "bi/bidirectional_rnn/fw/basic_rnn_cell/bias:0",
        "bi/bidirectional_rnn/bw/basic_rnn_cell/kernel:0", "bi/bidirectional_rnn/bw/basic_rnn_cell/bias:0",
        "st/rnn/basic_rnn_cell/kernel:0", "st/rnn/basic_rnn_cell/bias:0"]
    with tf.Session() as sess:
        _load_pattern(sess)
        ob, sb, last = sess.run([out_bw, state_bw, outs[-1]])
    np.testing.assert_allclose(ob[:, 0], [[0.162, 0.09501], [0.86903, 0.94277]], atol=2e-5)
    np.testing.assert_allclose(sb, [[0.162, 0.09501], [0.86903, 0.94277]], atol=2e-5)
    np.testing.assert_allclose(last, [[0.90197, 0.67446], [0.56718, 0.41586]], atol=2e-5)


def test_static_bidirectional_rnn_with_sequence_length_matches_tf1():
    outs, state_fw, state_bw = tf.contrib.rnn.static_bidirectional_rnn(
        tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicRNNCell(2), tf.unstack(tf.constant(X_VALUES), axis=1),
        dtype=tf.float32, sequence_length=[3, 2])
    assert [v.name for v in tf.global_variables()] == [
        "bidirectional_rnn/fw/basic_rnn_cell/kernel:0", "bidirectional_rnn/fw/basic_rnn_cell/bias:0",
        "bidirectional_rnn/bw/basic_rnn_cell/kernel:0", "bidirectional_rnn/bw/basic_rnn_cell/bias:0"]
    assert [o.shape.as_list() for o in outs] == [[2, 4]] * 3
    with tf.Session() as sess:
        _load_pattern(sess)
        o, sf, sb = sess.run([outs, state_fw, state_bw])
    # each step: forward outputs then backward ones; the second sequence has 2 steps, so its last is zeros
    np.testing.assert_allclose(o, [[[-0.14103, -0.19986, -0.27042, -0.50808], [-0.89823, -0.94883, -0.88192, -0.93694]],
                                   [[0.62093, 0.47959, 0.69722, 0.7057], [0.22436, 0.1911, 0.04304, -0.27592]],
                                   [[-0.85484, -0.94135, -0.83178, -0.90364], [0, 0, 0, 0]]], atol=2e-5)
    np.testing.assert_allclose(sf, [[-0.85484, -0.94135], [0.22436, 0.1911]], atol=2e-5)
    np.testing.assert_allclose(sb, [[-0.27042, -0.50808], [-0.88192, -0.93694]], atol=2e-5)


def test_time_major_initial_state_and_a_user_cell():
    class Accumulate(tf.nn.rnn_cell.RNNCell):
        state_size = 4
        output_size = 4

        def call(self, inputs, state):
            s = state + inputs
            return s * 2.0, s
    x = tf.constant(X_VALUES)
    out, st = tf.nn.dynamic_rnn(Accumulate(), tf.transpose(x, [1, 0, 2]), time_major=True,
                                initial_state=tf.ones([2, 4]))
    with tf.Session() as sess:
        o, s = sess.run([out, st])
    np.testing.assert_allclose(s, 1 + X_VALUES.sum(axis=1), rtol=1e-5)
    np.testing.assert_allclose(o[-1], 2 * (1 + X_VALUES.sum(axis=1)), rtol=1e-5)


def test_output_projection_and_dropout_wrappers():
    keep = tf.placeholder_with_default(1.0, shape=())
    cell = tf.contrib.rnn.OutputProjectionWrapper(
        tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicRNNCell(6), output_keep_prob=keep), output_size=1)
    out, _ = tf.nn.dynamic_rnn(cell, tf.constant(X_VALUES), dtype=tf.float32)
    assert sorted(v.name for v in tf.global_variables()) == [
        "rnn/output_projection_wrapper/basic_rnn_cell/bias:0", "rnn/output_projection_wrapper/basic_rnn_cell/kernel:0",
        "rnn/output_projection_wrapper/bias:0", "rnn/output_projection_wrapper/kernel:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        full = sess.run(out)
        dropped = sess.run(out, {keep: 0.5})
    assert full.shape == (2, 3, 1) and not np.allclose(full, dropped)


def test_embedding_lookup_and_device_scope():
    emb = tf.constant([[0.0, 0.0], [1.0, 1.0], [2.0, 4.0]])
    with tf.device("/gpu:0"):
        rows = tf.nn.embedding_lookup(emb, [[2, 1], [0, 2]])
    g = tf.gradients(tf.reduce_sum(rows), emb)[0]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(rows), [[[2, 4], [1, 1]], [[0, 0], [2, 4]]])
        np.testing.assert_array_equal(sess.run(g), [[1, 1], [1, 1], [2, 2]])


def test_rnn_classifies_digit_images_row_by_row_over_90_percent():
    datasets = pytest.importorskip("sklearn.datasets")
    model_selection = pytest.importorskip("sklearn.model_selection")
    digits = datasets.load_digits()
    images = (digits.images / 16.0).astype(np.float32)  # 8 rows (time steps) of 8 pixels
    X_train, X_test, y_train, y_test = model_selection.train_test_split(
        images, digits.target.astype(np.int32), test_size=0.2, random_state=42, stratify=digits.target)
    tf.set_random_seed(42)
    X = tf.placeholder(tf.float32, [None, 8, 8], name="X")
    y = tf.placeholder(tf.int32, [None], name="y")
    _, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(64), X, dtype=tf.float32)
    logits = tf.layers.dense(state, 10)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train = tf.train.AdamOptimizer(0.01).minimize(loss)
    accuracy = tf.reduce_mean(tf.cast(tf.nn.in_top_k(logits, y, 1), tf.float32))
    rng = np.random.default_rng(0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(15):
            order = rng.permutation(len(X_train))
            for start in range(0, len(order), 64):
                idx = order[start:start + 64]
                sess.run(train, {X: X_train[idx], y: y_train[idx]})
        acc = sess.run(accuracy, {X: X_test, y: y_test})
    assert acc > 0.90, acc
