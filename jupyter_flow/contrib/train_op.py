"""tf.contrib.training.create_train_op (also behind slim.learning.create_train_op): a tensor that
applies one optimizer step and returns the loss, as TF1's.

>>> train_op = tf.contrib.training.create_train_op(total_loss, tf.train.GradientDescentOptimizer(0.1))
>>> loss_value = sess.run(train_op)
"""
from .. import tf_logging as logging
from ..framework.graph import GraphKeys, control_dependencies, get_collection, get_collection_ref, name_scope
from ..framework.indexed_slices import IndexedSlices
from ..ops.array_ops import identity
from ..ops.control_flow_ops import no_op
from ..ops.numerics_ops import check_numerics as _check_numerics
from ..ops.state_ops import trainable_variables
from ..train.optimizer import Optimizer
from ..train.training_util import get_or_create_global_step

_USE_GLOBAL_STEP = object()  # the default global_step: the graph's (created if missing)


def _with_dependencies(dependencies, tensor, name=None):
    with name_scope(name, "control_dependency", [tensor]) as scope, control_dependencies(dependencies):
        return identity(tensor, name=scope)


def create_train_op(total_loss, optimizer, global_step=_USE_GLOBAL_STEP, update_ops=None, variables_to_train=None,
                    transform_grads_fn=None, summarize_gradients=False, gate_gradients=Optimizer.GATE_OP,
                    aggregation_method=None, colocate_gradients_with_ops=False, check_numerics=True):
    """A tensor that, when run, runs the UPDATE_OPS (batch norm's moving averages), applies one step
    of `optimizer` to `variables_to_train` (default: the trainable ones), increments the global step,
    and returns `total_loss` (checked for NaN/Inf unless check_numerics=False);
    `transform_grads_fn` may change the [(gradient, variable)] list before it is applied.

    >>> train_op = tf.contrib.training.create_train_op(loss, tf.train.AdamOptimizer(1e-3))
    >>> loss_value = sess.run(train_op)
    """
    if global_step is _USE_GLOBAL_STEP:
        global_step = get_or_create_global_step()
    all_update_ops = set(get_collection(GraphKeys.UPDATE_OPS))
    update_ops = all_update_ops if update_ops is None else set(update_ops)
    if not all_update_ops.issubset(update_ops):
        logging.warning("update_ops in create_train_op does not contain all the update_ops in GraphKeys.UPDATE_OPS")
    if update_ops:
        with control_dependencies(sorted(update_ops, key=lambda op: op.name)):
            barrier = no_op(name="update_barrier")
        total_loss = _with_dependencies([barrier], total_loss)
    if variables_to_train is None:
        variables_to_train = trainable_variables()
    if not variables_to_train:
        raise ValueError("create_train_op: there are no variables to train")
    grads = optimizer.compute_gradients(total_loss, variables_to_train, gate_gradients=gate_gradients,
                                        aggregation_method=aggregation_method,
                                        colocate_gradients_with_ops=colocate_gradients_with_ops)
    if transform_grads_fn:
        grads = transform_grads_fn(grads)
    if summarize_gradients:
        with name_scope("summarize_grads"):
            add_gradients_summaries(grads)
    grad_updates = optimizer.apply_gradients(grads, global_step=global_step)
    with name_scope("train_op"):
        if check_numerics:
            total_loss = _check_numerics(total_loss, "LossTensor is inf or nan")
        train_op = _with_dependencies([grad_updates], total_loss)
    train_ops = get_collection_ref(GraphKeys.TRAIN_OP)
    if train_op not in train_ops:
        train_ops.append(train_op)
    return train_op


def add_gradients_summaries(grads_and_vars):
    """A histogram of each gradient and a scalar of its norm (<var>_gradient, <var>_gradient_norm).

    >>> summaries = tf.contrib.training.add_gradients_summaries(grads)
    """
    from .. import summary
    from ..ops.clip_norm_ops import global_norm
    summaries = []
    for grad, var in grads_and_vars:
        if grad is None:
            logging.info("Var %s has no gradient", var.op.name)
            continue
        values = grad.values if isinstance(grad, IndexedSlices) else grad
        summaries.append(summary.histogram(var.op.name + "_gradient", values))
        summaries.append(summary.scalar(var.op.name + "_gradient_norm", global_norm([values])))
    return summaries
