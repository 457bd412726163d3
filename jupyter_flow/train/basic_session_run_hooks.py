"""The hooks TF1 programs pass to MonitoredTrainingSession: StopAtStepHook, CheckpointSaverHook,
SummarySaverHook, StepCounterHook, LoggingTensorHook, NanTensorHook, FinalOpsHook."""
import logging
import os

import numpy as np

from ..summary import FileWriter, summary_proto
from ..framework.graph import get_default_graph
from .session_run_hook import SecondOrStepTimer, SessionRunArgs, SessionRunHook
from .training_util import get_global_step

log = logging.getLogger("tensorflow")


class NanLossDuringTrainingError(RuntimeError):
    """The training loss became NaN (raised by NanTensorHook)."""

    def __str__(self):
        return "NaN loss during training."


def _required_global_step(hook):
    step = get_global_step()
    if step is None:
        raise RuntimeError(f"Global step should be created to use {hook}; call "
                           f"tf.train.get_or_create_global_step() before the session.")
    return step


class StopAtStepHook(SessionRunHook):
    """Requests a stop once the global step reaches last_step (or num_steps more than at start).

    >>> hooks = [tf.train.StopAtStepHook(last_step=1000)]
    """

    def __init__(self, num_steps=None, last_step=None):
        if num_steps is None and last_step is None:
            raise ValueError("One of num_steps or last_step must be specified.")
        if num_steps is not None and last_step is not None:
            raise ValueError("Only one of num_steps or last_step can be specified.")
        self._num_steps, self._last_step = num_steps, last_step

    def begin(self):
        self._global_step = _required_global_step("StopAtStepHook")

    def after_create_session(self, session, coord):
        if self._last_step is None:
            self._last_step = int(session.run(self._global_step)) + self._num_steps

    def before_run(self, run_context):
        return SessionRunArgs(self._global_step)

    def after_run(self, run_context, run_values):
        if int(run_values.results) >= self._last_step:
            run_context.request_stop()


class CheckpointSaverHook(SessionRunHook):
    """Saves a checkpoint `<checkpoint_dir>/model.ckpt-<step>` at the start, every save_secs or
    save_steps, and at the end.

    >>> tf.train.CheckpointSaverHook("/tmp/model", save_steps=100)
    """

    def __init__(self, checkpoint_dir, save_secs=None, save_steps=None, saver=None, checkpoint_basename="model.ckpt",
                 scaffold=None, listeners=None):
        if saver is not None and scaffold is not None:
            raise ValueError("You cannot provide both saver and scaffold.")
        self._checkpoint_dir = checkpoint_dir
        self._save_path = os.path.join(checkpoint_dir, checkpoint_basename)
        self._saver, self._scaffold = saver, scaffold
        self._timer = SecondOrStepTimer(every_secs=save_secs, every_steps=save_steps)
        self._listeners = list(listeners or [])

    def begin(self):
        self._global_step = _required_global_step("CheckpointSaverHook")
        for listener in self._listeners:
            listener.begin()

    def after_create_session(self, session, coord):
        self._save(session, int(session.run(self._global_step)))

    def before_run(self, run_context):
        return SessionRunArgs(self._global_step)

    def after_run(self, run_context, run_values):
        step = int(run_values.results)
        if self._timer.should_trigger_for_step(step):
            self._save(run_context.session, step)

    def end(self, session):
        step = int(session.run(self._global_step))
        if step != self._timer.last_triggered_step():
            self._save(session, step)
        for listener in self._listeners:
            listener.end(session, step)

    def _get_saver(self):
        if self._saver is not None:
            return self._saver
        if self._scaffold is not None:
            return self._scaffold.saver
        from .monitored_session import default_saver
        self._saver = default_saver()
        return self._saver

    def _save(self, session, step):
        log.info("Saving checkpoints for %d into %s.", step, self._save_path)
        self._timer.update_last_triggered_step(step)
        for listener in self._listeners:
            listener.before_save(session, step)
        self._get_saver().save(session, self._save_path, global_step=step)
        for listener in self._listeners:
            listener.after_save(session, step)


class SummarySaverHook(SessionRunHook):
    """Runs summary_op (default: all summaries) every save_steps or save_secs and writes it.

    >>> tf.train.SummarySaverHook(save_steps=10, output_dir="/tmp/model", summary_op=merged)
    """

    def __init__(self, save_steps=None, save_secs=None, output_dir=None, summary_writer=None, scaffold=None,
                 summary_op=None):
        if (scaffold is None) == (summary_op is None):
            raise ValueError("Exactly one of scaffold or summary_op must be provided.")
        self._summary_op, self._scaffold = summary_op, scaffold
        self._writer, self._output_dir = summary_writer, output_dir
        self._timer = SecondOrStepTimer(every_secs=save_secs, every_steps=save_steps)

    def begin(self):
        if self._writer is None and self._output_dir:
            self._writer = FileWriter(self._output_dir)
        self._global_step = _required_global_step("SummarySaverHook")
        self._next_step = None

    def _op(self):
        return self._summary_op if self._summary_op is not None else self._scaffold.summary_op

    def before_run(self, run_context):
        fetches = {"global_step": self._global_step}
        self._due = self._next_step is None or self._timer.should_trigger_for_step(self._next_step)
        if self._due and self._op() is not None:
            fetches["summary"] = self._op()
        return SessionRunArgs(fetches)

    def after_run(self, run_context, run_values):
        step = int(run_values.results["global_step"])
        if "summary" in run_values.results:
            self._timer.update_last_triggered_step(step)
            if self._writer is not None:
                self._writer.add_summary(run_values.results["summary"], step)
        self._next_step = step + 1

    def end(self, session):
        if self._writer is not None:
            self._writer.flush()


class StepCounterHook(SessionRunHook):
    """Writes and logs global_step/sec every every_n_steps (or every_n_secs).

    >>> tf.train.StepCounterHook(every_n_steps=100, output_dir="/tmp/model")
    """

    def __init__(self, every_n_steps=100, every_n_secs=None, output_dir=None, summary_writer=None):
        if (every_n_steps is None) == (every_n_secs is None):
            raise ValueError("exactly one of every_n_steps and every_n_secs should be provided.")
        self._timer = SecondOrStepTimer(every_steps=every_n_steps, every_secs=every_n_secs)
        self._writer, self._output_dir = summary_writer, output_dir

    def begin(self):
        if self._writer is None and self._output_dir:
            self._writer = FileWriter(self._output_dir)
        self._global_step = _required_global_step("StepCounterHook")

    def before_run(self, run_context):
        return SessionRunArgs(self._global_step)

    def after_run(self, run_context, run_values):
        step = int(run_values.results)
        if self._timer.should_trigger_for_step(step):
            secs, steps = self._timer.update_last_triggered_step(step)
            if secs and steps:
                per_sec = steps / secs
                if self._writer is not None:
                    self._writer.add_summary(summary_proto.scalar("global_step/sec", per_sec), step)
                log.info("global_step/sec: %g", per_sec)


class LoggingTensorHook(SessionRunHook):
    """Logs the values of `tensors` (a dict tag -> tensor, or a list) every_n_iter runs or
    every_n_secs, and at the end if at_end.

    >>> tf.train.LoggingTensorHook({"loss": loss, "step": global_step}, every_n_iter=10)
    """

    def __init__(self, tensors, every_n_iter=None, every_n_secs=None, at_end=False, formatter=None):
        if not at_end and (every_n_iter is None) == (every_n_secs is None):
            raise ValueError("either at_end and/or exactly one of every_n_iter and every_n_secs must be provided.")
        if every_n_iter is not None and every_n_iter <= 0:
            raise ValueError(f"invalid every_n_iter={every_n_iter}.")
        if not isinstance(tensors, dict):
            tensors = {getattr(t, "name", t): t for t in tensors}
        self._tags = sorted(tensors)
        self._tensors = tensors
        self._timer = (SecondOrStepTimer(every_secs=every_n_secs, every_steps=every_n_iter)
                       if every_n_iter or every_n_secs else None)
        self._at_end, self._formatter = at_end, formatter

    def begin(self):
        self._iter = 0
        # As TF1: a name without ":" ("softmax_tensor") means that op's first output.
        graph = get_default_graph()
        self._tensors = {tag: graph.get_tensor_by_name(t if ":" in t else t + ":0") if isinstance(t, str) else t
                         for tag, t in self._tensors.items()}

    def before_run(self, run_context):
        self._should_log = self._timer is not None and self._timer.should_trigger_for_step(self._iter)
        return SessionRunArgs(self._tensors) if self._should_log else None

    def after_run(self, run_context, run_values):
        if self._should_log:
            self._timer.update_last_triggered_step(self._iter)
            self._log(run_values.results)
        self._iter += 1

    def end(self, session):
        if self._at_end:
            self._log(session.run(self._tensors))

    def _log(self, values):
        if self._formatter:
            log.info(self._formatter(values))
        else:
            log.info(", ".join(f"{tag} = {values[tag]}" for tag in self._tags))


class NanTensorHook(SessionRunHook):
    """Raises NanLossDuringTrainingError (or just stops, with fail_on_nan_loss=False) once
    loss_tensor is NaN.

    >>> hooks = [tf.train.NanTensorHook(loss)]
    """

    def __init__(self, loss_tensor, fail_on_nan_loss=True):
        self._loss_tensor, self._fail_on_nan_loss = loss_tensor, fail_on_nan_loss

    def before_run(self, run_context):
        return SessionRunArgs(self._loss_tensor)

    def after_run(self, run_context, run_values):
        if np.isnan(run_values.results):
            if self._fail_on_nan_loss:
                log.error("Model diverged with loss = NaN.")
                raise NanLossDuringTrainingError()
            log.warning("Model diverged with loss = NaN. Requesting stop.")
            run_context.request_stop()


class FinalOpsHook(SessionRunHook):
    """Runs final_ops when the session ends; their values are final_ops_values.

    >>> hook = tf.train.FinalOpsHook(accuracy); ...; hook.final_ops_values
    """

    def __init__(self, final_ops, final_ops_feed_dict=None):
        self._final_ops, self._feed_dict = final_ops, final_ops_feed_dict
        self._values = None

    @property
    def final_ops_values(self):
        return self._values

    def end(self, session):
        if self._final_ops is not None:
            self._values = session.run(self._final_ops, feed_dict=self._feed_dict)
