"""Model.to_json / model_from_json, Model.save / load_model (Keras's HDF5 layout) and .h5 weight files. The two
files in data/ were written by tf_keras 2.21 (TF_USE_LEGACY_KERAS=1, v2 behaviour disabled) from the models
described in the tests that load them; the expected predictions are tf_keras's."""
import json

import numpy as np
import pytest

import jupyter_flow as tf

keras = tf.keras
X = np.arange(6, dtype=np.float32).reshape(2, 3)
DATA = __file__.rsplit("/", 1)[0] + "/data/"


def _texts(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def _nested():
    inp = keras.Input(shape=(3,))
    code = keras.layers.Dense(2, kernel_initializer=keras.initializers.Constant(0.1), name="code")(inp)
    encoder = keras.Model(inp, code, name="encoder")
    inp2 = keras.Input(shape=(3,))
    out = keras.layers.Dense(1, activation="sigmoid", kernel_initializer=keras.initializers.Constant(0.2))(
        encoder(inp2))
    return keras.Model(inp2, out)


def test_to_json_writes_keras_functional_config_with_node_references():
    config = json.loads(_nested().to_json())
    assert config["class_name"] == "Model"
    body = config["config"]
    assert [(e["class_name"], e["name"]) for e in body["layers"]] == [("InputLayer", "input_2"), ("Model", "encoder"),
                                                                      ("Dense", "dense")]
    # As Keras: the nested model's own graph is its node 0, so its call here is node 1.
    assert body["layers"][1]["inbound_nodes"] == [[["input_2", 0, 0, {}]]]
    assert body["layers"][2]["inbound_nodes"] == [[["encoder", 1, 0, {}]]]
    assert body["input_layers"] == [["input_2", 0, 0]] and body["output_layers"] == [["dense", 0, 0]]
    assert body["layers"][1]["config"]["output_layers"] == [["code", 0, 0]]


def test_model_from_json_rebuilds_the_architecture_with_new_weights():
    model = _nested()
    rebuilt = keras.models.model_from_json(model.to_json())
    assert [layer.name for layer in rebuilt.layers] == ["input_2", "encoder", "dense"]
    assert rebuilt.count_params() == 11
    rebuilt.set_weights(model.get_weights())
    np.testing.assert_allclose(rebuilt.predict(X), model.predict(X), rtol=1e-6)


def test_sequential_json_round_trip_keeps_the_input_shape():
    model = keras.Sequential([keras.layers.Dense(4, input_shape=(3,), activation="relu"), keras.layers.Dense(1)])
    config = json.loads(model.to_json())
    assert config["config"]["layers"][0]["config"]["batch_input_shape"] == [None, 3]
    rebuilt = keras.models.model_from_json(model.to_json())
    assert rebuilt.count_params() == 21 and rebuilt.layers[0].activation is keras.activations.relu


def test_an_unknown_class_name_asks_for_custom_objects():
    text = _nested().to_json().replace('"class_name": "Dense"', '"class_name": "MyDense"')
    with pytest.raises(ValueError, match="custom_objects"):
        keras.models.model_from_json(text)
    rebuilt = keras.models.model_from_json(text, custom_objects={"MyDense": keras.layers.Dense})
    assert rebuilt.count_params() == 11


def test_save_and_load_model_round_trip_with_training_config(tmp_path):
    h5py = pytest.importorskip("h5py")
    model = _nested()
    model.compile(optimizer=keras.optimizers.SGD(lr=0.1), loss="binary_crossentropy", metrics=["acc"])
    model.fit(X, np.array([[1.0], [0.0]]), epochs=2, verbose=0)
    expected = model.predict(X)
    path = str(tmp_path / "model.h5")
    model.save(path)
    with h5py.File(path, "r") as f:
        assert _texts(f["model_weights"].attrs["layer_names"]) == ["input_2", "encoder", "dense"]
        assert _texts(f["model_weights/encoder"].attrs["weight_names"]) == ["code/kernel:0", "code/bias:0"]
        assert json.loads(f.attrs["training_config"])["loss"] == "binary_crossentropy"
    keras.backend.clear_session()
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(loaded.predict(X), expected, rtol=1e-6)
    assert loaded.metrics_names == ["loss", "acc"]
    assert loaded.optimizer.get_config() == {"name": "SGD", "learning_rate": 0.1, "momentum": 0.0,
                                             "nesterov": False}


@pytest.mark.parametrize("filename, expected", [("keras_functional.h5", [0.3384968340396881, 0.055724386125802994]),
                                                ("keras_sequential.h5", [3.0, 12.0])])
def test_load_model_reads_files_real_keras_wrote(filename, expected):
    pytest.importorskip("h5py")
    model = keras.models.load_model(DATA + filename)
    np.testing.assert_allclose(model.predict(X)[:, 0], expected, rtol=1e-6)
    model.fit(X, np.array([[1.0], [0.0]]), epochs=1, verbose=0)  # compiled from the file's training config


def test_h5_weights_round_trip_and_by_name(tmp_path):
    pytest.importorskip("h5py")
    model = _nested()
    saved = model.get_weights()
    path = str(tmp_path / "weights.h5")
    model.save_weights(path)
    model.set_weights([np.zeros_like(w) for w in saved])
    model.load_weights(path)
    for got, want in zip(model.get_weights(), saved):
        np.testing.assert_array_equal(got, want)
    model.set_weights([np.zeros_like(w) for w in saved])
    model.load_weights(path, by_name=True)
    np.testing.assert_array_equal(model.get_weights()[0], saved[0])


def test_save_without_h5py_names_the_package(tmp_path, monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_h5py(name, *args, **kwargs):
        if name == "h5py":
            raise ImportError("no h5py")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_h5py)
    with pytest.raises(ImportError, match="pip install h5py"):
        _nested().save(str(tmp_path / "model.h5"))


def test_a_custom_object_scope_resolves_a_custom_class_name():
    class Scaled(keras.layers.Dense):
        pass

    inp = keras.Input(shape=(3,))
    model = keras.Model(inp, Scaled(2)(inp))
    with keras.utils.custom_object_scope({"Scaled": Scaled}):
        rebuilt = keras.models.model_from_json(model.to_json())
    assert type(rebuilt.layers[1]) is Scaled


def test_a_custom_loss_is_found_in_custom_objects_when_loading(tmp_path):
    pytest.importorskip("h5py")

    def doubled_mse(y_true, y_pred):
        return 2.0 * keras.losses.mean_squared_error(y_true, y_pred)

    model = _nested()
    model.compile(optimizer="sgd", loss=doubled_mse)
    model.save(str(tmp_path / "m.h5"))
    keras.backend.clear_session()
    loaded = keras.models.load_model(str(tmp_path / "m.h5"), custom_objects={"doubled_mse": doubled_mse})
    assert loaded.loss is doubled_mse


def test_saving_a_model_compiled_with_a_tf_train_optimizer_warns(tmp_path):
    h5py = pytest.importorskip("h5py")
    model = _nested()
    model.compile(optimizer=tf.train.GradientDescentOptimizer(0.1), loss="mse")
    with pytest.warns(UserWarning, match="no training config"):
        model.save(str(tmp_path / "m.h5"))
    with h5py.File(str(tmp_path / "m.h5"), "r") as f:
        assert "training_config" not in f.attrs


def test_a_loaded_model_resumes_training_with_its_saved_optimizer_slots(tmp_path):
    pytest.importorskip("h5py")
    y = np.array([[1.0], [0.0]])
    model = _nested()
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy")
    model.fit(X, y, epochs=2, verbose=0)
    model.save(str(tmp_path / "m.h5"))
    continued = model.fit(X, y, epochs=2, verbose=0).history["loss"]
    keras.backend.clear_session()
    loaded = keras.models.load_model(str(tmp_path / "m.h5"))
    np.testing.assert_allclose(loaded.fit(X, y, epochs=2, verbose=0).history["loss"], continued, rtol=1e-5)
