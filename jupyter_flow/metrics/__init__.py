"""tf.metrics: streaming metrics as TF1 wrote them. Each returns (value, update_op); the running
totals are local variables (LOCAL_VARIABLES and METRIC_VARIABLES), so `tf.local_variables_initializer()`
starts a new evaluation.

>>> acc, acc_update = tf.metrics.accuracy(labels=y, predictions=tf.argmax(logits, 1))
>>> sess.run(tf.local_variables_initializer()); sess.run(acc_update, feed); sess.run(acc)
"""
from .auc import auc
from .metrics_impl import accuracy, mean, mean_absolute_error, mean_squared_error, precision, recall, root_mean_squared_error

from .confusion import (false_negatives, false_positives, mean_iou, mean_per_class_accuracy, true_negatives,
                        true_positives)

__all__ = ["accuracy", "auc", "false_negatives", "false_positives", "mean_iou", "mean_per_class_accuracy",
           "true_negatives", "true_positives", "mean", "mean_absolute_error", "mean_squared_error", "precision", "recall",
           "root_mean_squared_error"]
