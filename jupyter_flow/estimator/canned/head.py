"""The canned estimators' heads (TF1's v1 heads): from logits and labels, the loss (summed over the
batch, TF1's Reduction.SUM default), the train_op, the predictions and the eval metrics under TF1's
keys (accuracy, average_loss, precision, recall, label/mean, prediction/mean, accuracy_baseline, auc,
auc_precision_recall)."""
import numpy as np

from ...framework import dtypes
from ...framework.graph import GraphKeys, control_dependencies, get_collection, name_scope
from ...metrics import accuracy, auc, mean, precision, recall
from ...ops import array_ops, math_ops, nn_ops, reduction_ops, shape_ops
from ...ops.concat_ops import concat
from ...ops.control_flow_ops import group
from ...ops.summary_ops import scalar
from ...losses import Reduction, sigmoid_cross_entropy, sparse_softmax_cross_entropy
from ...train.training_util import get_global_step
from ..model_fn import EstimatorSpec, ModeKeys


def _labels_column(labels, what):
    """Labels as a [batch, 1] column (TF1 accepts [batch] or [batch, 1])."""
    if labels is None:
        raise ValueError("You must provide a labels Tensor. Given: None. Suggested troubleshooting steps: Check "
                         "that your data contain your label feature. Check that your input_fn properly parses and "
                         "returns labels.")
    if isinstance(labels, dict):
        raise ValueError(f"{what} takes labels as one tensor, not a dict ({sorted(labels)})")
    ndims = labels.shape.ndims
    if ndims == 1:
        return shape_ops.expand_dims(labels, -1)
    if ndims != 2 or labels.shape[1].value not in (None, 1):
        raise ValueError(f"{what}: labels shape must be [batch_size, 1] or [batch_size], given {labels.shape}")
    return labels


def _train_op(optimizer, loss):
    train_op = optimizer.minimize(loss, global_step=get_global_step())
    update_ops = get_collection(GraphKeys.UPDATE_OPS)  # batch norm's moving averages, as TF1's heads do
    if update_ops:
        with control_dependencies([train_op]):
            return group(*update_ops)
    return train_op


def _train_summaries(loss, unreduced_loss):
    with name_scope(""):
        scalar("loss", loss)
        scalar("average_loss", reduction_ops.reduce_mean(unreduced_loss))


class _Head:
    def create_estimator_spec(self, features, mode, logits, labels=None, optimizer=None):
        with name_scope("head"):
            predictions = self._predictions(logits)
            if mode == ModeKeys.PREDICT:
                spec = EstimatorSpec(mode, predictions=predictions)
                spec.__dict__["_derived_predictions"] = self._derived_predictions()
                return spec
            training_loss, unreduced_loss, label_values = self._loss(logits, labels)
            if mode == ModeKeys.EVAL:
                with name_scope("metrics"):
                    metrics = self._eval_metric_ops(label_values, predictions, unreduced_loss)
                return EstimatorSpec(mode, predictions=predictions, loss=training_loss, eval_metric_ops=metrics)
            train_op = _train_op(optimizer, training_loss)
        _train_summaries(training_loss, unreduced_loss)
        return EstimatorSpec(mode, predictions=predictions, loss=training_loss, train_op=train_op)

    def _derived_predictions(self):
        return {}


def _class_strings(class_ids):
    # TF1's as_string(class_ids): b'3'
    return np.char.encode(np.asarray(class_ids).astype(np.str_), "ascii").astype(object)


class MultiClassHead(_Head):
    """Softmax cross-entropy over n_classes logits."""

    def __init__(self, n_classes):
        self.n_classes = n_classes
        self.logits_dimension = n_classes

    def _predictions(self, logits):
        with name_scope("predictions"):
            class_ids = shape_ops.expand_dims(reduction_ops.argmax(logits, axis=-1), -1, name="class_ids")
            return {"logits": logits, "probabilities": nn_ops.softmax(logits, name="probabilities"),
                    "class_ids": class_ids}

    def _derived_predictions(self):
        return {"classes": ("class_ids", _class_strings)}

    def _loss(self, logits, labels):
        label_ids = math_ops.cast(_labels_column(labels, "DNNClassifier"), dtypes.int64)
        unreduced = shape_ops.expand_dims(sparse_softmax_cross_entropy(
            shape_ops.squeeze(label_ids, [-1]), logits, reduction=Reduction.NONE, loss_collection=None), -1)
        return reduction_ops.reduce_sum(unreduced), unreduced, label_ids

    def _eval_metric_ops(self, label_ids, predictions, unreduced_loss):
        return {"average_loss": mean(unreduced_loss, name="average_loss"),
                "accuracy": accuracy(label_ids, predictions["class_ids"], name="accuracy")}


class BinaryClassHead(_Head):
    """Sigmoid cross-entropy of one logit; probabilities over the two classes."""
    n_classes = 2
    logits_dimension = 1

    def _predictions(self, logits):
        with name_scope("predictions"):
            two_class_logits = concat([array_ops.zeros_like(logits), logits], axis=-1, name="two_class_logits")
            class_ids = shape_ops.expand_dims(reduction_ops.argmax(two_class_logits, axis=-1), -1, name="class_ids")
            return {"logits": logits, "logistic": math_ops.sigmoid(logits, name="logistic"),
                    "probabilities": nn_ops.softmax(two_class_logits, name="probabilities"), "class_ids": class_ids}

    def _derived_predictions(self):
        return {"classes": ("class_ids", _class_strings)}

    def _loss(self, logits, labels):
        label_values = math_ops.to_float(_labels_column(labels, "DNNClassifier"))
        unreduced = sigmoid_cross_entropy(label_values, logits, reduction=Reduction.NONE, loss_collection=None)
        return reduction_ops.reduce_sum(unreduced), unreduced, label_values

    def _eval_metric_ops(self, labels, predictions, unreduced_loss):
        class_ids = predictions["class_ids"]
        label_mean = mean(labels, name="label_mean")
        # the best accuracy of always predicting one class: max(p, 1 - p) for the label mean p
        baseline = math_ops.maximum(label_mean[0], 1.0 - label_mean[0])
        baseline_update = math_ops.maximum(label_mean[1], 1.0 - label_mean[1])
        return {"average_loss": mean(unreduced_loss, name="average_loss"),
                "accuracy": accuracy(labels, class_ids, name="accuracy"),
                "precision": precision(labels, class_ids, name="precision"),
                "recall": recall(labels, class_ids, name="recall"),
                "prediction/mean": mean(predictions["logistic"], name="prediction_mean"),
                "label/mean": label_mean,
                "accuracy_baseline": (baseline, baseline_update),
                "auc": auc(labels, predictions["logistic"], name="auc"),
                "auc_precision_recall": auc(labels, predictions["logistic"], curve="PR", name="auc_precision_recall")}


class RegressionHead(_Head):
    """Squared error of label_dimension outputs."""
    n_classes = None

    def __init__(self, label_dimension=1):
        self.logits_dimension = label_dimension

    def _predictions(self, logits):
        return {"predictions": logits}

    def _loss(self, logits, labels):
        label_values = math_ops.to_float(_labels_column(labels, "DNNRegressor")
                                         if self.logits_dimension == 1 else labels)
        unreduced = math_ops.squared_difference(logits, label_values)
        return reduction_ops.reduce_sum(unreduced), unreduced, label_values

    def _eval_metric_ops(self, labels, predictions, unreduced_loss):
        return {"average_loss": mean(unreduced_loss, name="average_loss"),
                "prediction/mean": mean(predictions["predictions"], name="prediction_mean"),
                "label/mean": mean(labels, name="label_mean")}


def classifier_head(n_classes):
    if not isinstance(n_classes, (int, np.integer)) or n_classes < 2:
        raise ValueError(f"n_classes must be > 1 for classification: {n_classes}")
    return BinaryClassHead() if n_classes == 2 else MultiClassHead(int(n_classes))
