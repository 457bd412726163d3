"""tf.keras.Model: the functional API, subclassing, weights, saving and summary()."""
import numpy as np
import pytest

import jupyter_flow as tf

keras = tf.keras


def _functional():
    inputs = keras.Input(shape=(3,))
    hidden = keras.layers.Dense(4, activation="relu", kernel_initializer=keras.initializers.Constant(0.1))(inputs)
    outputs = keras.layers.Dense(1, kernel_initializer=keras.initializers.Constant(0.2))(hidden)
    return keras.Model(inputs, outputs), inputs


def test_functional_model_lists_layers_and_weights():
    model, inputs = _functional()
    assert [type(layer).__name__ for layer in model.layers] == ["InputLayer", "Dense", "Dense"]
    assert model.get_layer("dense_1") is model.layers[2]
    assert [w.name for w in model.trainable_weights] == ["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0",
                                                         "dense_1/bias:0"]
    assert model.count_params() == 21
    assert [w.shape for w in model.get_weights()] == [(3, 4), (4,), (4, 1), (1,)]


def test_functional_model_trains_like_the_sequential_one():
    model, _ = _functional()
    x = np.arange(24, dtype=np.float32).reshape(8, 3) / 10.0
    y = x.sum(axis=1, keepdims=True) * 0.5
    model.compile(optimizer=keras.optimizers.SGD(lr=0.1), loss="mse")
    history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [2.159214496612549, 0.38724954798817635,
                                                         0.17813276126980782], rtol=1e-5)


def test_calling_a_model_on_a_new_tensor_reuses_its_weights():
    model, _ = _functional()
    other = tf.placeholder(tf.float32, [None, 3])
    out = model(other)
    x = np.ones((2, 3), np.float32)
    expected = model.predict(x)  # initializes the weights in Keras' session
    np.testing.assert_allclose(keras.backend.get_session().run(out, {other: x}), expected, rtol=1e-6)
    assert len(model.weights) == 4


def test_subclassed_model_tracks_attribute_layers_and_trains():
    class TwoLayer(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = keras.layers.Dense(4, activation="relu", kernel_initializer=keras.initializers.Constant(0.1))
            self.out = keras.layers.Dense(1, kernel_initializer=keras.initializers.Constant(0.2))

        def call(self, inputs):
            return self.out(self.hidden(inputs))

    model = TwoLayer()
    x = np.arange(24, dtype=np.float32).reshape(8, 3) / 10.0
    y = x.sum(axis=1, keepdims=True) * 0.5
    model.compile(optimizer=keras.optimizers.SGD(lr=0.1), loss="mse")
    history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    assert model.layers == [model.hidden, model.out]
    np.testing.assert_allclose(history.history["loss"], [2.159214496612549, 0.38724954798817635,
                                                         0.17813276126980782], rtol=1e-5)


def test_save_and_load_weights_round_trip_through_a_checkpoint(tmp_path):
    model, _ = _functional()
    saved = model.get_weights()
    model.save_weights(str(tmp_path / "ckpt"))
    model.set_weights([np.zeros_like(w) for w in saved])
    model.load_weights(str(tmp_path / "ckpt"))
    for got, want in zip(model.get_weights(), saved):
        np.testing.assert_array_equal(got, want)


def test_h5_weights_without_h5py_say_what_to_install(tmp_path, monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_h5py(name, *args, **kwargs):
        if name == "h5py":
            raise ImportError("no h5py")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_h5py)
    model, _ = _functional()
    with pytest.raises(ImportError, match="h5py"):
        model.save_weights(str(tmp_path / "w.h5"))


def test_sequential_summary_is_tf1s_table():
    model = keras.Sequential([keras.layers.Dense(4, input_shape=(3,)), keras.layers.Dense(1)])
    lines = []
    model.summary(print_fn=lines.append)
    assert lines == [
        'Model: "sequential"',
        "_" * 65,
        "Layer (type)                 Output Shape              Param #   ",
        "=" * 65,
        "dense (Dense)                (None, 4)                 16        ",
        "_" * 65,
        "dense_1 (Dense)              (None, 1)                 5         ",
        "=" * 65,
        "Total params: 21",
        "Trainable params: 21",
        "Non-trainable params: 0",
        "_" * 65]


def test_to_categorical_one_hot_rows():
    np.testing.assert_array_equal(keras.utils.to_categorical([0, 2, 1], 3),
                                  [[1, 0, 0], [0, 0, 1], [0, 1, 0]])
