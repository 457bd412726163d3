"""tf.contrib.seq2seq.sequence_loss: the weighted cross-entropy of [batch, time, classes] logits
against [batch, time] targets, averaged (or summed) over time steps and/or the batch.

>>> loss = tf.contrib.seq2seq.sequence_loss(logits, targets, tf.ones_like(targets, dtype=tf.float32))
"""
from ...framework import dtypes
from ...framework.graph import name_scope
from ...ops.array_ops import where, zeros_like
from ...ops.constant_op import convert_to_tensor
from ...ops.math_ops import cast, greater, not_equal
from ...ops.nn_ops import sparse_softmax_cross_entropy_with_logits
from ...ops.reduction_ops import reduce_sum
from ...ops.shape_ops import reshape, shape

__all__ = ["sequence_loss"]


def _div_no_nan(x, y):
    """x / y, and 0 where y is 0 (a step or row with no weight contributes nothing)."""
    safe = where(greater(y, 0), y, y + 1)
    return where(greater(y, 0), x / safe, zeros_like(x))


def sequence_loss(logits, targets, weights, average_across_timesteps=True, average_across_batch=True,
                  sum_over_timesteps=False, sum_over_batch=False, softmax_loss_function=None, name=None):
    """Returns a scalar when both averages (or both sums) are on, [time] or [batch] with one, else
    [batch, time]; the sums divide by the number of nonzero weights, the averages by their total.

    >>> loss = tf.contrib.seq2seq.sequence_loss(outputs, y, weights, average_across_batch=False)
    """
    logits, targets, weights = convert_to_tensor(logits), convert_to_tensor(targets), convert_to_tensor(weights)
    if logits.shape.ndims is not None and logits.shape.ndims != 3:
        raise ValueError("Logits must be a [batch_size x sequence_length x logits] tensor")
    if targets.shape.ndims is not None and targets.shape.ndims != 2:
        raise ValueError("Targets must be a [batch_size x sequence_length] tensor")
    if weights.shape.ndims is not None and weights.shape.ndims != 2:
        raise ValueError("Weights must be a [batch_size x sequence_length] tensor")
    if average_across_timesteps and sum_over_timesteps:
        raise ValueError("average_across_timesteps and sum_over_timesteps cannot be set to True at same time.")
    if average_across_batch and sum_over_batch:
        raise ValueError("average_across_batch and sum_over_batch cannot be set to True at same time.")
    with name_scope(name or "sequence_loss"):
        num_classes = shape(logits)[2]
        flat_logits = reshape(logits, [-1, num_classes])
        flat_targets = reshape(targets, [-1])
        if softmax_loss_function is None:
            crossent = sparse_softmax_cross_entropy_with_logits(labels=flat_targets, logits=flat_logits)
        else:
            crossent = softmax_loss_function(labels=flat_targets, logits=flat_logits)
        crossent = crossent * reshape(weights, [-1])

        def nonzero(axis=None):
            return reduce_sum(cast(not_equal(weights, 0), dtypes.float32), axis=axis)

        if average_across_timesteps and average_across_batch:
            return _div_no_nan(reduce_sum(crossent), reduce_sum(weights))
        if sum_over_timesteps and sum_over_batch:
            return _div_no_nan(reduce_sum(crossent), nonzero())
        crossent = reshape(crossent, shape(logits)[0:2])
        if average_across_timesteps or average_across_batch:
            axis = [0] if average_across_batch else [1]
            return _div_no_nan(reduce_sum(crossent, axis=axis), reduce_sum(weights, axis=axis))
        if sum_over_timesteps or sum_over_batch:
            axis = [0] if sum_over_batch else [1]
            return _div_no_nan(reduce_sum(crossent, axis=axis), nonzero(axis))
        return crossent
