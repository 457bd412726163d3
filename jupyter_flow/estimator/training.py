"""The Estimator's training session (what TF1's MonitoredTrainingSession and its default hooks
did): restore the latest checkpoint of model_dir or initialize, run train_op step after step until
the step count is reached or the input is used up, write summaries (the model's, and global_step/sec)
every save_summary_steps / log_step_count_steps, and save checkpoints at the start, every
save_checkpoints_steps (or _secs) and at the end."""
import logging
import os
import time

import numpy as np

from ..client.session import Session
from ..framework import errors
from ..ops.state_ops import global_variables_initializer, local_variables_initializer
from ..summary import FileWriter, summary_proto
from ..ops.summary_ops import merge_all
# one class for tf.estimator and tf.train, as in TF1
from ..train.basic_session_run_hooks import NanLossDuringTrainingError
from ..train.checkpoint_state import get_checkpoint_state, latest_checkpoint
from ..train.saver import Saver
from ..train.session_run_hook import SessionRunArgs, SessionRunContext, SessionRunValues

log = logging.getLogger("tensorflow")


def estimator_saver(config, model_dir):
    """The Saver of every session on model_dir; it remembers the checkpoints earlier sessions wrote,
    so keep_checkpoint_max holds across train() calls."""
    saver = Saver(max_to_keep=config.keep_checkpoint_max,
                  keep_checkpoint_every_n_hours=config.keep_checkpoint_every_n_hours)
    state = get_checkpoint_state(model_dir)
    if state is not None:
        saver.recover_last_checkpoints(list(state.all_model_checkpoint_paths))
    return saver


def restore_or_initialize(sess, saver, checkpoint):
    if checkpoint is not None:
        saver.restore(sess, checkpoint)
    else:
        sess.run(global_variables_initializer())
    sess.run(local_variables_initializer())


class _Every:
    """Triggers on the first step and then each time `every` steps (or seconds) have passed."""

    def __init__(self, steps=None, secs=None):
        self.steps, self.secs = steps, secs
        self.last_step, self.last_time = None, None

    def due(self, step):
        if not self.steps and not self.secs:
            return False
        if self.last_step is None:
            return True
        if self.steps:
            return step - self.last_step >= self.steps
        return time.time() - self.last_time >= self.secs

    def mark(self, step):
        self.last_step, self.last_time = step, time.time()


def run_training(graph, spec, global_step, pipeline, config, model_dir, steps, max_steps, hooks=(),
                 saving_listeners=()):
    """Train until `steps` more steps, global step `max_steps`, the end of the input, or a hook's
    (or a saving listener's) request to stop; returns the last loss. `hooks` (SessionRunHooks:
    train()'s and the EstimatorSpec's training_hooks) are called as a MonitoredSession calls them,
    `saving_listeners` as TF1's CheckpointSaverHook calls them, around every checkpoint."""
    hooks = list(hooks) + list(spec.training_chief_hooks) + list(spec.training_hooks)
    listeners = list(saving_listeners)
    for hook in hooks:
        hook.begin()
    for listener in listeners:
        listener.begin()
    saver = estimator_saver(config, model_dir)
    summary_op = merge_all()
    writer = FileWriter(model_dir, graph)
    prefix = os.path.join(model_dir, "model.ckpt")
    summaries = _Every(steps=config.save_summary_steps)
    rate = _Every(steps=config.log_step_count_steps)
    checkpoints = _Every(steps=config.save_checkpoints_steps, secs=config.save_checkpoints_secs)
    loss = None
    try:
        with Session(graph=graph, config=config.session_config) as sess:
            restore_or_initialize(sess, saver, latest_checkpoint(model_dir))
            pipeline.initialize(sess)
            for hook in hooks:
                hook.after_create_session(sess, None)
            step = int(sess.run(global_step))
            last_step = step + steps if steps is not None else max_steps
            stop = _save(sess, saver, prefix, step, checkpoints, listeners)
            rate.mark(step)
            while not stop and (last_step is None or step < last_step):
                try:
                    feed = pipeline.feed()
                    want_summary = summary_op is not None and summaries.due(step)
                    fetches = [spec.train_op, spec.loss, global_step] + ([summary_op] if want_summary else [])
                    context = SessionRunContext(SessionRunArgs(fetches, feed), sess)
                    requests = [hook.before_run(context) for hook in hooks]
                    feed = _merged_feeds(feed, requests)
                    out, hook_results = sess.run([fetches, [r.fetches if r else [] for r in requests]], feed)
                except errors.OutOfRangeError:
                    break  # the input_fn's data is used up: training ends here, as in TF1
                for hook, results in zip(hooks, hook_results):
                    hook.after_run(context, SessionRunValues(results, None, None))
                loss, new_step = out[1], int(out[2])
                if np.isnan(loss):
                    raise NanLossDuringTrainingError()
                if want_summary:
                    writer.add_summary(out[3], new_step)
                    summaries.mark(step)
                if config.log_step_count_steps and (step == 0 or rate.due(new_step)):
                    _log_rate(writer, rate, new_step, loss)
                step = new_step
                if checkpoints.due(step):
                    stop = _save(sess, saver, prefix, step, checkpoints, listeners)
                if context.stop_requested:
                    break
            if checkpoints.last_step != step:
                _save(sess, saver, prefix, step, checkpoints, listeners)
            for listener in listeners:
                listener.end(sess, step)
            for hook in hooks:
                hook.end(sess)
    finally:
        writer.close()
    return loss


def _merged_feeds(feed, requests):
    extra = [r.feed_dict for r in requests if r and r.feed_dict]
    if not extra:
        return feed
    merged = dict(feed or {})
    for more in extra:
        for key, value in more.items():
            if key in merged:
                raise RuntimeError(f"Same tensor is fed by two hooks or by a hook and the input_fn: {key}")
            merged[key] = value
    return merged


def _save(sess, saver, prefix, step, checkpoints, listeners=()):
    """Save a checkpoint between the listeners' before_save and after_save; True if one of them
    asks training to stop."""
    for listener in listeners:
        listener.before_save(sess, step)
    log.info("Saving checkpoints for %d into %s.", step, prefix)
    saver.save(sess, prefix, global_step=step)
    checkpoints.mark(step)
    stop = False
    for listener in listeners:
        if listener.after_save(sess, step):
            log.info("A CheckpointSaverListener requested that training be stopped. listener: %s", listener)
            stop = True
    return stop


def _log_rate(writer, rate, step, loss):
    elapsed = time.time() - rate.last_time
    if step > rate.last_step and elapsed > 0:
        per_sec = (step - rate.last_step) / elapsed
        writer.add_summary(summary_proto.scalar("global_step/sec", per_sec), step)
        log.info("global_step/sec: %g", per_sec)
        rate.mark(step)
    log.info("loss = %s, step = %d", loss, step)
