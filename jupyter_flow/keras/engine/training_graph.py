"""The graph compile() asks for, built on one source of inputs: the model's outputs on those inputs, each output's
per-sample loss weighted by the sample weights (sum(loss * weight) / batch size, Keras's SUM_OVER_BATCH_SIZE), the
metrics, the total loss with the layers' regularization losses, and the optimizer's train op with the layers'
updates. A model fed NumPy arrays gets one such graph on its Input placeholders; each tf.data dataset it is fitted
on gets another on the dataset iterator's tensors (same weights and optimizer slots), so a training step is one
Session.run without a NumPy round trip."""
import collections

import jupyter_flow as tf

from .. import losses as losses_module
from .. import metrics as metrics_module

# train: [train_op] + evaluated; test: evaluated; evaluated = [total loss] + per-output losses + metrics.
# batch_size: the number of samples of the step (for epoch means over steps of different sizes).
TrainingGraph = collections.namedtuple("TrainingGraph", ["inputs", "outputs", "targets", "sample_weights", "train",
                                                         "test", "batch_size"])


def _metric_name(metric, fn):
    if isinstance(metric, str):
        return "acc" if metric in ("acc", "accuracy") else fn.__name__  # TF1 names both "acc"
    return getattr(fn, "__name__", type(fn).__name__)


def _ancestor_ops(op_or_tensor):
    start = getattr(op_or_tensor, "op", op_or_tensor)
    seen, stack = set(), [start]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        stack.extend(t.op for t in op.inputs)
        stack.extend(getattr(op, "control_inputs", ()))
    return seen


def for_inputs(items, inputs):
    """Those layer losses/updates that belong to a forward pass on `inputs`: the ones computed from these
    inputs, and the unconditional ones (weight regularizers: computed from no fed tensor at all). A layer
    applied to several inputs keeps the losses/updates of every application; the others are left out."""
    input_ops = {t.op for t in inputs}
    kept = []
    for item in items:
        ancestors = _ancestor_ops(item)
        fed = any(op.type in ("Placeholder", "IteratorGetNext") for op in ancestors)
        if not fed or ancestors & input_ops:
            kept.append(item)
    return kept


def matched_target(target, output, sparse):
    """Targets of one rank less than a dense output get the trailing axis of size 1 Keras adds."""
    if sparse or target.shape.ndims is None or output.shape.ndims is None:
        return target
    if target.shape.ndims == output.shape.ndims - 1:
        return tf.expand_dims(target, -1)
    return target


def _broadcastable_weight(weight, per_sample):
    """A [batch] sample weight reshaped to multiply a per-sample loss of any rank (a sequence or image loss
    such as mse on 4-D outputs keeps its inner axes): [batch, 1, ..., 1]."""
    rank = per_sample.shape.ndims
    if rank is not None:
        return tf.reshape(weight, [-1] + [1] * max(rank - 1, 0))
    inner_ones = tf.ones_like(tf.shape(per_sample)[1:])
    return tf.reshape(weight, tf.concat([[-1], inner_ones], 0))


def build(model, inputs, outputs, targets, sample_weights):
    """The TrainingGraph of `model` (compiled) on these input tensors, outputs, targets and sample weights
    (tensors of shape [batch], or None for unweighted)."""
    loss_fns = model.loss if isinstance(model.loss, (list, tuple)) else [model.loss] * len(outputs)
    if isinstance(model.loss, dict):
        loss_fns = [model.loss[out.op.name.split("/")[0]] for out in outputs]
    loss_fns = [losses_module.get(fn) for fn in loss_fns]
    loss_weights = model._loss_weights or [1.0] * len(outputs)
    output_losses, metric_tensors, metric_names = [], [], []
    for out, target, weight, fn in zip(outputs, targets, sample_weights, loss_fns):
        target = matched_target(target, out, fn is losses_module.sparse_categorical_crossentropy)
        with tf.name_scope("loss"):
            per_sample = fn(target, out)
            if weight is None:
                output_losses.append(tf.reduce_mean(per_sample))
            else:
                weighted = per_sample * tf.cast(_broadcastable_weight(weight, per_sample), per_sample.dtype)
                count = tf.cast(tf.size(per_sample), per_sample.dtype)
                output_losses.append(tf.reduce_sum(weighted) / count)
        for metric in model._compile_metrics:
            mfn = (metrics_module.accuracy_for(fn, out.shape.as_list()) if metric in ("acc", "accuracy")
                   else metrics_module.get(metric))
            with tf.name_scope("metrics"):
                metric_tensors.append(tf.reduce_mean(mfn(target, out)))
            metric_names.append(_metric_name(metric, mfn))
    total = tf.add_n([w * loss for w, loss in zip(loss_weights, output_losses)])
    extra_losses = for_inputs(model.losses, inputs)
    if extra_losses:
        total = total + tf.add_n(list(extra_losses))
    per_output = []
    if len(outputs) > 1:
        per_output = [f"{out.op.name.split('/')[0]}_loss" for out in outputs]
    model.metrics_names = ["loss"] + per_output + metric_names
    model.total_loss = total
    evaluated = [total] + (output_losses if per_output else []) + metric_tensors
    train_op = model.optimizer.minimize(total, var_list=model.trainable_weights)
    updates = for_inputs(model.updates, inputs)
    if updates:
        train_op = tf.group(train_op, *updates)
    batch_size = tf.shape(outputs[0])[0]
    return TrainingGraph(list(inputs), list(outputs), list(targets), list(sample_weights), [train_op] + evaluated,
                         evaluated, batch_size)
