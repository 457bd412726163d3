"""A Keras model used as a layer: called on new tensors inside another functional model or a Sequential, it is
one layer of that model (shared weights, one summary row); the values are tf_keras's (v2 behaviour disabled)."""
import numpy as np

import jupyter_flow as tf

keras = tf.keras
X = np.arange(6, dtype=np.float32).reshape(2, 3)


def _encoder():
    inp = keras.Input(shape=(3,))
    code = keras.layers.Dense(2, kernel_initializer=keras.initializers.Constant(0.1), name="code")(inp)
    return keras.Model(inp, code, name="encoder")


def _outer(encoder):
    inp = keras.Input(shape=(3,))
    out = keras.layers.Dense(1, kernel_initializer=keras.initializers.Constant(0.2))(encoder(inp))
    return keras.Model(inp, out)


def test_an_encoder_model_is_one_layer_of_the_outer_model_with_its_weights():
    encoder = _encoder()
    outer = _outer(encoder)
    assert isinstance(encoder, keras.layers.Layer)
    assert [layer.name for layer in outer.layers] == ["input_2", "encoder", "dense"]
    assert [w.name for w in outer.weights] == ["code/kernel:0", "code/bias:0", "dense/kernel:0", "dense/bias:0"]
    np.testing.assert_allclose(outer.predict(X)[:, 0], [0.12000000476837158, 0.48000001907348633], rtol=1e-6)
    assert outer.outputs[0].op.inputs[0].op.inputs[0].op.name == "encoder/code/BiasAdd"


def test_training_the_outer_model_trains_the_shared_encoder_weights():
    encoder = _encoder()
    outer = _outer(encoder)
    outer.compile(optimizer=keras.optimizers.SGD(lr=0.1), loss="mse")
    before = encoder.get_weights()[0].copy()
    outer.fit(X, np.ones((2, 1), np.float32), epochs=1, verbose=0)
    assert not np.allclose(encoder.get_weights()[0], before)
    np.testing.assert_array_equal(encoder.get_weights()[0], outer.get_layer("encoder").get_weights()[0])


def test_a_frozen_encoder_has_no_trainable_weights_in_the_outer_model():
    encoder = _encoder()
    encoder.trainable = False
    outer = _outer(encoder)
    assert [w.name for w in outer.trainable_weights] == ["dense/kernel:0", "dense/bias:0"]
    assert [w.name for w in outer.non_trainable_weights] == ["code/kernel:0", "code/bias:0"]


def test_summary_shows_the_nested_model_as_one_row():
    outer = _outer(_encoder())
    lines = []
    outer.summary(print_fn=lines.append)
    assert lines[4:9] == [
        "input_2 (InputLayer)         (None, 3)                 0         ",
        "_" * 65,
        "encoder (Model)              (None, 2)                 8         ",
        "_" * 65,
        "dense (Dense)                (None, 1)                 3         "]
    assert lines[-4:-1] == ["Total params: 11", "Trainable params: 11", "Non-trainable params: 0"]


def test_a_model_shared_by_two_inputs_lists_both_connections():
    encoder = _encoder()
    a, b = keras.Input(shape=(3,)), keras.Input(shape=(3,))
    two = keras.Model([a, b], keras.layers.add([encoder(a), encoder(b)]))
    lines = []
    two.summary(print_fn=lines.append)
    rows = [line for line in lines if line.startswith(("encoder", "add"))]
    assert rows == ["encoder (Model)                 (None, 2)            8           input_2[0][0], input_3[0][0]     ",
                    "add (Add)                       (None, 2)            0           encoder[1][0], encoder[2][0]     "]
    assert two.count_params() == 8


def test_a_model_as_the_first_layer_of_a_sequential():
    encoder = _encoder()
    seq = keras.Sequential([encoder, keras.layers.Dense(1, kernel_initializer=keras.initializers.Constant(0.2))])
    assert [layer.name for layer in seq.layers] == ["encoder", "dense"]
    assert seq.inputs == encoder.inputs  # as TF1: the model's own input starts the stack (no new Input)
    lines = []
    seq.summary(print_fn=lines.append)
    assert lines[4] == "encoder (Model)              (None, 2)                 8         "
    np.testing.assert_allclose(seq.predict(X)[:, 0], [0.12000000476837158, 0.48000001907348633], rtol=1e-6)
