"""The streaming metrics: totals kept in local variables named `<metric>/total`, `<metric>/count`
(TF1's names), a value tensor `<metric>/value` reading them and an update op `<metric>/update_op`
that adds a batch and returns the updated value."""
from ..framework import dtypes
from ..framework.graph import GraphKeys, add_to_collection
from ..framework.scopes import variable_scope
from ..losses.losses_impl import _div_no_nan
from ..ops import array_ops, math_ops, reduction_ops, shape_ops, state_ops
from ..ops.constant_op import convert_to_tensor
from ..ops.variables import Variable

METRIC_VARIABLES = "metric_variables"


def _metric_variable(name, dtype=dtypes.float32):
    # TF1: a scalar zero, not trainable, in LOCAL_VARIABLES and METRIC_VARIABLES.
    v = Variable(array_ops.zeros([], dtype=dtype), trainable=False, name=name,
                 collections=[GraphKeys.LOCAL_VARIABLES, METRIC_VARIABLES])
    return v


def _squeeze_to_match(labels, predictions, metric):
    """TF1's remove_squeezable_dimensions: [batch, 1] beside [batch] is squeezed; other mismatched
    static shapes are an error naming the metric."""
    ls, ps = labels.shape, predictions.shape
    if ls.ndims is not None and ps.ndims is not None:
        if ls.ndims == ps.ndims + 1 and ls[-1].value == 1:
            labels = shape_ops.squeeze(labels, [-1])
        elif ps.ndims == ls.ndims + 1 and ps[-1].value == 1:
            predictions = shape_ops.squeeze(predictions, [-1])
        if not labels.shape.is_compatible_with(predictions.shape):
            raise ValueError(f"tf.metrics.{metric}: labels shape {ls} and predictions shape {ps} do not match; "
                             f"give both the shape [batch] (or [batch, 1]).")
    return labels, predictions


def _weights_like(values, weights):
    if weights is None:
        return array_ops.ones_like(values)
    weights = math_ops.cast(convert_to_tensor(weights), dtypes.float32)
    if weights.shape.ndims is not None and values.shape.ndims is not None and weights.shape.ndims > values.shape.ndims:
        weights = shape_ops.squeeze(weights, [-1])
    return math_ops.multiply(weights, array_ops.ones_like(values))


def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The weighted mean of every value seen since the local variables were initialized.

    >>> loss_mean, update = tf.metrics.mean(per_example_loss)
    """
    with variable_scope(name, "mean", (values, weights)):
        values = math_ops.cast(convert_to_tensor(values), dtypes.float32)
        total = _metric_variable("total")
        count = _metric_variable("count")
        w = _weights_like(values, weights)
        update_total = state_ops.assign_add(total, reduction_ops.reduce_sum(math_ops.multiply(values, w)))
        update_count = state_ops.assign_add(count, reduction_ops.reduce_sum(w))
        value = _div_no_nan(total.value(), count.value(), name="value")
        update_op = _div_no_nan(update_total, update_count, name="update_op")
    _collect(metrics_collections, value)
    _collect(updates_collections, update_op)
    return value, update_op


def accuracy(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """How often predictions equal labels (weighted).

    >>> acc, update = tf.metrics.accuracy(labels=y, predictions=tf.argmax(logits, axis=1))
    """
    labels, predictions = _squeeze_to_match(convert_to_tensor(labels), convert_to_tensor(predictions), "accuracy")
    if predictions.dtype != labels.dtype:
        predictions = math_ops.cast(predictions, labels.dtype)
    is_correct = math_ops.to_float(math_ops.equal(predictions, labels))
    return mean(is_correct, weights, metrics_collections, updates_collections, name or "accuracy")


def mean_squared_error(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                       name=None):
    """The running mean of (labels - predictions)^2."""
    labels, predictions = _squeeze_to_match(_as_float(labels), _as_float(predictions), "mean_squared_error")
    return mean(math_ops.squared_difference(labels, predictions), weights, metrics_collections,
                updates_collections, name or "mean_squared_error")


def mean_absolute_error(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                        name=None):
    """The running mean of |labels - predictions|."""
    labels, predictions = _squeeze_to_match(_as_float(labels), _as_float(predictions), "mean_absolute_error")
    return mean(math_ops.abs(math_ops.subtract(labels, predictions)), weights, metrics_collections,
                updates_collections, name or "mean_absolute_error")


def root_mean_squared_error(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                            name=None):
    """sqrt of the running mean squared error."""
    mse, update_mse = mean_squared_error(labels, predictions, weights, None, None, name or "root_mean_squared_error")
    value, update_op = math_ops.sqrt(mse), math_ops.sqrt(update_mse)
    _collect(metrics_collections, value)
    _collect(updates_collections, update_op)
    return value, update_op


def _counted(condition, weights):
    """A `count` variable in the current scope and the op adding this batch's weighted trues to it."""
    count = _metric_variable("count")
    c = math_ops.multiply(math_ops.to_float(condition), _weights_like(math_ops.to_float(condition), weights))
    return count, state_ops.assign_add(count, reduction_ops.reduce_sum(c))


def _precision_or_recall(labels, predictions, weights, metrics_collections, updates_collections, name, default,
                         which):
    labels, predictions = _squeeze_to_match(convert_to_tensor(labels), convert_to_tensor(predictions), default)
    is_label = math_ops.cast(labels, dtypes.bool)
    is_pred = math_ops.cast(predictions, dtypes.bool)
    with variable_scope(name, default, (labels, predictions, weights)):
        with variable_scope("true_positives"):
            tp, update_tp = _counted(math_ops.logical_and(is_label, is_pred), weights)
        other_name = "false_positives" if which == "precision" else "false_negatives"
        other = (math_ops.logical_and(math_ops.logical_not(is_label), is_pred) if which == "precision"
                 else math_ops.logical_and(is_label, math_ops.logical_not(is_pred)))
        with variable_scope(other_name):
            fx, update_fx = _counted(other, weights)
        value = _div_no_nan(tp.value(), math_ops.add(tp.value(), fx.value()), name="value")
        update_op = _div_no_nan(update_tp, math_ops.add(update_tp, update_fx), name="update_op")
    _collect(metrics_collections, value)
    _collect(updates_collections, update_op)
    return value, update_op


def precision(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """true_positives / (true_positives + false_positives), labels and predictions read as booleans.

    >>> prec, update = tf.metrics.precision(labels=y, predictions=predicted_class)
    """
    return _precision_or_recall(labels, predictions, weights, metrics_collections, updates_collections, name,
                                "precision", "precision")


def recall(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """true_positives / (true_positives + false_negatives), labels and predictions read as booleans.

    >>> rec, update = tf.metrics.recall(labels=y, predictions=predicted_class)
    """
    return _precision_or_recall(labels, predictions, weights, metrics_collections, updates_collections, name,
                                "recall", "recall")


def _as_float(x):
    return math_ops.cast(convert_to_tensor(x), dtypes.float32)


def _collect(collections, value):
    for key in collections or ():
        add_to_collection(key, value)
