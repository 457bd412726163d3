"""tf.train.MonitoredTrainingSession and its hooks: the TF1 training loop
`while not sess.should_stop(): sess.run(training_op)`, checkpoints restored on start and saved at
the end, hooks called in TF1's order."""
import glob

import numpy as np
import pytest

import jupyter_flow as tf


def _model():
    x = tf.Variable(4.0, name="x")
    gs = tf.train.get_or_create_global_step()
    loss = 0.5 * x * x
    training_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss, global_step=gs)  # x halves each step
    return x, gs, loss, training_op


def test_stop_at_step_then_resume_from_the_checkpoint(tmp_path):
    x, gs, loss, training_op = _model()
    tf.summary.scalar("loss", loss)
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), save_summaries_steps=1,
                                           hooks=[tf.train.StopAtStepHook(last_step=3)]) as sess:
        runs = 0
        while not sess.should_stop():
            sess.run(training_op)
            runs += 1
    assert runs == 3
    assert tf.train.load_variable(str(tmp_path), "global_step") == 3
    assert tf.train.load_variable(str(tmp_path), "x") == 0.5
    assert glob.glob(str(tmp_path / "events.out.tfevents.*"))
    # a second session restores step 3 and x = 0.5, and runs two more steps
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path),
                                           hooks=[tf.train.StopAtStepHook(num_steps=2)]) as sess:
        assert sess.run(x) == 0.5
        while not sess.should_stop():
            sess.run(training_op)
    assert tf.train.load_variable(str(tmp_path), "global_step") == 5
    assert tf.train.load_variable(str(tmp_path), "x") == 0.125


def test_hooks_see_their_fetches_and_are_called_in_order():
    x, gs, loss, training_op = _model()
    calls = []

    class Recorder(tf.train.SessionRunHook):
        def begin(self):
            calls.append("begin")

        def after_create_session(self, session, coord):
            calls.append("after_create_session")

        def before_run(self, run_context):
            calls.append("before_run")
            return tf.train.SessionRunArgs({"x": x})

        def after_run(self, run_context, run_values):
            calls.append(("after_run", float(run_values.results["x"])))
            if len(calls) > 6:
                run_context.request_stop()

        def end(self, session):
            calls.append("end")

    final = tf.train.FinalOpsHook(x)
    with tf.train.MonitoredSession(hooks=[Recorder(), final]) as sess:
        while not sess.should_stop():
            assert sess.run(training_op) is None
    assert calls == ["begin", "after_create_session", "before_run", ("after_run", 2.0), "before_run",
                     ("after_run", 1.0), "before_run", ("after_run", 0.5), "end"]
    assert final.final_ops_values == 0.5


def test_nan_tensor_hook_raises_on_a_nan_loss():
    loss = tf.placeholder(tf.float32, [])
    tf.train.get_or_create_global_step()
    with pytest.raises(tf.train.NanLossDuringTrainingError, match="NaN loss during training"):
        with tf.train.MonitoredSession(hooks=[tf.train.NanTensorHook(loss)]) as sess:
            sess.run(loss, {loss: 1.0})
            sess.run(loss, {loss: np.nan})


def test_out_of_range_ends_training_quietly_and_saves(tmp_path):
    x, gs, loss, training_op = _model()
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path)) as sess:
        sess.run(training_op)
        raise tf.errors.OutOfRangeError(None, None, "End of sequence")
    assert tf.train.load_variable(str(tmp_path), "global_step") == 1


def test_scaffold_init_fn_runs_when_there_is_no_checkpoint():
    x, gs, loss, training_op = _model()
    scaffold = tf.train.Scaffold(init_fn=lambda scaffold, sess: sess.run(tf.assign(x, 10.0)))
    with tf.train.SingularMonitoredSession(scaffold=scaffold) as sess:
        assert sess.run(x) == 10.0
        assert sess.raw_session() is not None


def test_stop_at_step_hook_needs_exactly_one_bound():
    with pytest.raises(ValueError, match="One of num_steps or last_step"):
        tf.train.StopAtStepHook()
    with pytest.raises(ValueError, match="Only one of"):
        tf.train.StopAtStepHook(num_steps=1, last_step=2)


def test_estimator_and_train_share_the_nan_loss_error():
    assert tf.estimator.NanLossDuringTrainingError is tf.train.NanLossDuringTrainingError
