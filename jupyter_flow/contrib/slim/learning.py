"""slim.learning: create_train_op (a tensor that computes the loss after applying one optimizer
step, as TF1's) and train (the loop: restore or initialize, run the train op until
number_of_steps, save a checkpoint in logdir at the end).

>>> train_op = slim.learning.create_train_op(total_loss, tf.train.GradientDescentOptimizer(0.1))
>>> final_loss = slim.learning.train(train_op, "/tmp/model", number_of_steps=100)
"""
import os

from ... import tf_logging as logging
from ...client.session import Session
from ...framework.graph import name_scope
from ...framework.indexed_slices import IndexedSlices
from ...ops.clip_norm_ops import clip_by_norm
from ...ops.math_ops import multiply
from ...ops.state_ops import global_variables_initializer, local_variables_initializer
from ...train.checkpoint_state import latest_checkpoint
from ...train.optimizer import Optimizer
from ...train.saver import Saver
from ...train.training_util import get_global_step
from ..train_op import _USE_GLOBAL_STEP, add_gradients_summaries, create_train_op as _create_train_op  # noqa: F401

_USE_DEFAULT = object()


def multiply_gradients(grads_and_vars, gradient_multipliers):
    """Scales the gradients of the variables (or variable op names) that `gradient_multipliers` names.

    >>> grads = slim.learning.multiply_gradients(grads, {"fc8/weights": 10.0})
    """
    if not isinstance(grads_and_vars, list):
        raise ValueError("`grads_and_vars` must be a list.")
    if not gradient_multipliers:
        raise ValueError("`gradient_multipliers` is empty.")
    scaled = []
    for grad, var in grads_and_vars:
        key = var if var in gradient_multipliers else var.op.name
        if grad is not None and key in gradient_multipliers:
            grad = _on_values(grad, lambda g: multiply(g, gradient_multipliers[key]))
        scaled.append((grad, var))
    return scaled


def _on_values(grad, fn):
    """fn applied to a gradient, or to the values of an IndexedSlices gradient (rows stay)."""
    if isinstance(grad, IndexedSlices):
        return IndexedSlices(fn(grad.values), grad.indices, grad.dense_shape)
    return fn(grad)


def clip_gradient_norms(gradients_to_variables, max_norm):
    """Each gradient clipped to norm at most `max_norm` (tf.clip_by_norm, one gradient at a time).

    >>> grads = slim.learning.clip_gradient_norms(grads, 5.0)
    """
    return [(None if grad is None else _on_values(grad, lambda g: clip_by_norm(g, max_norm)), var)
            for grad, var in gradients_to_variables]


def create_train_op(total_loss, optimizer, global_step=_USE_GLOBAL_STEP, update_ops=None, variables_to_train=None,
                    clip_gradient_norm=0, summarize_gradients=False, gate_gradients=Optimizer.GATE_OP,
                    aggregation_method=None, colocate_gradients_with_ops=False, gradient_multipliers=None,
                    check_numerics=True):
    """A tensor that, when run, runs the UPDATE_OPS (batch norm's moving averages), applies one step
    of `optimizer` to `variables_to_train` (default: the trainable ones), increments the global step,
    and returns `total_loss` (checked for NaN/Inf unless check_numerics=False). Gradients are
    multiplied by `gradient_multipliers` ({variable or its name: factor}), then each clipped to norm
    `clip_gradient_norm` when it is positive.

    >>> train_op = slim.learning.create_train_op(loss, tf.train.AdamOptimizer(1e-3), clip_gradient_norm=5)
    >>> loss_value = sess.run(train_op)
    """
    def transform_grads_fn(grads):
        if gradient_multipliers:
            with name_scope("multiply_grads"):
                grads = multiply_gradients(grads, gradient_multipliers)
        if clip_gradient_norm > 0:
            with name_scope("clip_grads"):
                grads = clip_gradient_norms(grads, clip_gradient_norm)
        return grads

    return _create_train_op(total_loss, optimizer, global_step, update_ops, variables_to_train, transform_grads_fn,
                            summarize_gradients, gate_gradients, aggregation_method, colocate_gradients_with_ops,
                            check_numerics)


def train_step(sess, train_op, global_step, train_step_kwargs):
    """One training step: runs `train_op` and the global step; returns (total_loss, should_stop).

    >>> loss, should_stop = slim.learning.train_step(sess, train_op, global_step, {})
    """
    total_loss, step = sess.run([train_op, global_step])
    should_stop = False
    limit = train_step_kwargs.get("number_of_steps")
    if limit is not None and step >= limit:
        should_stop = True
    every = train_step_kwargs.get("log_every_n_steps", 0)
    if every and step % every == 0:
        logging.info("global step %d: loss = %.4f", step, total_loss)
    return total_loss, should_stop


def train(train_op, logdir, train_step_fn=train_step, train_step_kwargs=_USE_DEFAULT, log_every_n_steps=1,
          graph=None, master="", is_chief=True, global_step=None, number_of_steps=None, init_op=_USE_DEFAULT,
          init_feed_dict=None, local_init_op=_USE_DEFAULT, init_fn=None, ready_op=_USE_DEFAULT,
          summary_op=_USE_DEFAULT, save_summaries_secs=600, summary_writer=_USE_DEFAULT, startup_delay_steps=0,
          saver=None, save_interval_secs=600, sync_optimizer=None, session_config=None, session_wrapper=None,
          trace_every_n_steps=None, ignore_live_threads=False):
    """Runs `train_op` until the global step reaches `number_of_steps`; returns the last loss.
    With a checkpoint in `logdir` training resumes from it, else variables are initialized and
    `init_fn(sess)` runs (e.g. an assign_from_checkpoint_fn). A checkpoint
    `<logdir>/model.ckpt-<step>` is written at the end (one session, no Supervisor threads).

    >>> slim.learning.train(train_op, "/tmp/digits", number_of_steps=50, init_fn=init_fn)
    """
    if train_op is None:
        raise ValueError("train_op cannot be None.")
    if logdir is None and (summary_op is not _USE_DEFAULT or saver is not None):
        raise ValueError("Cannot provide summary_op or saver when logdir is None")
    if sync_optimizer is not None:
        raise NotImplementedError("slim.learning.train: sync_optimizer (distributed training) is not supported")
    graph = graph or train_op.graph
    with graph.as_default():
        global_step = global_step if global_step is not None else get_global_step()
        if global_step is None:
            raise ValueError("train_op's graph has no global step: create one (tf.train.get_or_create_global_step) "
                             "before create_train_op")
        if init_op is _USE_DEFAULT:
            init_op = global_variables_initializer()
        if local_init_op is _USE_DEFAULT:
            local_init_op = local_variables_initializer()
        if summary_op is _USE_DEFAULT:
            from ... import summary
            summary_op = summary.merge_all()
        saver = saver or (Saver() if logdir else None)
        kwargs = (dict(number_of_steps=number_of_steps, log_every_n_steps=log_every_n_steps)
                  if train_step_kwargs is _USE_DEFAULT else train_step_kwargs)
        with Session(graph=graph, config=session_config) as sess:
            _restore_or_initialize(sess, saver, logdir, init_op, init_feed_dict, local_init_op, init_fn)
            writer = _summary_writer(summary_writer, logdir, graph)
            total_loss = None
            if number_of_steps is None or sess.run(global_step) < number_of_steps:
                should_stop = False
                while not should_stop:
                    total_loss, should_stop = train_step_fn(sess, train_op, global_step, kwargs)
            step = sess.run(global_step)
            if writer is not None:
                if summary_op is not None:
                    writer.add_summary(sess.run(summary_op), step)
                writer.close()
            if saver is not None and is_chief:
                saver.save(sess, os.path.join(logdir, "model.ckpt"), global_step=step)
        return total_loss


def _restore_or_initialize(sess, saver, logdir, init_op, init_feed_dict, local_init_op, init_fn):
    checkpoint = latest_checkpoint(logdir) if logdir else None
    if checkpoint is not None and saver is not None:
        saver.restore(sess, checkpoint)
    else:
        if init_op is not None:
            sess.run(init_op, init_feed_dict)
        if init_fn is not None:
            init_fn(sess)
    if local_init_op is not None:
        sess.run(local_init_op)


def _summary_writer(summary_writer, logdir, graph):
    if summary_writer is not _USE_DEFAULT:
        return summary_writer
    if not logdir:
        return None
    from ...summary import FileWriter
    return FileWriter(logdir, graph)
