"""Keras Sequential training in graph mode, against values printed by TF (tensorflow.compat.v1, v2 behaviour
disabled, legacy tf.keras) for the same constant-initialized models."""
import numpy as np
import pytest

import jupyter_flow as tf

keras = tf.keras


def _regression_model():
    return keras.Sequential([
        keras.layers.Dense(4, activation="relu", input_shape=(3,), kernel_initializer=keras.initializers.Constant(0.1)),
        keras.layers.Dense(1, kernel_initializer=keras.initializers.Constant(0.2))])


def _regression_data():
    x = np.arange(24, dtype=np.float32).reshape(8, 3) / 10.0
    return x, x.sum(axis=1, keepdims=True) * 0.5


def test_sgd_fit_history_matches_tf_losses_and_mae():
    x, y = _regression_data()
    model = _regression_model()
    model.compile(optimizer=keras.optimizers.SGD(lr=0.1), loss="mse", metrics=["mae"])
    history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    assert model.metrics_names == ["loss", "mean_absolute_error"]
    np.testing.assert_allclose(history.history["loss"], [2.159214496612549, 0.38724954798817635,
                                                         0.17813276126980782], rtol=1e-5)
    np.testing.assert_allclose(history.history["mean_absolute_error"],
                               [1.2828595638275146, 0.5565894842147827, 0.3674050271511078], rtol=1e-5)
    assert history.epoch == [0, 1, 2]
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0), [0.15661535, 0.39534968], rtol=1e-5)
    np.testing.assert_allclose(model.predict(x[:2]), [[0.5182827115058899], [0.9760161638259888]], rtol=1e-5)


def test_sparse_categorical_accuracy_and_adam_losses_match_tf():
    kernel = np.array([[0.5, -0.2, 0.1], [-0.3, 0.4, 0.2]], np.float32)
    x = np.array([[1, 0], [0, 1], [1, 1], [-1, 0.5], [0.2, -1]], np.float32)
    y = np.array([0, 1, 2, 1, 0])
    model = keras.Sequential([keras.layers.Dense(3, activation="softmax", input_shape=(2,))])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.set_weights([kernel, np.zeros(3, np.float32)])
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0), [0.8076166, 1.0], rtol=1e-5)
    history = model.fit(x, y, batch_size=2, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [0.8074971914291382, 0.8049737572669983], rtol=1e-5)
    assert history.history["acc"] == [1.0, 1.0]


def test_train_and_test_on_batch_return_loss_then_metrics():
    x, y = _regression_data()
    model = _regression_model()
    model.compile(optimizer=keras.optimizers.SGD(lr=0.1), loss="mse")
    before = model.test_on_batch(x, y)
    assert float(model.train_on_batch(x, y)) == pytest.approx(before, rel=1e-6)  # loss before the step
    assert model.test_on_batch(x, y) < before
    assert model.predict_on_batch(x).shape == (8, 1)


def test_digits_sequential_trains_past_90_percent():
    datasets = pytest.importorskip("sklearn.datasets")
    digits = datasets.load_digits()
    order = np.random.RandomState(0).permutation(len(digits.target))
    x = (digits.data[order] / 16.0).astype(np.float32)
    y = digits.target[order]
    np.random.seed(0)
    model = keras.Sequential([keras.layers.Dense(64, activation="relu", input_shape=(64,)),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x[:1500], y[:1500], batch_size=32, epochs=20, verbose=0)
    loss, accuracy = model.evaluate(x[1500:], y[1500:], verbose=0)
    assert accuracy > 0.9


def test_fit_with_validation_split_reports_val_keys_and_early_stopping_stops():
    x, y = _regression_data()
    model = _regression_model()
    model.compile(optimizer=keras.optimizers.SGD(lr=0.0), loss="mse")
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=1)
    history = model.fit(x, y, epochs=10, validation_split=0.25, callbacks=[stopper], verbose=0)
    assert sorted(history.history) == ["loss", "val_loss"]
    assert len(history.epoch) == 2  # lr 0: no improvement after the first epoch, patience 1


def test_compile_needs_a_loss_and_fit_needs_compile():
    model = _regression_model()
    with pytest.raises(ValueError, match="loss"):
        model.compile(optimizer="sgd")
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(*_regression_data(), verbose=0)


@pytest.mark.parametrize("make_optimizer, losses", [
    (lambda: keras.optimizers.RMSprop(lr=0.01), [2.252393, 1.3890776, 0.8804574]),
    (lambda: keras.optimizers.Adagrad(lr=0.1), [1.6257632, 0.0998724, 0.0735995]),
    (lambda: keras.optimizers.Adadelta(lr=1.0), [2.8237164, 2.7681955, 2.7156676]),
    (lambda: keras.optimizers.SGD(lr=0.05, momentum=0.9, nesterov=True), [2.192699, 1.3316923, 2.5579449]),
    (lambda: keras.optimizers.Adam(lr=0.01), [2.6639178, 2.3056307, 1.9487888]),
], ids=["rmsprop", "adagrad", "adadelta", "sgd_nesterov", "adam"])
def test_keras_optimizers_follow_tf_keras_update_rules(make_optimizer, losses):
    x, y = _regression_data()
    model = _regression_model()
    model.compile(optimizer=make_optimizer(), loss="mse")
    history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], losses, rtol=1e-5)
