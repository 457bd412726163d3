"""tf.estimator.Estimator with a model_fn: train resumes from model_dir's checkpoints, evaluate runs
the metric ops over the whole input, predict yields per-example dicts, summaries land in model_dir."""
import os

import numpy as np
import pytest
from tensorboard.backend.event_processing import event_accumulator

import jupyter_flow as tf

X = np.linspace(-1, 1, 40).astype(np.float32).reshape(40, 1)
Y = (3.0 * X - 0.5).astype(np.float32)


def linear_model_fn(features, labels, mode, params):
    w = tf.get_variable("w", [1, 1], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    pred = tf.matmul(features["x"], w) + b
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(mode, predictions={"y": pred, "double": 2.0 * pred})
    loss = tf.reduce_mean(tf.square(pred - labels))
    tf.summary.scalar("my_loss", loss)
    if mode == tf.estimator.ModeKeys.EVAL:
        return tf.estimator.EstimatorSpec(mode, loss=loss, eval_metric_ops={
            "mae": tf.metrics.mean_absolute_error(labels, pred)})
    train_op = tf.train.GradientDescentOptimizer(params["lr"]).minimize(loss, global_step=tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)


def _train_fn(num_epochs=None):
    return tf.estimator.inputs.numpy_input_fn({"x": X}, Y, batch_size=40, num_epochs=num_epochs, shuffle=False)


def _expected_after(steps, lr=0.5):
    w = b = 0.0
    for _ in range(steps):
        err = (w * X + b) - Y
        w, b = w - lr * float(np.mean(2 * err * X)), b - lr * float(np.mean(2 * err))
    return w, b


def test_train_resumes_from_the_latest_checkpoint(tmp_path):
    est = tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path), params={"lr": 0.5})
    assert est.train(_train_fn(), steps=3) is est
    assert est.latest_checkpoint() == os.path.join(str(tmp_path), "model.ckpt-3")
    est.train(_train_fn(), steps=4)
    assert est.get_variable_value("global_step") == 7
    w, b = _expected_after(7)
    assert est.get_variable_value("w")[0, 0] == pytest.approx(w, rel=1e-5)
    assert est.get_variable_value("b")[0] == pytest.approx(b, rel=1e-5)
    assert est.get_variable_names() == ["b", "global_step", "w"]
    est.train(_train_fn(), max_steps=7)  # already there: no step is run
    assert est.get_variable_value("global_step") == 7
    est.train(_train_fn(), max_steps=9)
    assert est.get_variable_value("global_step") == 9


def test_training_stops_when_the_input_is_used_up(tmp_path):
    est = tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path), params={"lr": 0.5})
    est.train(_train_fn(num_epochs=5), steps=100)
    assert est.get_variable_value("global_step") == 5


def test_evaluate_returns_metrics_loss_and_global_step(tmp_path):
    est = tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path), params={"lr": 0.5})
    est.train(_train_fn(), steps=5)
    w, b = _expected_after(5)
    batches = tf.estimator.inputs.numpy_input_fn({"x": X}, Y, batch_size=10, shuffle=False)
    results = est.evaluate(batches)
    assert sorted(results) == ["global_step", "loss", "mae"] and results["global_step"] == 5
    err = (w * X + b) - Y
    assert results["mae"] == pytest.approx(float(np.mean(np.abs(err))), rel=1e-4)
    assert results["loss"] == pytest.approx(float(np.mean(err ** 2)), rel=1e-4)  # 4 equal batches
    assert est.evaluate(batches, steps=1)["loss"] == pytest.approx(float(np.mean(err[:10] ** 2)), rel=1e-4)
    assert os.path.isdir(os.path.join(str(tmp_path), "eval"))


def test_predict_yields_one_dict_per_example(tmp_path):
    est = tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path), params={"lr": 0.5})
    with pytest.raises(ValueError, match="Could not find trained model in model_dir"):
        next(est.predict(tf.estimator.inputs.numpy_input_fn({"x": X}, shuffle=False)))
    est.train(_train_fn(), steps=5)
    w, b = _expected_after(5)
    out = list(est.predict(tf.estimator.inputs.numpy_input_fn({"x": X[:3]}, batch_size=2, shuffle=False)))
    assert len(out) == 3 and sorted(out[0]) == ["double", "y"] and out[0]["y"].shape == (1,)
    np.testing.assert_allclose([p["y"][0] for p in out], (w * X[:3] + b).ravel(), rtol=1e-5)
    only = list(est.predict(tf.estimator.inputs.numpy_input_fn({"x": X[:3]}, shuffle=False), predict_keys=["double"]))
    assert sorted(only[0]) == ["double"]


def test_summaries_in_model_dir_are_read_by_tensorboard(tmp_path):
    config = tf.estimator.RunConfig(save_summary_steps=2, log_step_count_steps=2, save_checkpoints_steps=3,
                                    keep_checkpoint_max=2)
    est = tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path), config=config, params={"lr": 0.5})
    est.train(_train_fn(), steps=7)
    acc = event_accumulator.EventAccumulator(str(tmp_path), size_guidance={"scalars": 0}).Reload()
    assert "my_loss" in acc.Tags()["scalars"] and "global_step/sec" in acc.Tags()["scalars"]
    assert [e.step for e in acc.Scalars("my_loss")] == [1, 3, 5, 7]
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert [os.path.basename(p) for p in state.all_model_checkpoint_paths] == ["model.ckpt-6", "model.ckpt-7"]


def test_estimator_argument_errors(tmp_path):
    est = tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path), params={"lr": 0.5})
    with pytest.raises(ValueError, match="Can not provide both steps and max_steps"):
        est.train(_train_fn(), steps=1, max_steps=2)
    with pytest.raises(ValueError, match="Must specify steps > 0"):
        est.train(_train_fn(), steps=0)
    with pytest.raises(ValueError, match="model_dir are set both in constructor and `RunConfig`"):
        tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path), config=tf.estimator.RunConfig(model_dir="/x"))
    with pytest.raises(ValueError, match="Missing train_op"):
        tf.estimator.EstimatorSpec(tf.estimator.ModeKeys.TRAIN, loss=tf.constant(1.0))
    with pytest.raises(ValueError, match="Can not specify both save_checkpoints_steps and save_checkpoints_secs"):
        tf.estimator.RunConfig(save_checkpoints_steps=1, save_checkpoints_secs=1)
    assert tf.estimator.RunConfig().save_checkpoints_secs == 600 and tf.estimator.ModeKeys.PREDICT == "infer"


def test_nan_loss_stops_training(tmp_path):
    def model_fn(features, labels, mode):
        w = tf.get_variable("w", [1, 1], initializer=tf.zeros_initializer())
        loss = tf.reduce_mean(tf.log(tf.matmul(features["x"], w) * 0.0 - 1.0))
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=tf.train.get_global_step())
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)
    with pytest.raises(tf.estimator.NanLossDuringTrainingError, match="NaN loss during training"):
        tf.estimator.Estimator(model_fn, model_dir=str(tmp_path)).train(_train_fn(), steps=3)


class _FakeIterator:
    """Stands in for a tf.data iterator: get_next gives constant (features, labels); initializer counts runs."""

    def __init__(self):
        self.initializer = tf.assign_add(tf.Variable(0, name="iterator_runs", trainable=False), 1).op

    def get_next(self):
        return {"x": tf.constant(X)}, tf.constant(Y)


class _FakeDataset:
    def make_initializable_iterator(self):
        return _FakeIterator()


def test_input_fn_may_return_a_dataset(tmp_path):
    est = tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path), params={"lr": 0.5})
    est.train(lambda: _FakeDataset(), steps=3)
    w, b = _expected_after(3)
    assert est.get_variable_value("w")[0, 0] == pytest.approx(w, rel=1e-5)
    assert est.get_variable_value("iterator_runs") == 1  # the iterator was initialized once, after restoring
    assert est.evaluate(lambda: _FakeDataset(), steps=2)["global_step"] == 3
