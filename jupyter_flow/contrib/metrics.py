"""tf.contrib.metrics: TF1's streaming_* metrics, which take (predictions, labels, ...) in that
order and are otherwise tf.metrics (same local variables, values and update ops).

>>> acc, acc_update = tf.contrib.metrics.streaming_accuracy(predictions, labels)
>>> names_to_values, names_to_updates = tf.contrib.metrics.aggregate_metric_map({"acc": (acc, acc_update)})
"""
from .. import metrics as _metrics


def streaming_accuracy(predictions, labels, weights=None, metrics_collections=None, updates_collections=None,
                       name=None):
    """tf.metrics.accuracy with predictions first.

    >>> acc, update = streaming_accuracy(tf.argmax(logits, 1), y)
    """
    return _metrics.accuracy(labels=labels, predictions=predictions, weights=weights,
                             metrics_collections=metrics_collections, updates_collections=updates_collections,
                             name=name)


def streaming_mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """tf.metrics.mean.

    >>> mean_loss, update = streaming_mean(loss)
    """
    return _metrics.mean(values, weights=weights, metrics_collections=metrics_collections,
                         updates_collections=updates_collections, name=name)


def streaming_auc(predictions, labels, weights=None, num_thresholds=200, metrics_collections=None,
                  updates_collections=None, curve="ROC", name=None):
    """tf.metrics.auc with predictions first.

    >>> auc, update = streaming_auc(probabilities, labels)
    """
    return _metrics.auc(labels=labels, predictions=predictions, weights=weights, num_thresholds=num_thresholds,
                        metrics_collections=metrics_collections, updates_collections=updates_collections,
                        curve=curve, name=name)


def _with_predictions_first(metric):
    def streaming(predictions, labels, weights=None, metrics_collections=None, updates_collections=None,
                  name=None):
        return metric(labels=labels, predictions=predictions, weights=weights,
                      metrics_collections=metrics_collections, updates_collections=updates_collections, name=name)
    streaming.__name__ = f"streaming_{metric.__name__}"
    streaming.__doc__ = f"tf.metrics.{metric.__name__} with predictions first (TF1's contrib order)."
    return streaming


streaming_precision = _with_predictions_first(_metrics.precision)
streaming_recall = _with_predictions_first(_metrics.recall)
streaming_mean_squared_error = _with_predictions_first(_metrics.mean_squared_error)
streaming_mean_absolute_error = _with_predictions_first(_metrics.mean_absolute_error)
streaming_root_mean_squared_error = _with_predictions_first(_metrics.root_mean_squared_error)


def aggregate_metrics(*value_update_tuples):
    """([value, ...], [update_op, ...]) from (value, update_op) pairs.

    >>> values, updates = aggregate_metrics(streaming_accuracy(p, y), streaming_mean(loss))
    """
    if not value_update_tuples:
        raise ValueError("Expected at least one value_tensor/update_op pair")
    values, updates = zip(*value_update_tuples)
    return list(values), list(updates)


def aggregate_metric_map(names_to_tuples):
    """({name: value}, {name: update_op}) from {name: (value, update_op)}.

    >>> names_to_values, names_to_updates = aggregate_metric_map({"acc": streaming_accuracy(p, y)})
    """
    names = list(names_to_tuples)
    values, updates = aggregate_metrics(*[names_to_tuples[n] for n in names])
    return dict(zip(names, values)), dict(zip(names, updates))
