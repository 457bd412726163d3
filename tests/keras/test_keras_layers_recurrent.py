"""tf.keras SimpleRNN, LSTM and GRU in TF1 graph mode: weight names, shapes and order, and outputs for fixed
weights, as TF 1.x keras (tf.compat.v1 with v2 behaviour disabled, legacy keras) gives them."""
import numpy as np
import pytest

import jupyter_flow as tf

L = tf.keras.layers


def _pattern(shape, k):
    n = int(np.prod(shape))
    return (np.sin(np.arange(n) * 0.7 + k) * 0.5).astype(np.float32).reshape(shape)


X = np.cos(np.arange(24) * 0.9).reshape(2, 4, 3).astype(np.float32)


def test_recurrent_layers_with_reference_weights_give_tf1_keras_outputs():
    x = tf.placeholder(tf.float32, [None, None, 3], name="x")
    layers = [L.SimpleRNN(2, return_sequences=True), L.LSTM(2, return_state=True),
              L.GRU(2, return_sequences=True, go_backwards=True), L.GRU(2, reset_after=True, return_state=True),
              L.LSTM(2, recurrent_activation="sigmoid", return_sequences=True, return_state=True),
              L.SimpleRNN(2, use_bias=False, activation="relu", go_backwards=True)]
    outs = [layer(x) for layer in layers]
    assert [v.name for v in tf.global_variables()] == [
        'simple_rnn/simple_rnn_cell/kernel:0', 'simple_rnn/simple_rnn_cell/recurrent_kernel:0',
        'simple_rnn/simple_rnn_cell/bias:0', 'lstm/lstm_cell/kernel:0', 'lstm/lstm_cell/recurrent_kernel:0',
        'lstm/lstm_cell/bias:0', 'gru/gru_cell/kernel:0', 'gru/gru_cell/recurrent_kernel:0', 'gru/gru_cell/bias:0',
        'gru_1/gru_cell/kernel:0', 'gru_1/gru_cell/recurrent_kernel:0', 'gru_1/gru_cell/bias:0',
        'lstm_1/lstm_cell/kernel:0', 'lstm_1/lstm_cell/recurrent_kernel:0', 'lstm_1/lstm_cell/bias:0',
        'simple_rnn_1/simple_rnn_cell/kernel:0', 'simple_rnn_1/simple_rnn_cell/recurrent_kernel:0']
    assert [v.shape.as_list() for v in tf.global_variables()] == [
        [3, 2], [2, 2], [2], [3, 8], [2, 8], [8], [3, 6], [2, 6], [6], [3, 6], [2, 6], [2, 6], [3, 8], [2, 8], [8],
        [3, 2], [2, 2]]
    flat = [t for o in outs for t in (o if isinstance(o, list) else [o])]
    assert [t.shape.as_list() for t in flat] == [[None, None, 2], [None, 2], [None, 2], [None, 2],
                                                 [None, None, 2], [None, 2], [None, 2], [None, None, 2], [None, 2],
                                                 [None, 2], [None, 2]]
    session = tf.keras.backend.get_session()
    for i, layer in enumerate(layers):
        layer.set_weights([_pattern(w.shape.as_list(), i + j) for j, w in enumerate(layer.weights)])
    got = [session.run(o, {x: X}) for o in outs]
    expected = [
        [[[0.618688, 0.687889], [0.43829, -0.106125], [0.832971, 0.743422], [0.42871, 0.315301]],
         [[0.735743, 0.249901], [0.513031, 0.677338], [0.726958, 0.005694], [0.762696, 0.832206]]],
        [[[-0.15637, 0.070301], [-0.156852, -0.131266]], [[-0.15637, 0.070301], [-0.156852, -0.131266]],
         [[-0.21018, 0.091124], [-0.368786, -0.248906]]],
        [[[-0.042588, 0.138893], [0.14753, 0.258272], [0.291731, 0.506073], [0.049535, 0.193728]],
         [[-0.097656, -0.047717], [0.469604, 0.565544], [0.110283, 0.195275], [0.452403, 0.534058]]],
        [[[0.261369, 0.41822], [0.193065, 0.279656]], [[0.261369, 0.41822], [0.193065, 0.279656]]],
        [[[[0.104786, 0.096738], [0.067776, -0.049576], [0.111725, 0.035872], [0.096378, -0.023016]],
          [[-0.051213, -0.010477], [0.067896, 0.028818], [0.016416, -0.090297], [0.115666, 0.026559]]],
         [[0.096378, -0.023016], [0.115666, 0.026559]], [[0.407117, -0.119612], [0.205205, 0.056559]]],
        [[0.0, 0.0], [0.629902, 0.688564]]]
    for value, want in zip(got, expected):
        if isinstance(value, list):
            assert len(value) == len(want)
            for v, w in zip(value, want):
                np.testing.assert_allclose(v, w, atol=2e-6)
        else:
            np.testing.assert_allclose(value, want, atol=2e-6)


def test_defaults_are_tf1_keras_hard_sigmoid_unit_forget_bias_and_orthogonal_recurrent_kernel():
    lstm, gru = L.LSTM(3), L.GRU(4)
    lstm_config, gru_config = lstm.get_config(), gru.get_config()
    assert lstm_config["recurrent_activation"] == "hard_sigmoid" and gru_config["recurrent_activation"] == "hard_sigmoid"
    assert gru_config["reset_after"] is False and lstm_config["unit_forget_bias"] is True
    assert lstm_config["recurrent_initializer"]["class_name"] == "Orthogonal"
    assert lstm.units == 3 and lstm.dropout == 0.0 and lstm_config["name"] == "lstm"
    rebuilt = L.LSTM.from_config(dict(lstm_config, name="copy"))
    assert rebuilt.get_config() == dict(lstm_config, name="copy")
    y = lstm(tf.placeholder(tf.float32, [None, 5, 2]))
    gru(tf.placeholder(tf.float32, [None, 5, 2]))
    tf.keras.backend.get_session().run(tf.global_variables_initializer())
    kernel, recurrent, bias = lstm.get_weights()
    np.testing.assert_allclose(bias, [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    np.testing.assert_allclose(recurrent @ recurrent.T, np.eye(3), atol=1e-5)   # rows orthonormal: [3, 12]
    _, gru_recurrent, _ = gru.get_weights()
    np.testing.assert_allclose(gru_recurrent @ gru_recurrent.T, np.eye(4), atol=1e-5)
    assert y.shape.as_list() == [None, 3]


def test_dropout_masks_only_while_the_learning_phase_is_true():
    x = tf.placeholder(tf.float32, [None, 4, 3])
    plain, dropped = L.LSTM(5), L.LSTM(5, dropout=0.5, recurrent_dropout=0.5)
    y_plain, y_dropped = plain(x), dropped(x)
    session = tf.keras.backend.get_session()
    session.run(tf.global_variables_initializer())
    dropped.set_weights(plain.get_weights())
    phase = tf.keras.backend.learning_phase()
    v = np.tile(X, (4, 1, 1))
    a, b = session.run([y_plain, y_dropped], {x: v})
    np.testing.assert_allclose(a, b, rtol=1e-6)
    c = session.run(y_dropped, {x: v, phase: True})
    assert np.abs(c - a).max() > 1e-3


def test_unsupported_options_fail_with_a_clear_error():
    with pytest.raises(NotImplementedError, match="stateful"):
        L.GRU(2, stateful=True)
    with pytest.raises(ValueError, match="expected ndim=3"):
        L.LSTM(2)(tf.placeholder(tf.float32, [None, 3]))


def test_initial_state_and_time_major():
    x = tf.placeholder(tf.float32, [4, None, 3])
    h0 = tf.placeholder(tf.float32, [None, 2])
    layer = L.SimpleRNN(2, time_major=True, return_sequences=True, kernel_initializer="ones",
                        recurrent_initializer="ones", bias_initializer="zeros")
    y = layer(x, initial_state=[h0])
    assert y.shape.as_list() == [4, None, 2]
    v = X.transpose(1, 0, 2)
    h = np.array([[0.5, -0.5], [1.0, 0.0]], np.float32)
    want, state = [], h
    for t in range(4):
        state = np.tanh(v[t] @ np.ones((3, 2)) + state @ np.ones((2, 2)))
        want.append(state)
    session = tf.keras.backend.get_session()
    session.run(tf.global_variables_initializer())
    np.testing.assert_allclose(session.run(y, {x: v, h0: h}), np.stack(want), atol=1e-5)


@pytest.mark.parametrize("layer_class", [L.SimpleRNN, L.LSTM, L.GRU])
def test_sequential_recurrent_model_learns_digits_rows_as_a_sequence(layer_class):
    datasets = pytest.importorskip("sklearn.datasets")
    digits = datasets.load_digits()
    order = np.random.RandomState(0).permutation(len(digits.target))
    x = (digits.data[order] / 16.0).astype(np.float32).reshape(-1, 8, 8)   # 8 rows of 8 pixels
    y = digits.target[order]
    tf.set_random_seed(0)
    model = tf.keras.Sequential([layer_class(32, input_shape=(8, 8)), L.Dense(10, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x[:1500], y[:1500], batch_size=64, epochs=8, verbose=0)
    _, accuracy = model.evaluate(x[1500:], y[1500:], verbose=0)
    assert accuracy > 0.85


# d(sum of squared outputs)/d(weights and inputs) for the fixed weights, from TF 1.x keras' tf.gradients.
GRADIENTS = [
    [[-0.055653, 0.016044, -0.017942, -0.023284, 0.022923, -0.014793, -0.065975, 0.022317], [-0.098937,
     -0.055487, 0.001205, -0.014395, 0.032761, 0.097846, -0.123565, -0.041802], [-0.067347, -0.085027,
     0.019439, 0.005388, 0.017806, 0.136437, -0.087643, -0.074285]],
    [[-0.003615, -0.001457, -0.010516, -0.004549, 0.045852, 0.039352, -0.013297, -0.004292], [-0.008467,
     -0.000808, -0.009204, -0.005344, 0.043519, 0.033804, -0.014358, -0.002206]],
    [0.133057, 0.109714, 0.051676, 0.031992, -0.434972, -0.522487, 0.205143, 0.119723],
    [[0.009212, -0.006469, 0.002001, -0.000739, -0.131832, 0.007944], [0.045555, 0.017147, 0.000821, -0.003299,
     -0.074565, 0.036004], [0.047423, 0.027787, -0.00098, -0.003362, 0.039131, 0.036817]],
    [[0.007453, 0.002925, -0.004347, -0.004207, 0.070159, 0.023045], [-0.002034, -0.001956, 0.000499, -0.000814,
     -0.020873, 0.003769]],
    [[-0.055791, -0.019513, 0.024761, 0.023422, -0.728263, -0.286538], [-0.055791, -0.019513, 0.024761,
     0.023422, -0.369625, -0.123809]],
    [[-0.082352, -0.749458], [-0.569217, -1.1464], [-0.62531, -0.675769]],
    [[-0.383838, -0.406775], [-0.40056, -0.747817]],
    [-0.365845, -0.486328],
    [[[-0.166059, 0.253212, 0.218459], [0.186494, -0.273051, -0.325652], [0.062744, -0.081562, 0.034465],
     [0.077013, -0.191817, -0.107831]], [[-0.274908, 0.167702, 0.344478], [0.063592, -0.201739, -0.202204],
     [-0.004524, -0.067534, -0.010648], [0.069127, -0.140391, -0.046391]]]
]


def test_gradients_through_the_time_loop_match_tf1_keras():
    x = tf.placeholder(tf.float32, [None, None, 3], name="x")
    layers = [L.LSTM(2, return_sequences=True), L.GRU(2, reset_after=True), L.SimpleRNN(2, go_backwards=True)]
    outs = [layer(x) for layer in layers]
    loss = tf.add_n([tf.reduce_sum(tf.square(o)) for o in outs])
    grads = tf.gradients(loss, [w for layer in layers for w in layer.weights] + [x])
    session = tf.keras.backend.get_session()
    for i, layer in enumerate(layers):
        layer.set_weights([_pattern(w.shape.as_list(), i + j) for j, w in enumerate(layer.weights)])
    for got, want in zip(session.run(grads, {x: X}), GRADIENTS):
        np.testing.assert_allclose(got, want, atol=3e-6)


# Outputs with mask [[1, 1, 0, 1], [1, 0, 0, 0]]: masked steps keep the states and repeat the previous output
# (Bidirectional's merged sequences show zeros there), from TF 1.x keras.
MASKED = [
    [[[[-0.037667, -0.120362], [-0.314105, -0.17523], [-0.314105, -0.17523], [-0.374572, -0.244418]],
     [[0.054897, 0.046086], [0.054897, 0.046086], [0.054897, 0.046086], [0.054897, 0.046086]]], [[-0.374572,
     -0.244418], [0.054897, 0.046086]], [[-0.799556, -0.351912], [0.106962, 0.09595]]],
    [[[-0.180345, -0.106026], [-0.180345, -0.106026], [-0.253517, 0.104394], [-0.185188, -0.024167]], [[0.0,
     0.0], [0.0, 0.0], [0.0, 0.0], [-0.017545, 0.344813]]],
    [[0.084549, 0.257098], [-0.780753, -0.820719]],
    [[[-0.572938, -0.692345, 0.410415, 0.67276], [0.39415, 0.608233, 0.056713, -0.351901], [0.0, 0.0, 0.0, 0.0],
     [-0.236182, -0.136301, -0.139845, -0.125584]], [[-0.775297, -0.393673, 0.802331, 0.514361], [0.0, 0.0,
     0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]]
]


def test_an_explicit_mask_skips_steps_as_tf1_keras():
    x = tf.placeholder(tf.float32, [None, None, 3], name="x")
    m = tf.placeholder(tf.bool, [None, None], name="m")
    layers = [L.LSTM(2, return_sequences=True, return_state=True),
              L.GRU(2, go_backwards=True, return_sequences=True), L.SimpleRNN(2),
              L.Bidirectional(L.SimpleRNN(2, return_sequences=True))]
    outs = [layer(x, mask=m) for layer in layers]
    session = tf.keras.backend.get_session()
    for i, layer in enumerate(layers):
        layer.set_weights([_pattern(w.shape.as_list(), i + j) for j, w in enumerate(layer.weights)])
    mask = np.array([[True, True, False, True], [True, False, False, False]])
    got = session.run(outs, {x: X, m: mask})
    for value, want in zip(got[0] + got[1:], MASKED[0] + MASKED[1:]):
        np.testing.assert_allclose(value, want, atol=2e-6)
