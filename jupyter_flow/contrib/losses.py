"""tf.contrib.losses (also slim.losses): TF1's older loss API, thin over tf.losses. The arguments
come in the older order (predictions or logits first), the losses are reduced as tf.losses' default
(sum of weighted losses / number of non-zero weights) and added to the LOSSES collection.

>>> slim.losses.softmax_cross_entropy(logits, onehot_labels)
>>> total_loss = slim.losses.get_total_loss()     # + regularization losses
"""
from .. import losses as _losses
from ..framework import dtypes
from ..framework.graph import name_scope
from ..losses import add_loss, get_losses, get_regularization_losses  # noqa: F401
from ..ops.array_ops import ones_like
from ..ops.constant_op import convert_to_tensor
from ..ops.math_ops import cast, multiply, relu, subtract


def get_total_loss(add_regularization_losses=True, name="total_loss"):
    """The sum of the LOSSES collection (and of REGULARIZATION_LOSSES).

    >>> total_loss = slim.losses.get_total_loss()
    """
    return _losses.get_total_loss(add_regularization_losses=add_regularization_losses, name=name)


def compute_weighted_loss(losses, weights=1.0, scope=None):
    """Weighted mean of `losses` over the non-zero weights, added to LOSSES.

    >>> loss = slim.losses.compute_weighted_loss(per_example, weights=mask)
    """
    return _losses.compute_weighted_loss(losses, weights, scope=scope)


def absolute_difference(predictions, labels=None, weights=1.0, scope=None):
    """Weighted mean of |predictions - labels|.

    >>> slim.losses.absolute_difference(predictions, labels)
    """
    return _losses.absolute_difference(labels, predictions, weights, scope=scope)


def mean_squared_error(predictions, labels=None, weights=1.0, scope=None):
    """Weighted mean of (predictions - labels)^2.

    >>> slim.losses.mean_squared_error(predictions, labels)
    """
    return _losses.mean_squared_error(labels, predictions, weights, scope=scope)


def log_loss(predictions, labels=None, weights=1.0, epsilon=1e-7, scope=None):
    """Weighted mean of the binary cross-entropy of probabilities `predictions`.

    >>> slim.losses.log_loss(probabilities, labels)
    """
    return _losses.log_loss(labels, predictions, weights, epsilon, scope=scope)


def sigmoid_cross_entropy(logits, multi_class_labels, weights=1.0, label_smoothing=0, scope=None):
    """Weighted mean of sigmoid cross-entropies of `logits` against 0/1 labels.

    >>> slim.losses.sigmoid_cross_entropy(logits, labels)
    """
    return _losses.sigmoid_cross_entropy(multi_class_labels, logits, weights, label_smoothing, scope=scope)


def softmax_cross_entropy(logits, onehot_labels, weights=1.0, label_smoothing=0, scope=None):
    """Weighted mean of softmax cross-entropies of `logits` against one-hot labels.

    >>> slim.losses.softmax_cross_entropy(logits, slim.one_hot_encoding(labels, 10))
    """
    return _losses.softmax_cross_entropy(onehot_labels, logits, weights, label_smoothing, scope=scope)


def sparse_softmax_cross_entropy(logits, labels, weights=1.0, scope=None):
    """Weighted mean of softmax cross-entropies of `logits` against integer class labels.

    >>> slim.losses.sparse_softmax_cross_entropy(logits, labels)
    """
    return _losses.sparse_softmax_cross_entropy(labels, logits, weights, scope=scope)


def cosine_distance(predictions, labels=None, axis=None, weights=1.0, scope=None, dim=None):
    """Weighted mean of 1 - cos between unit-normalized predictions and labels along `axis`.

    >>> slim.losses.cosine_distance(predictions, labels, axis=1)
    """
    return _losses.cosine_distance(labels, predictions, axis=axis, weights=weights, scope=scope, dim=dim)


def mean_pairwise_squared_error(predictions, labels=None, weights=1.0, scope=None):
    """Weighted mean over pairs of elements of ((p_i - p_j) - (l_i - l_j))^2.

    >>> slim.losses.mean_pairwise_squared_error(predictions, labels)
    """
    return _losses.mean_pairwise_squared_error(labels, predictions, weights, scope=scope)


def hinge_loss(logits, labels=None, scope=None):
    """The element-wise hinge losses max(0, 1 - (2 * labels - 1) * logits), not reduced and not
    added to LOSSES (as TF1's contrib version).

    >>> per_element = slim.losses.hinge_loss(logits, labels)
    """
    with name_scope(scope, "hinge_loss", [logits, labels]):
        logits = convert_to_tensor(logits)
        labels = cast(labels, dtypes.float32)
        if not logits.shape.is_compatible_with(labels.shape):
            raise ValueError(f"Shapes {logits.shape} and {labels.shape} are incompatible")
        all_ones = ones_like(labels)
        signs = subtract(multiply(2.0, labels), all_ones)
        return relu(subtract(all_ones, multiply(signs, logits)))
