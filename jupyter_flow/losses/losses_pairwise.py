"""tf.losses.cosine_distance and tf.losses.mean_pairwise_squared_error, as TF1 builds them (float32
throughout; the weighting and broadcast checks are losses_impl's).

>>> loss = tf.losses.cosine_distance(tf.nn.l2_normalize(y, 1), tf.nn.l2_normalize(p, 1), axis=1)
>>> loss = tf.losses.mean_pairwise_squared_error(depth_true, depth_pred)
"""
from ..framework import dtypes
from ..framework.graph import GraphKeys, name_scope
from ..ops import array_ops, math_ops, reduction_ops, sequence_ops, shape_ops
from ..ops.constant_op import convert_to_tensor
from .collections import add_loss
from .losses_impl import Reduction, _check_broadcastable, _div_no_nan, _needs, compute_weighted_loss


def _float_pair(labels, predictions):
    p = math_ops.cast(convert_to_tensor(predictions), dtypes.float32)
    lab = math_ops.cast(convert_to_tensor(labels), dtypes.float32)
    if not p.shape.is_compatible_with(lab.shape):
        raise ValueError(f"Shapes {p.shape} and {lab.shape} are incompatible: predictions '{p.name}' and labels "
                         f"'{lab.name}' must have the same shape.")
    return lab, p


def cosine_distance(labels, predictions, axis=None, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS, dim=None):
    """Weighted 1 - sum(labels * predictions, axis) of unit-normalized inputs (TF1 does not normalize
    them); the per-example losses keep `axis` as a dimension of size 1.

    >>> loss = tf.losses.cosine_distance(labels_unit, preds_unit, axis=1)
    """
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim' (dim is the deprecated name of axis).")
        axis = dim
    if axis is None:
        raise ValueError("You must specify argument `axis` (the dimension holding the vectors, e.g. axis=1).")
    _needs(labels, "labels", "cosine_distance")
    _needs(predictions, "predictions", "cosine_distance")
    with name_scope(scope, "cosine_distance_loss") as sc:
        labels, predictions = _float_pair(labels, predictions)
        radial = math_ops.multiply(predictions, labels)
        losses = math_ops.subtract(1.0, reduction_ops.reduce_sum(radial, axis=(axis,), keepdims=True))
        return compute_weighted_loss(losses, weights, sc, loss_collection, reduction)


def _batch_axes(x):
    # Every axis but the batch one: a list when the rank is known, else range(1, rank) as TF1.
    if x.shape.ndims is not None:
        return list(range(1, x.shape.ndims))
    return sequence_ops.range(1, shape_ops.rank(x))


def mean_pairwise_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES):
    """Per example, the mean over all pairs (i, j) of present elements of
    ((p_i - p_j) - (l_i - l_j))^2, times the example's weight (a scalar or [batch, 1, ...]), summed over
    the batch. Computed as TF1 does, from the sums of the differences and of their squares.

    >>> loss = tf.losses.mean_pairwise_squared_error(labels, predictions, weights=[[1.0], [0.5]])
    """
    _needs(labels, "labels", "mean_pairwise_squared_error")
    _needs(predictions, "predictions", "mean_pairwise_squared_error")
    with name_scope(scope, "mean_pairwise_squared_error"):
        weights = math_ops.cast(convert_to_tensor(weights), dtypes.float32)
        labels, predictions = _float_pair(labels, predictions)
        _check_broadcastable(weights, labels)
        diffs = math_ops.subtract(predictions, labels)
        axes = _batch_axes(diffs)
        sum_squares = reduction_ops.reduce_sum(math_ops.square(diffs), axis=axes, keepdims=True)
        with name_scope(None, "num_present") as ns:
            present = array_ops.where(math_ops.equal(weights, 0.0), array_ops.zeros_like(weights),
                                      array_ops.ones_like(weights))
            present = math_ops.multiply(present, array_ops.ones_like(diffs))  # broadcast_weights
            num_present = reduction_ops.reduce_sum(present, axis=_batch_axes(present), keepdims=True,
                                                   name=ns[:-1])
        num_minus_1 = math_ops.subtract(num_present, 1.0)
        term1 = math_ops.multiply(2.0, _div_no_nan(sum_squares, math_ops.maximum(num_minus_1, 0.0), "value"))
        sum_diff = reduction_ops.reduce_sum(diffs, axis=axes, keepdims=True)
        term2 = math_ops.multiply(2.0, _div_no_nan(
            math_ops.square(sum_diff), math_ops.maximum(math_ops.multiply(num_present, num_minus_1), 0.0), "value"))
        loss = reduction_ops.reduce_sum(math_ops.multiply(math_ops.subtract(term1, term2), weights))
        mean_loss = array_ops.where(math_ops.greater(reduction_ops.reduce_sum(num_present), 0.0), loss,
                                    array_ops.zeros_like(loss), name="value")
        add_loss(mean_loss, loss_collection)
        return mean_loss
