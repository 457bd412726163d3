"""tf.keras.losses: per-sample loss functions (the mean over the last axis, as Keras defines them). Like TF 1.15's
Keras backend, the cross-entropies read the logits straight from a Softmax/Sigmoid output op (numerically stable);
other probabilities are clipped to [1e-7, 1 - 1e-7] first."""
import jupyter_flow as tf

from .utils.generic_utils import lookup_function

EPSILON = 1e-7


def mean_squared_error(y_true, y_pred):
    return tf.reduce_mean(tf.square(y_pred - tf.cast(y_true, y_pred.dtype)), axis=-1)


def mean_absolute_error(y_true, y_pred):
    return tf.reduce_mean(tf.abs(y_pred - tf.cast(y_true, y_pred.dtype)), axis=-1)


def _logits_of(output, op_type):
    op = getattr(output, "op", None)
    return op.inputs[0] if op is not None and op.type == op_type else None


def categorical_crossentropy(y_true, y_pred, from_logits=False):
    y_true = tf.cast(y_true, y_pred.dtype)
    logits = y_pred if from_logits else _logits_of(y_pred, "Softmax")
    if logits is not None:
        return tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_true, logits=logits)
    probs = y_pred / tf.reduce_sum(y_pred, axis=-1, keepdims=True)
    probs = tf.clip_by_value(probs, EPSILON, 1.0 - EPSILON)
    return -tf.reduce_sum(y_true * tf.log(probs), axis=-1)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False):
    logits = y_pred if from_logits else _logits_of(y_pred, "Softmax")
    if logits is None:
        logits = tf.log(tf.clip_by_value(y_pred, EPSILON, 1.0 - EPSILON))
    labels = tf.cast(tf.reshape(y_true, [-1]), tf.int64)
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)


def binary_crossentropy(y_true, y_pred, from_logits=False):
    y_true = tf.cast(y_true, y_pred.dtype)
    logits = y_pred if from_logits else _logits_of(y_pred, "Sigmoid")
    if logits is None:
        probs = tf.clip_by_value(y_pred, EPSILON, 1.0 - EPSILON)
        logits = tf.log(probs / (1.0 - probs))
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y_true, logits=logits), axis=-1)


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error

_BY_NAME = {"mean_squared_error": mean_squared_error, "mse": mean_squared_error,
            "mean_absolute_error": mean_absolute_error, "mae": mean_absolute_error,
            "categorical_crossentropy": categorical_crossentropy,
            "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
            "binary_crossentropy": binary_crossentropy}


def get(identifier):
    return lookup_function(identifier, _BY_NAME, "loss")
