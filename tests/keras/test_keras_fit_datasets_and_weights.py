"""Model.fit/evaluate/predict on tf.data datasets and generators, and sample_weight / class_weight; the
expected numbers are tf_keras's (TF 2.21, v2 behaviour disabled) on the same model and data."""
import numpy as np
import pytest

import jupyter_flow as tf

keras = tf.keras
X = np.arange(24, dtype=np.float32).reshape(8, 3) / 10.0
Y = X.sum(axis=1, keepdims=True) * 0.5
WEIGHTS = np.array([1, 2, 0, 1, 3, 1, 0.5, 1], np.float32)
LABELS = np.array([0, 1, 1, 0, 1, 1, 1, 0])


def _regressor(metrics=None):
    inputs = keras.Input(shape=(3,))
    hidden = keras.layers.Dense(4, activation="relu", kernel_initializer=keras.initializers.Constant(0.1))(inputs)
    outputs = keras.layers.Dense(1, kernel_initializer=keras.initializers.Constant(0.2))(hidden)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.SGD(lr=0.1), loss="mse", metrics=metrics)
    return model


def _classifier(loss):
    inputs = keras.Input(shape=(3,))
    out = keras.layers.Dense(2, activation="softmax", kernel_initializer=keras.initializers.Constant(0.1))(inputs)
    model = keras.Model(inputs, out)
    model.compile(optimizer=keras.optimizers.SGD(lr=0.1), loss=loss, metrics=["acc"])
    return model


def test_fit_on_a_dataset_pass_averages_the_loss_over_steps_and_metrics_over_samples():
    model = _regressor(["mae"])
    history = model.fit(tf.data.Dataset.from_tensor_slices((X, Y)).batch(3), epochs=3, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [1.0998322467009227, 0.5523518087963263,
                                                         0.2557058061162631], rtol=1e-5)
    np.testing.assert_allclose(history.history["mean_absolute_error"], [0.9489306211471558, 0.6196460723876953,
                                                                        0.4752552807331085], rtol=1e-5)


def test_fit_on_a_repeated_dataset_with_steps_and_a_validation_dataset():
    model = _regressor(["mae"])
    train = tf.data.Dataset.from_tensor_slices((X, Y)).batch(3).repeat()
    val = tf.data.Dataset.from_tensor_slices((X[:5], Y[:5])).batch(2)
    history = model.fit(train, epochs=3, steps_per_epoch=2, validation_data=val, validation_steps=2, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [1.2785630077123642, 1.0956368446350098,
                                                         0.10407623089849949], rtol=1e-5)
    np.testing.assert_allclose(history.history["val_loss"], [0.07114274054765701, 0.07623106986284256,
                                                             0.47234538197517395], rtol=1e-5)
    np.testing.assert_allclose(history.history["val_mean_absolute_error"][-1], 0.670141339302063, rtol=1e-5)
    np.testing.assert_allclose(model.evaluate(val, verbose=0), [0.6556982199350992, 0.73834103], rtol=1e-5)
    np.testing.assert_allclose(model.evaluate(val, steps=2, verbose=0), [0.47234538, 0.67014134], rtol=1e-5)
    predicted = model.predict(tf.data.Dataset.from_tensor_slices(X[:4]).batch(3))
    np.testing.assert_allclose(predicted[:, 0], [0.6155422925949097, 1.2019416093826294, 1.7883410453796387,
                                                 2.3747403621673584], rtol=1e-5)


def test_a_training_step_on_a_dataset_feeds_nothing_from_numpy():
    model = _regressor()
    dataset = tf.data.Dataset.from_tensor_slices((X, Y)).batch(4)
    model.fit(dataset, epochs=1, verbose=0)
    train_op = model._dataset_graphs[id(dataset)].graph.train[0]
    placeholders = [op for op in train_op.graph.get_operations() if op.type == "Placeholder"]
    assert model.inputs[0].op in placeholders  # the array graph's input exists, but the dataset graph ...
    reached, stack = set(), [train_op]
    while stack:
        op = stack.pop()
        if op not in reached:
            reached.add(op)
            stack.extend([t.op for t in op.inputs] + list(op.control_inputs))
    assert not [op.name for op in reached if op.type == "Placeholder"]  # ... reads the iterator only
    assert [layer.name for layer in model.layers] == ["input_1", "dense", "dense_1"]
    assert all(len(layer._inbound_nodes) == 1 for layer in model.layers)


def test_an_infinite_dataset_needs_steps_per_epoch_and_running_out_stops_with_a_warning():
    model = _regressor()
    with pytest.raises(ValueError, match="steps_per_epoch"):
        model.fit(tf.data.Dataset.from_tensor_slices((X, Y)).batch(4).repeat(), epochs=1, verbose=0)
    with pytest.warns(UserWarning, match="ran out of data"):
        history = model.fit(tf.data.Dataset.from_tensor_slices((X, Y)).batch(4), epochs=3, steps_per_epoch=3,
                            verbose=0)
    assert len(history.history["loss"]) == 1


def test_fit_on_a_generator_of_batches():
    def batches():
        while True:
            for start in range(0, 8, 4):
                yield X[start:start + 4], Y[start:start + 4]

    model = _regressor()
    history = model.fit(batches(), epochs=3, steps_per_epoch=2, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [2.159214496612549, 0.38724954798817635,
                                                         0.17813276126980782], rtol=1e-5)


def test_sample_weight_scales_each_sample_loss_over_the_batch_size():
    model = _regressor()
    history = model.fit(X, Y, batch_size=4, epochs=2, shuffle=False, sample_weight=WEIGHTS, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [2.4185946583747864, 0.5346624851226807], rtol=1e-5)
    np.testing.assert_allclose(model.evaluate(X, Y, batch_size=4, sample_weight=WEIGHTS, verbose=0), 0.21256143,
                               rtol=1e-5)
    np.testing.assert_allclose(model.evaluate(X, Y, batch_size=4, verbose=0), 0.17692101, rtol=1e-5)


def test_a_dataset_of_x_y_sample_weight_is_weighted_the_same():
    model = _regressor()
    history = model.fit(tf.data.Dataset.from_tensor_slices((X, Y, WEIGHTS)).batch(4), epochs=2, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [2.4185946583747864, 0.5346624851226807], rtol=1e-5)


@pytest.mark.parametrize("loss, labels", [("sparse_categorical_crossentropy", LABELS),
                                          ("categorical_crossentropy", np.eye(2)[LABELS])])
def test_class_weight_weights_samples_by_their_class(loss, labels):
    model = _classifier(loss)
    history = model.fit(X, labels, batch_size=4, epochs=2, shuffle=False, class_weight={0: 3.0, 1: 0.5}, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [0.9508442580699921, 0.8574020862579346], rtol=1e-5)
    assert history.history["acc"] == [0.375, 0.375]


def test_class_weight_with_a_dataset_and_a_generator():
    model = _classifier("sparse_categorical_crossentropy")
    dataset = tf.data.Dataset.from_tensor_slices((X, LABELS)).batch(4)
    history = model.fit(dataset, epochs=2, class_weight={0: 3.0, 1: 0.5}, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [0.9508442580699921, 0.8574020862579346], rtol=1e-5)

    def batches():
        while True:
            yield X[:4], LABELS[:4]
            yield X[4:], LABELS[4:]

    model = _classifier("sparse_categorical_crossentropy")
    history = model.fit(batches(), epochs=2, steps_per_epoch=2, class_weight={0: 3.0, 1: 0.5}, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [0.9508442580699921, 0.8574020862579346], rtol=1e-5)
