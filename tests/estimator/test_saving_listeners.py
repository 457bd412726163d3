"""Estimator.train(saving_listeners=...) calls each CheckpointSaverListener as TF1's
CheckpointSaverHook does: begin, then before_save/after_save around every checkpoint (the first at
the starting step, one every save_checkpoints_steps, one at the end), then end; after_save returning
True stops training."""
import pytest

import jupyter_flow as tf
from tests.estimator.test_custom_estimator import _train_fn, linear_model_fn


class RecordingListener(tf.estimator.CheckpointSaverListener):
    def __init__(self, stop_at=None):
        self.calls, self.stop_at = [], stop_at

    def begin(self):
        self.calls.append("begin")

    def before_save(self, session, global_step_value):
        self.calls.append(("before_save", global_step_value))

    def after_save(self, session, global_step_value):
        self.calls.append(("after_save", global_step_value, bool(tf.train.latest_checkpoint(self.model_dir))))
        return self.stop_at is not None and global_step_value >= self.stop_at

    def end(self, session, global_step_value):
        self.calls.append(("end", global_step_value))


def test_listeners_wrap_every_checkpoint_save(tmp_path):
    config = tf.estimator.RunConfig(save_checkpoints_steps=2)
    estimator = tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path), params={"lr": 0.5}, config=config)
    listener = RecordingListener()
    listener.model_dir = str(tmp_path)
    estimator.train(_train_fn(), steps=5, saving_listeners=[listener])
    assert listener.calls == ["begin", ("before_save", 0), ("after_save", 0, True), ("before_save", 2),
                              ("after_save", 2, True), ("before_save", 4), ("after_save", 4, True),
                              ("before_save", 5), ("after_save", 5, True), ("end", 5)]
    assert tf.train.latest_checkpoint(str(tmp_path)).endswith("model.ckpt-5")


def test_a_listener_returning_true_from_after_save_stops_training(tmp_path):
    config = tf.estimator.RunConfig(save_checkpoints_steps=2)
    estimator = tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path), params={"lr": 0.5}, config=config)
    listener = RecordingListener(stop_at=2)
    listener.model_dir = str(tmp_path)
    estimator.train(_train_fn(), steps=10, saving_listeners=[listener])
    assert estimator.get_variable_value("global_step") == 2
    assert listener.calls[-1] == ("end", 2)


def test_the_base_listener_does_nothing_and_train_accepts_it(tmp_path):
    estimator = tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path), params={"lr": 0.5})
    estimator.train(_train_fn(), steps=2, saving_listeners=[tf.train.CheckpointSaverListener()])
    assert estimator.get_variable_value("global_step") == 2
    assert tf.train.CheckpointSaverListener is tf.estimator.CheckpointSaverListener


def test_saving_listeners_need_checkpoints(tmp_path):
    config = tf.estimator.RunConfig(save_checkpoints_steps=0)
    estimator = tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path), params={"lr": 0.5}, config=config)
    with pytest.raises(ValueError, match="There should be a CheckpointSaverHook to use saving_listeners"):
        estimator.train(_train_fn(), steps=2, saving_listeners=[RecordingListener()])
