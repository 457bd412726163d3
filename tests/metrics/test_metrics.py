"""tf.metrics: streaming values and TF1's local variable names (expected values from TF 1.x's
tf.compat.v1.metrics on the same batches)."""
import numpy as np
import pytest

import jupyter_flow as tf


def _streaming_metrics():
    labels = tf.placeholder(tf.int64, [None])
    preds = tf.placeholder(tf.int64, [None])
    acc, acc_up = tf.metrics.accuracy(labels, preds)
    m, m_up = tf.metrics.mean(tf.to_float(labels) * 0.5)
    p, p_up = tf.metrics.precision(labels, preds)
    r, r_up = tf.metrics.recall(labels, preds)
    return labels, preds, [acc, m, p, r], [acc_up, m_up, p_up, r_up]


def test_metric_variables_are_local_with_tf1_names():
    _streaming_metrics()
    assert [v.name for v in tf.local_variables()] == [
        "accuracy/total:0", "accuracy/count:0", "mean/total:0", "mean/count:0", "precision/true_positives/count:0",
        "precision/false_positives/count:0", "recall/true_positives/count:0", "recall/false_negatives/count:0"]
    assert tf.global_variables() == [] and tf.trainable_variables() == []


def test_update_ops_accumulate_over_batches_like_tf1():
    labels, preds, values, updates = _streaming_metrics()
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        first = sess.run(updates, {labels: [1, 0, 1, 1], preds: [1, 1, 0, 1]})
        second = sess.run(updates, {labels: [0, 1], preds: [0, 1]})
        final = sess.run(values)
        np.testing.assert_allclose(first, [0.5, 0.375, 0.6666667, 0.6666667], rtol=1e-6)
        np.testing.assert_allclose(second, [0.6666667, 0.33333334, 0.75, 0.75], rtol=1e-6)
        np.testing.assert_allclose(final, second, rtol=1e-6)
        sess.run(tf.local_variables_initializer())  # a new evaluation starts from zero
        assert sess.run(values) == [0.0, 0.0, 0.0, 0.0]


def test_accuracy_squeezes_a_column_of_labels():
    acc, update = tf.metrics.accuracy(labels=tf.constant([[1], [2], [3]]), predictions=tf.constant([1, 0, 3]))
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(update) == pytest.approx(2 / 3)


def test_mismatched_shapes_name_the_metric():
    with pytest.raises(ValueError, match="tf.metrics.accuracy: labels shape"):
        tf.metrics.accuracy(tf.constant([1, 2, 3]), tf.constant([1, 2]))


def test_weighted_mean_and_error_metrics():
    mean, mean_up = tf.metrics.mean([1.0, 2.0, 3.0], weights=[1.0, 0.0, 3.0])
    mse, mse_up = tf.metrics.mean_squared_error([1.0, 2.0], [2.0, 4.0])
    rmse, rmse_up = tf.metrics.root_mean_squared_error([1.0, 2.0], [2.0, 4.0])
    mae, mae_up = tf.metrics.mean_absolute_error([1.0, 2.0], [2.0, 4.0])
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        np.testing.assert_allclose(sess.run([mean_up, mse_up, rmse_up, mae_up]), [2.5, 2.5, np.sqrt(2.5), 1.5])


def test_auc_roc_and_pr_accumulate_like_tf1():
    labels = tf.placeholder(tf.int64, [None])
    p = tf.placeholder(tf.float32, [None])
    auc, up = tf.metrics.auc(labels, p)
    pr, pr_up = tf.metrics.auc(labels, p, curve="PR")
    assert [v.name for v in tf.local_variables()][:4] == ["auc/true_positives:0", "auc/false_negatives:0",
                                                        "auc/true_negatives:0", "auc/false_positives:0"]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        np.testing.assert_allclose(sess.run([up, pr_up], {labels: [0, 1, 1, 0, 1], p: [0.1, 0.8, 0.35, 0.4, 0.9]}),
                                   [0.833333, 0.90277743], rtol=1e-5)
        sess.run([up, pr_up], {labels: [1, 0], p: [0.2, 0.05]})
        np.testing.assert_allclose(sess.run([auc, pr]), [0.83333313, 0.87083316], rtol=1e-5)
