"""tf.keras.metrics: per-sample metric functions. compile(metrics=['accuracy']) picks the accuracy the way Keras
does: sparse categorical for a sparse loss, binary for binary cross-entropy or a single output unit, else
categorical."""
import jupyter_flow as tf

from . import losses
from .utils.generic_utils import lookup_function


def binary_accuracy(y_true, y_pred, threshold=0.5):
    y_pred = tf.cast(y_pred > threshold, y_pred.dtype)
    return tf.reduce_mean(tf.cast(tf.equal(tf.cast(y_true, y_pred.dtype), y_pred), tf.float32), axis=-1)


def categorical_accuracy(y_true, y_pred):
    return tf.cast(tf.equal(tf.argmax(y_true, axis=-1), tf.argmax(y_pred, axis=-1)), tf.float32)


def sparse_categorical_accuracy(y_true, y_pred):
    labels = tf.cast(tf.reshape(y_true, [-1]), tf.int64)
    return tf.cast(tf.equal(labels, tf.argmax(y_pred, axis=-1)), tf.float32)


mean_squared_error = mse = losses.mean_squared_error
mean_absolute_error = mae = losses.mean_absolute_error
categorical_crossentropy = losses.categorical_crossentropy
sparse_categorical_crossentropy = losses.sparse_categorical_crossentropy
binary_crossentropy = losses.binary_crossentropy

_BY_NAME = {"binary_accuracy": binary_accuracy, "categorical_accuracy": categorical_accuracy,
            "sparse_categorical_accuracy": sparse_categorical_accuracy, "mse": mse, "mean_squared_error": mse,
            "mae": mae, "mean_absolute_error": mae, "categorical_crossentropy": categorical_crossentropy,
            "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
            "binary_crossentropy": binary_crossentropy}


def accuracy_for(loss_fn, output_shape):
    """The accuracy function Keras means by 'accuracy'/'acc' for this loss and output shape."""
    if loss_fn is losses.sparse_categorical_crossentropy:
        return sparse_categorical_accuracy
    last = output_shape[-1] if output_shape else None
    if loss_fn is losses.binary_crossentropy or last == 1:
        return binary_accuracy
    return categorical_accuracy


def get(identifier):
    return lookup_function(identifier, _BY_NAME, "metric")
