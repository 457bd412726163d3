"""tf.keras.callbacks.TensorBoard (read back by the real tensorboard package), CSVLogger and TerminateOnNaN;
numbers and tags are tf_keras's v1 callbacks' (TF 2.21, v2 behaviour disabled) on the same model and data."""
import numpy as np
import pytest

import jupyter_flow as tf

keras = tf.keras
X = np.arange(24, dtype=np.float32).reshape(8, 3) / 10.0
Y = X.sum(axis=1, keepdims=True) * 0.5


def _fit(callbacks, y=Y):
    inputs = keras.Input(shape=(3,))
    outputs = keras.layers.Dense(1, kernel_initializer=keras.initializers.Constant(0.2))(inputs)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.SGD(lr=0.1), loss="mse", metrics=["mae"])
    return model.fit(X, y, batch_size=4, epochs=2, shuffle=False, verbose=0, validation_data=(X[:2], Y[:2]),
                     callbacks=callbacks)


def test_tensorboard_writes_epoch_scalars_weight_histograms_and_the_graph(tmp_path):
    event_accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")
    _fit([keras.callbacks.TensorBoard(str(tmp_path), histogram_freq=1)])
    run = event_accumulator.EventAccumulator(str(tmp_path)).Reload()
    tags = run.Tags()
    assert tags["scalars"] == ["epoch_loss", "epoch_mean_absolute_error", "epoch_val_loss",
                               "epoch_val_mean_absolute_error"]
    assert tags["histograms"] == ["dense/kernel_0", "dense/bias_0"]
    assert tags["graph"] is True
    expected = {"epoch_loss": [0.7789667397737503, 0.4283874183893204],
                "epoch_val_loss": [0.206539124250412, 0.007531258277595043],
                "epoch_val_mean_absolute_error": [0.4480915665626526, 0.06853365898132324]}
    for tag, values in expected.items():
        scalars = run.Scalars(tag)
        assert [s.step for s in scalars] == [0, 1]
        np.testing.assert_allclose([s.value for s in scalars], values, rtol=1e-5)
    assert "dense/MatMul" in [node.name for node in run.Graph().node]


def test_csv_logger_writes_one_row_per_epoch_with_sorted_columns(tmp_path):
    path = tmp_path / "log.csv"
    _fit([keras.callbacks.CSVLogger(str(path))])
    lines = path.read_text().split("\n")
    assert lines[0] == "epoch,loss,mean_absolute_error,val_loss,val_mean_absolute_error"
    rows = [[float(v) for v in line.split(",")] for line in lines[1:3]]
    np.testing.assert_allclose(rows, [[0, 0.7789667397737503, 0.7884225249290466, 0.206539124250412,
                                       0.4480915665626526],
                                      [1, 0.4283874183893204, 0.6389525532722473, 0.007531258277595043,
                                       0.06853365898132324]], rtol=1e-5)
    assert lines[3:] == [""]


def test_terminate_on_nan_stops_at_the_first_bad_batch(capsys):
    y = Y.copy()
    y[5] = np.nan
    history = _fit([keras.callbacks.TerminateOnNaN()], y=y)
    assert len(history.history["loss"]) == 1
    assert "Batch 1: Invalid loss, terminating training" in capsys.readouterr().out
