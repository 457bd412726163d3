"""tf.keras Bidirectional and TimeDistributed in TF1 graph mode: names, weight order and outputs for fixed
weights as TF 1.x keras (tf.compat.v1 with v2 behaviour disabled, legacy keras) gives them."""
import numpy as np
import pytest

import jupyter_flow as tf

L = tf.keras.layers


def _pattern(shape, k):
    n = int(np.prod(shape))
    return (np.sin(np.arange(n) * 0.7 + k) * 0.5).astype(np.float32).reshape(shape)


X = np.cos(np.arange(24) * 0.9).reshape(2, 4, 3).astype(np.float32)


def _check(got, want):
    if isinstance(got, list):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            _check(g, w)
    else:
        np.testing.assert_allclose(got, want, atol=2e-6)


def test_bidirectional_merge_modes_and_time_distributed_match_tf1_keras():
    x = tf.placeholder(tf.float32, [None, None, 3], name="x")
    layers = [L.Bidirectional(L.LSTM(2, return_sequences=True)), L.Bidirectional(L.GRU(2), merge_mode="sum"),
              L.Bidirectional(L.SimpleRNN(2, return_sequences=True), merge_mode="mul"),
              L.Bidirectional(L.SimpleRNN(2), merge_mode="ave"),
              L.Bidirectional(L.SimpleRNN(2, return_sequences=True), merge_mode=None),
              L.Bidirectional(L.LSTM(2, return_state=True)), L.TimeDistributed(L.Dense(3, activation="relu"))]
    outs = [layer(x) for layer in layers]
    names = [v.name for v in tf.global_variables()]
    assert names[:6] == ['bidirectional/forward_lstm/lstm_cell/kernel:0',
                         'bidirectional/forward_lstm/lstm_cell/recurrent_kernel:0',
                         'bidirectional/forward_lstm/lstm_cell/bias:0', 'bidirectional/backward_lstm/lstm_cell/kernel:0',
                         'bidirectional/backward_lstm/lstm_cell/recurrent_kernel:0',
                         'bidirectional/backward_lstm/lstm_cell/bias:0']
    assert names[18] == 'bidirectional_3/forward_simple_rnn_1/simple_rnn_cell/kernel:0'
    assert names[-2:] == ['time_distributed/kernel:0', 'time_distributed/bias:0'] and len(names) == 38
    assert [layer.forward_layer.name for layer in layers[:2]] == ['forward_lstm', 'forward_gru']
    assert layers[0].backward_layer.go_backwards and not layers[0].forward_layer.go_backwards
    flat = [t for o in outs for t in (o if isinstance(o, list) else [o])]
    assert [t.shape.as_list() for t in flat] == [[None, None, 4], [None, 2], [None, None, 2], [None, 2],
                                                 [None, None, 2], [None, None, 2], [None, 4], [None, 2], [None, 2],
                                                 [None, 2], [None, 2], [None, None, 3]]
    assert layers[0].compute_output_shape(TensorShape([None, 4, 3])).as_list() == [None, 4, 4]
    session = tf.keras.backend.get_session()
    for i, layer in enumerate(layers):
        layer.set_weights([_pattern(w.shape.as_list(), i + j) for j, w in enumerate(layer.weights)])
    got = [session.run(o, {x: X}) for o in outs]
    _check(got, [
        [[[-0.037667, -0.120362, 0.071535, 0.191845], [-0.314105, -0.17523, 0.080676, 0.095773],
          [-0.066188, -0.026103, -0.065318, 0.079114], [-0.316215, -0.261593, 0.111227, 0.093932]],
         [[0.054897, 0.046086, 0.023348, 0.058392], [-0.181928, -0.225671, 0.189551, 0.158348],
          [-0.203026, -0.045123, 0.096388, 0.058506], [-0.110149, -0.119449, 0.035816, 0.103374]]],
        [[0.077944, 0.145622], [0.137367, 0.112592]],
        [[[-0.004935, -0.285852], [-0.240622, -0.050976], [-0.151674, -0.482936], [-0.01824, -0.065514]],
         [[-0.641821, -0.714203], [-0.121337, 0.223829], [-0.732243, -0.663589], [-0.112016, 0.060586]]],
        [[0.673342, 0.692528], [0.282346, 0.116959]],
        [[[[-0.672021, -0.430664], [0.660624, 0.581884], [-0.715685, 0.109105], [0.408921, 0.223151]],
          [[-0.069364, 0.610259], [-0.398949, -0.254603], [0.538533, 0.755656], [-0.771735, -0.338287]]],
         [[[0.645027, 0.566357], [-0.141195, -0.421174], [0.591987, 0.03976], [-0.099998, -0.010472]],
          [[0.434211, -0.550389], [0.447516, 0.637091], [0.063317, -0.678055], [0.682143, 0.516629]]]],
        [[[-0.106378, -0.235703, -0.150029, -0.069225], [-0.031844, -0.102004, -0.026168, 0.002387]],
         [[-0.106378, -0.235703], [-0.031844, -0.102004]], [[-0.481138, -0.758426], [-0.069932, -0.249986]],
         [[-0.150029, -0.069225], [-0.026168, 0.002387]], [[-0.28732, -0.113442], [-0.058291, 0.005142]]],
        [[[0.569739, 0.991387, 0.94677], [0.093686, 0.15373, 0.141472], [0.511813, 0.612192, 0.424647],
          [0.231832, 0.620883, 0.717924]],
         [[0.319952, 0.146705, 0.0], [0.440599, 0.995396, 1.082042], [0.134331, 0.0, 0.0],
          [0.567461, 1.003643, 0.967796]]]])


TensorShape = tf.TensorShape


def test_wrapper_configs_round_trip_and_bad_merge_mode_fails():
    wrapped = L.Bidirectional(L.GRU(3, return_sequences=True), merge_mode="ave")
    config = wrapped.get_config()
    assert config["merge_mode"] == "ave" and config["layer"]["class_name"] == "GRU"
    assert config["layer"]["config"]["units"] == 3
    again = L.Bidirectional.from_config(dict(config, name="again"))
    assert again.merge_mode == "ave" and again.forward_layer.units == 3
    td = L.TimeDistributed(L.Dense(4))
    assert td.get_config()["layer"]["class_name"] == "Dense"
    assert td.compute_output_shape(TensorShape([None, 7, 2])).as_list() == [None, 7, 4]
    with pytest.raises(ValueError, match="Invalid merge mode"):
        L.Bidirectional(L.LSTM(2), merge_mode="max")
    with pytest.raises(ValueError, match="Layer"):
        L.TimeDistributed(lambda t: t)


def test_sequence_model_with_bidirectional_and_time_distributed_fits_digits_rows():
    datasets = pytest.importorskip("sklearn.datasets")
    digits = datasets.load_digits()
    order = np.random.RandomState(0).permutation(len(digits.target))
    x = (digits.data[order] / 16.0).astype(np.float32).reshape(-1, 8, 8)
    y = digits.target[order]
    tf.set_random_seed(0)
    model = tf.keras.Sequential([L.TimeDistributed(L.Dense(16, activation="relu"), input_shape=(8, 8)),
                                 L.Bidirectional(L.SimpleRNN(16)), L.Dense(10, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x[:1500], y[:1500], batch_size=64, epochs=4, verbose=0)
    assert model.predict(x[:3]).shape == (3, 10)
    _, accuracy = model.evaluate(x[1500:], y[1500:], verbose=0)
    assert accuracy > 0.85
