"""Estimator.train(hooks=...) calls SessionRunHooks as a MonitoredSession does: begin, after_create_session,
before_run/after_run around every step (with the hook's own fetches), end; request_stop ends training."""
import logging

import numpy as np

import jupyter_flow as tf
from tests.estimator.test_custom_estimator import _train_fn, linear_model_fn


class RecordingHook(tf.train.SessionRunHook):
    def __init__(self, stop_after):
        self.calls, self.steps, self.stop_after = [], [], stop_after

    def begin(self):
        self.calls.append("begin")
        self.global_step = tf.train.get_global_step()

    def after_create_session(self, session, coord):
        self.calls.append("after_create_session")

    def before_run(self, run_context):
        return tf.train.SessionRunArgs({"step": self.global_step})

    def after_run(self, run_context, run_values):
        self.steps.append(int(run_values.results["step"]))
        if len(self.steps) == self.stop_after:
            run_context.request_stop()

    def end(self, session):
        self.calls.append("end")


def test_train_hooks_see_every_step_and_can_stop_training(tmp_path):
    estimator = tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path), params={"lr": 0.5})
    hook = RecordingHook(stop_after=3)
    estimator.train(_train_fn(), steps=10, hooks=[hook])
    assert hook.calls == ["begin", "after_create_session", "end"]
    # Whether a global step fetched beside the train op is read before or after its update is not
    # defined in TF1; the hook sees one value per step, consecutive.
    assert hook.steps in ([0, 1, 2], [1, 2, 3])
    assert estimator.get_variable_value("global_step") == 3


def test_logging_tensor_hook_resolves_an_op_name_to_its_first_output(tmp_path, caplog):
    def model_fn(features, labels, mode, params):
        spec = linear_model_fn(features, labels, mode, params)
        tf.identity(tf.train.get_global_step(), name="step_copy")
        return spec
    estimator = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), params={"lr": 0.5})
    with caplog.at_level(logging.INFO):
        estimator.train(_train_fn(), steps=3, hooks=[tf.train.LoggingTensorHook({"copy": "step_copy"},
                                                                                every_n_iter=1)])
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("copy = ")]
    assert logged and all(np.isfinite(float(m.split("= ")[1])) for m in logged)
