"""fit()'s learning phase, progress output and callbacks."""
import numpy as np
import pytest

import jupyter_flow as tf

keras = tf.keras


def _dropout_model():
    model = keras.Sequential([keras.layers.Dense(50, input_shape=(4,), kernel_initializer="ones"),
                              keras.layers.Dropout(0.5)])
    model.compile(optimizer=keras.optimizers.SGD(lr=0.0), loss="mse")
    return model


def test_dropout_is_active_in_training_and_off_in_predict_and_evaluate():
    model = _dropout_model()
    x, y = np.ones((8, 4), np.float32), np.zeros((8, 50), np.float32)
    np.testing.assert_allclose(model.predict(x), np.full((8, 50), 4.0))  # learning phase 0: no dropout
    assert model.evaluate(x, y, verbose=0) == pytest.approx(16.0)
    np.random.seed(1)
    trained_losses = [float(model.train_on_batch(x, y)) for _ in range(3)]
    assert all(abs(loss - 16.0) > 1e-3 for loss in trained_losses)  # kept units are doubled: mean of 64 or 0


def test_verbose_fit_prints_one_line_per_epoch_with_the_loss(capsys):
    model = _dropout_model()
    model.fit(np.ones((8, 4), np.float32), np.zeros((8, 50), np.float32), epochs=2, verbose=1)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Train on 8 samples"
    assert out[1] == "Epoch 1/2" and out[3] == "Epoch 2/2"
    assert out[2].startswith("8/8 [==============================] - ") and " - loss: " in out[2]


def test_model_checkpoint_saves_weights_each_epoch_and_lambda_callback_sees_logs(tmp_path):
    model = _dropout_model()
    seen = []
    callbacks = [keras.callbacks.ModelCheckpoint(str(tmp_path / "w-{epoch:02d}"), save_weights_only=True),
                 keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append((epoch, sorted(logs))))]
    model.fit(np.ones((8, 4), np.float32), np.zeros((8, 50), np.float32), epochs=2, verbose=0,
              callbacks=callbacks)
    assert seen == [(0, ["loss"]), (1, ["loss"])]
    assert tf.train.checkpoint_exists(str(tmp_path / "w-02"))
    model.load_weights(str(tmp_path / "w-01"))
