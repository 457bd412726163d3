"""tf.metrics counts, mean_iou, mean_per_class_accuracy and tf.confusion_matrix; expected values are TF 1.x's
for the same inputs (update ops return what TF1's return: the count, the confusion matrix, per-class accuracies)."""
import numpy as np
import pytest

import jupyter_flow as tf

Y = np.array([0, 1, 2, 2, 1, 0, 1])
P = np.array([0, 2, 2, 2, 1, 1, 1])
W = np.array([1, 2, 1, 1, 0.5, 1, 1])
YB = np.array([1, 0, 1, 1, 0, 0])
PB = np.array([1, 1, 0, 1, 0, 1])


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def _value_and_update(metric):
    value, update = metric
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        updated = sess.run(update)
        return sess.run(value), updated


@pytest.mark.parametrize("name,weights,expected", [
    ("true_positives", None, 2.0), ("false_positives", None, 2.0), ("true_negatives", None, 1.0),
    ("false_negatives", [1, 2, 3, 4, 5, 6], 3.0)])
def test_streaming_counts(name, weights, expected):
    value, updated = _value_and_update(getattr(tf.metrics, name)(YB, PB, weights=weights))
    assert value == updated == expected


def test_mean_iou_leaves_absent_classes_out_of_the_mean():
    value, updated = _value_and_update(tf.metrics.mean_iou(Y, P, 4, weights=W))
    np.testing.assert_allclose(value, 0.44444, rtol=1e-4)
    np.testing.assert_allclose(updated, [[1, 1, 0, 0], [0, 1.5, 2, 0], [0, 0, 2, 0], [0, 0, 0, 0]])
    assert [v.op.name for v in tf.local_variables()] == ["mean_iou/total_confusion_matrix"]


def test_mean_per_class_accuracy():
    value, updated = _value_and_update(tf.metrics.mean_per_class_accuracy(Y, P, 3, weights=W))
    np.testing.assert_allclose(value, 0.64286, rtol=1e-4)
    np.testing.assert_allclose(updated, [0.5, 0.42857, 1.0], rtol=1e-4)


def test_confusion_matrix_counts_label_prediction_pairs():
    with tf.Session() as sess:
        counts, weighted = sess.run([tf.confusion_matrix(Y, P),
                                     tf.confusion_matrix(Y, P, num_classes=4, weights=W, dtype=tf.float32)])
    np.testing.assert_array_equal(counts, [[1, 1, 0], [0, 2, 1], [0, 0, 2]])
    assert counts.dtype == np.int32
    np.testing.assert_array_equal(weighted[1], [0, 1.5, 2, 0])
