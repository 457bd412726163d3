"""Streaming counts and the confusion-matrix metrics of tf.metrics: true_positives, false_positives,
true_negatives, false_negatives (a local `count` each), and mean_per_class_accuracy and mean_iou, which keep a
`total_confusion_matrix` local variable of float64, as TF1. tf.confusion_matrix is here too: the counts of
(label, prediction) pairs, rows labels and columns predictions."""
from ..framework import dtypes
from ..framework.graph import GraphKeys
from ..framework.scopes import variable_scope
from ..ops import array_ops, math_ops, reduction_ops, shape_ops, state_ops
from ..ops.constant_op import convert_to_tensor
from ..ops.indexing_ops import unsorted_segment_sum
from ..ops.variables import Variable
from .metrics_impl import METRIC_VARIABLES, _collect, _counted, _squeeze_to_match


def _count_metric(default, condition_of, labels, predictions, weights, metrics_collections, updates_collections,
                  name):
    labels, predictions = _squeeze_to_match(convert_to_tensor(labels), convert_to_tensor(predictions), default)
    is_label, is_pred = math_ops.cast(labels, dtypes.bool), math_ops.cast(predictions, dtypes.bool)
    with variable_scope(name, default, (labels, predictions, weights)):
        count, update_op = _counted(condition_of(is_label, is_pred), weights)
        value = array_ops.identity(count.value(), name="value")
    _collect(metrics_collections, value)
    _collect(updates_collections, update_op)
    return value, update_op


def _make_count(default, condition_of, doc):
    def metric(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
        return _count_metric(default, condition_of, labels, predictions, weights, metrics_collections,
                             updates_collections, name)
    metric.__name__ = metric.__qualname__ = default
    metric.__doc__ = doc
    return metric


_not, _and = math_ops.logical_not, math_ops.logical_and
true_positives = _make_count("true_positives", lambda y, p: _and(y, p), "The weighted count of label and prediction both true.")
false_positives = _make_count("false_positives", lambda y, p: _and(_not(y), p),
                              "The weighted count of predictions true where the label is false.")
true_negatives = _make_count("true_negatives", lambda y, p: _and(_not(y), _not(p)),
                             "The weighted count of label and prediction both false.")
false_negatives = _make_count("false_negatives", lambda y, p: _and(y, _not(p)),
                              "The weighted count of predictions false where the label is true.")


def confusion_matrix(labels, predictions, num_classes=None, weights=None, dtype=dtypes.int32, name=None):
    """The [num_classes, num_classes] counts of (label, prediction) pairs (rows: labels). Without num_classes,
    one more than the largest label or prediction, as TF1.

    >>> tf.confusion_matrix(labels=[1, 2, 4], predictions=[2, 2, 4], num_classes=5)
    """
    from ..framework.graph import get_default_graph
    with get_default_graph().name_scope(name or "confusion_matrix"):
        labels = math_ops.cast(convert_to_tensor(labels), dtypes.int64)
        predictions = math_ops.cast(convert_to_tensor(predictions), dtypes.int64)
        labels, predictions = _squeeze_to_match(labels, predictions, "confusion_matrix")
        if num_classes is None:
            num_classes = math_ops.add(math_ops.maximum(reduction_ops.reduce_max(labels),
                                                        reduction_ops.reduce_max(predictions)), 1)
        n = math_ops.cast(convert_to_tensor(num_classes), dtypes.int64)
        flat_index = math_ops.add(math_ops.multiply(shape_ops.reshape(labels, [-1]), n),
                                  shape_ops.reshape(predictions, [-1]))
        values = (array_ops.ones_like(flat_index, dtype=dtype) if weights is None
                  else math_ops.cast(shape_ops.reshape(convert_to_tensor(weights), [-1]), dtype))
        counts = unsorted_segment_sum(values, flat_index, math_ops.multiply(n, n))
        from ..ops.concat_ops import stack
        return shape_ops.reshape(counts, stack([n, n]))


def _streaming_confusion(labels, predictions, num_classes, weights):
    """The running confusion matrix (float64 local variable) and the op adding this batch to it."""
    total = Variable(array_ops.zeros([num_classes, num_classes], dtype=dtypes.float64), trainable=False,
                     name="total_confusion_matrix", collections=[GraphKeys.LOCAL_VARIABLES, METRIC_VARIABLES])
    batch = confusion_matrix(labels, predictions, num_classes, weights=weights, dtype=dtypes.float64)
    return total, state_ops.assign_add(total, batch)


def _safe_ratio(numerator, denominator):
    zero = math_ops.equal(denominator, 0.0)
    safe = array_ops.where(zero, array_ops.ones_like(denominator), denominator)
    return array_ops.where(zero, array_ops.zeros_like(numerator), math_ops.real_div(numerator, safe))


def mean_per_class_accuracy(labels, predictions, num_classes, weights=None, metrics_collections=None,
                            updates_collections=None, name=None):
    """The mean over classes of each class's accuracy (its diagonal count over its row total); the update op
    returns the per-class accuracies after adding the batch, as TF1."""
    with variable_scope(name, "mean_accuracy", (predictions, labels, weights)):
        total, update = _streaming_confusion(labels, predictions, num_classes, weights)

        def per_class(cm):
            from ..ops.matrix_construction_ops import diag_part
            return math_ops.cast(_safe_ratio(diag_part(cm), reduction_ops.reduce_sum(cm, 1)), dtypes.float32)
        value = reduction_ops.reduce_mean(per_class(total.value()), name="mean_accuracy")
        # As TF1: the update op gives the per-class accuracies after this batch.
        update_op = array_ops.identity(per_class(update), name="update_op")
    _collect(metrics_collections, value)
    _collect(updates_collections, update_op)
    return value, update_op


def mean_iou(labels, predictions, num_classes, weights=None, metrics_collections=None, updates_collections=None,
             name=None):
    """The mean over classes of intersection / union (diagonal / (row + column - diagonal)), classes that never
    occur left out of the mean, as TF1."""
    with variable_scope(name, "mean_iou", (predictions, labels, weights)):
        total, update = _streaming_confusion(labels, predictions, num_classes, weights)

        def compute_mean_iou(cm):
            from ..ops.matrix_construction_ops import diag_part
            diagonal = diag_part(cm)
            denominator = math_ops.subtract(math_ops.add(reduction_ops.reduce_sum(cm, 0),
                                                         reduction_ops.reduce_sum(cm, 1)), diagonal)
            present = reduction_ops.reduce_sum(math_ops.cast(math_ops.not_equal(denominator, 0.0), dtypes.float64))
            iou = _safe_ratio(diagonal, denominator)
            return math_ops.cast(_safe_ratio(reduction_ops.reduce_sum(iou), present), dtypes.float32)
        value = array_ops.identity(compute_mean_iou(total.value()), name="mean_iou")
        update_op = array_ops.identity(update, name="update_op")  # as TF1: the updated confusion matrix
    _collect(metrics_collections, value)
    _collect(updates_collections, update_op)
    return value, update_op
