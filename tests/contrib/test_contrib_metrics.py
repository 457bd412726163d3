"""tf.contrib.metrics.streaming_*: tf.metrics with predictions first (values from TF 1.x's tf.metrics)."""
import numpy as np
import pytest

import jupyter_flow as tf


def _run(*pairs):
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        sess.run([u for _, u in pairs])
        return sess.run([v for v, _ in pairs])


def test_streaming_metrics_take_predictions_first():
    tf.reset_default_graph()
    p = tf.constant([0.1, 0.6, 0.8, 0.4, 0.9])
    y = tf.constant([0, 1, 1, 1, 0])
    m = tf.contrib.metrics
    values = _run(m.streaming_auc(p, y), m.streaming_auc(p, y, curve="PR"),
                  m.streaming_accuracy(tf.cast(p > 0.5, tf.int32), y), m.streaming_precision(p > 0.5, y),
                  m.streaming_recall(p > 0.5, y), m.streaming_mean_squared_error(p, tf.cast(y, tf.float32)),
                  m.streaming_mean([1.0, 2.0, 6.0], weights=[1.0, 1.0, 2.0]))
    # tf.compat.v1.metrics with the same inputs (TF 2.21)
    np.testing.assert_allclose(values, [0.49999994, 0.513889, 0.6, 0.6666667, 0.6666667, 0.27599996, 3.75],
                               rtol=1e-5)
    names = [v.name for v in tf.local_variables()]
    assert names[:4] == ["auc/true_positives:0", "auc/false_negatives:0", "auc/true_negatives:0",
                         "auc/false_positives:0"]
    assert "accuracy/total:0" in names and "mean/count:0" in names


def test_aggregate_metric_map_splits_values_and_updates():
    tf.reset_default_graph()
    acc = tf.contrib.metrics.streaming_accuracy([1, 2, 3], [1, 2, 0])
    mae = tf.contrib.metrics.streaming_mean_absolute_error([1.0, 2.0], [0.0, 4.0])
    values, updates = tf.contrib.metrics.aggregate_metric_map({"acc": acc, "mae": mae})
    assert values == {"acc": acc[0], "mae": mae[0]} and updates == {"acc": acc[1], "mae": mae[1]}
    value_list, update_list = tf.contrib.metrics.aggregate_metrics(acc, mae)
    assert value_list == [acc[0], mae[0]] and update_list == [acc[1], mae[1]]
    np.testing.assert_allclose(_run(acc, mae), [2 / 3, 1.5], rtol=1e-6)
    with pytest.raises(ValueError, match="Expected at least one value_tensor/update_op pair"):
        tf.contrib.metrics.aggregate_metrics()
