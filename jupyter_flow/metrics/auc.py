"""tf.metrics.auc: the area under the ROC (or precision-recall) curve, from true/false positive and
negative counts at num_thresholds fixed thresholds kept in local variables (TF1's approximation)."""
from ..framework import dtypes
from ..framework.scopes import variable_scope
from ..ops import array_ops, math_ops, reduction_ops, shape_ops, state_ops
from ..ops.constant_op import constant, convert_to_tensor
from ..ops.indexing_ops import slice as slice_
from ..ops.variables import Variable
from ..framework.graph import GraphKeys
from .metrics_impl import METRIC_VARIABLES, _collect

_KEPSILON = 1e-7  # thresholds just outside [0, 1], so every prediction is above the first and below the last


def _thresholds(num_thresholds):
    inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return [0.0 - _KEPSILON] + inner + [1.0 + _KEPSILON]


def _counts(name, is_counted, weights, num_thresholds):
    v = Variable(array_ops.zeros([num_thresholds]), trainable=False, name=name,
                 collections=[GraphKeys.LOCAL_VARIABLES, METRIC_VARIABLES])
    batch = reduction_ops.reduce_sum(math_ops.multiply(math_ops.to_float(is_counted), weights), axis=0)
    return v, state_ops.assign_add(v, batch)


def _area(tp, fn, tn, fp, curve, num_thresholds, name):
    epsilon = 1.0e-6
    recall = math_ops.divide(tp + epsilon, tp + fn + epsilon)
    if curve == "ROC":
        x, y = math_ops.divide(fp, fp + tn + epsilon), recall
    else:
        x, y = recall, math_ops.divide(tp + epsilon, tp + fp + epsilon)
    n = num_thresholds - 1
    widths = slice_(x, [0], [n]) - slice_(x, [1], [n])
    heights = (slice_(y, [0], [n]) + slice_(y, [1], [n])) / 2.0
    return reduction_ops.reduce_sum(math_ops.multiply(widths, heights), name=name)


def auc(labels, predictions, weights=None, num_thresholds=200, metrics_collections=None, updates_collections=None,
        curve="ROC", name=None, summation_method="trapezoidal", thresholds=None):
    """(value, update_op) of the area under the ROC curve (curve='PR': precision-recall) of
    predictions in [0, 1] against boolean labels, at num_thresholds thresholds.

    >>> auc, auc_update = tf.metrics.auc(labels=y, predictions=probability_of_class_1)
    """
    if curve not in ("ROC", "PR"):
        raise ValueError(f"curve must be either ROC or PR, {curve} unknown")
    if summation_method != "trapezoidal" or thresholds is not None:
        raise NotImplementedError("tf.metrics.auc: only summation_method='trapezoidal' with evenly spaced "
                                  "thresholds is supported")
    if num_thresholds < 2:
        raise ValueError(f"num_thresholds must be > 1, got {num_thresholds}")
    labels = math_ops.cast(shape_ops.reshape(convert_to_tensor(labels), [-1, 1]), dtypes.bool)
    predictions = math_ops.to_float(shape_ops.reshape(convert_to_tensor(predictions), [-1, 1]))
    weights = (array_ops.ones_like(predictions) if weights is None
               else shape_ops.reshape(math_ops.to_float(convert_to_tensor(weights)), [-1, 1]))
    with variable_scope(name, "auc", (labels, predictions, weights)):
        above = math_ops.greater(predictions, constant([_thresholds(num_thresholds)], dtypes.float32))  # [N, T]
        below = math_ops.logical_not(above)
        negative = math_ops.logical_not(labels)
        tp, up_tp = _counts("true_positives", math_ops.logical_and(labels, above), weights, num_thresholds)
        fn, up_fn = _counts("false_negatives", math_ops.logical_and(labels, below), weights, num_thresholds)
        tn, up_tn = _counts("true_negatives", math_ops.logical_and(negative, below), weights, num_thresholds)
        fp, up_fp = _counts("false_positives", math_ops.logical_and(negative, above), weights, num_thresholds)
        value = _area(tp.value(), fn.value(), tn.value(), fp.value(), curve, num_thresholds, "value")
        update_op = _area(up_tp, up_fn, up_tn, up_fp, curve, num_thresholds, "update_op")
    _collect(metrics_collections, value)
    _collect(updates_collections, update_op)
    return value, update_op
