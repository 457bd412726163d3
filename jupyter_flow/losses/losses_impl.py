"""The tf.losses functions: each computes per-element losses, then compute_weighted_loss weights
and reduces them (TF1's default: the mean over the elements whose weight is not zero) and adds the
result to the LOSSES collection.

>>> loss = tf.losses.mean_squared_error(labels=y, predictions=y_pred, weights=w)
"""
from ..framework import dtypes
from ..framework.graph import GraphKeys, name_scope
from ..ops import array_ops, math_ops, nn_ops, reduction_ops, shape_ops
from ..ops.constant_op import convert_to_tensor
from .collections import add_loss


class Reduction:
    """How compute_weighted_loss reduces the weighted losses (tf.losses.Reduction).

    >>> tf.losses.absolute_difference(y, p, reduction=tf.losses.Reduction.SUM)
    """
    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE, cls.SUM_OVER_NONZERO_WEIGHTS,
                cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key!r}; use one of tf.losses.Reduction's "
                             f"NONE, SUM, MEAN, SUM_OVER_BATCH_SIZE, SUM_BY_NONZERO_WEIGHTS.")


def _check_broadcastable(weights, losses):
    """TF1's assert_broadcastable, done on the static shapes: weights must be a scalar or have the
    losses' rank with every dimension 1 or equal to the losses'."""
    ws, ls = weights.shape, losses.shape
    if ws.ndims is None or ls.ndims is None or ws.ndims == 0:
        return
    ok = ws.ndims == ls.ndims and all(w.value in (None, 1) or v.value is None or w.value == v.value
                                      for w, v in zip(ws, ls))
    if not ok:
        raise ValueError(f"weights can not be broadcast to values. values.rank={ls.ndims}. weights.rank={ws.ndims}. "
                         f"values.shape={ls}. weights.shape={ws}. Give weights the losses' shape, a shape with "
                         f"1 in the dimensions to broadcast (e.g. [batch, 1]), or a scalar.")


def _div_no_nan(numerator, denominator, name):
    # TF1's div_no_nan: 0 when the denominator is 0 (no weight is present).
    is_zero = math_ops.equal(denominator, 0.0)
    safe = array_ops.where(is_zero, array_ops.ones_like(denominator), denominator)
    return array_ops.where(is_zero, array_ops.zeros_like(numerator), math_ops.real_div(numerator, safe), name=name)


def _num_present(losses, weights):
    with name_scope(None, "num_present") as scope:
        present = array_ops.where(math_ops.equal(weights, 0.0), array_ops.zeros_like(weights),
                                  array_ops.ones_like(weights))
        present = math_ops.multiply(present, array_ops.ones_like(losses))  # broadcast_weights
        return reduction_ops.reduce_sum(present, name=scope[:-1])


def _num_elements(losses):
    with name_scope(None, "num_elements") as scope:
        return math_ops.cast(shape_ops.size(losses, name=scope[:-1]), losses.dtype)


def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """losses * weights reduced as `reduction` says, in the dtype of `losses`, added to
    `loss_collection`.

    >>> per_example = tf.square(y - y_pred)
    >>> loss = tf.losses.compute_weighted_loss(per_example, weights=mask)
    """
    Reduction.validate(reduction)
    with name_scope(scope, "weighted_loss"):
        losses = convert_to_tensor(losses)
        input_dtype = losses.dtype
        losses = math_ops.cast(losses, dtypes.float32)
        weights = math_ops.cast(convert_to_tensor(weights), dtypes.float32)
        _check_broadcastable(weights, losses)
        weighted = math_ops.multiply(losses, weights)
        if reduction == Reduction.NONE:
            loss = weighted
        else:
            loss = reduction_ops.reduce_sum(weighted)
            if reduction == Reduction.MEAN:
                loss = _div_no_nan(loss, reduction_ops.reduce_sum(
                    math_ops.multiply(array_ops.ones_like(losses), weights)), "value")
            elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                loss = _div_no_nan(loss, _num_present(losses, weights), "value")
            elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                loss = _div_no_nan(loss, _num_elements(losses), "value")
        loss = math_ops.cast(loss, input_dtype)
        add_loss(loss, loss_collection)
        return loss


def _pair(labels, predictions, what="predictions"):
    p = convert_to_tensor(predictions)
    lab = math_ops.cast(convert_to_tensor(labels), p.dtype)
    if not p.shape.is_compatible_with(lab.shape):
        raise ValueError(f"Shapes {p.shape} and {lab.shape} are incompatible: {what} '{p.name}' and labels "
                         f"'{lab.name}' must have the same shape.")
    return lab, p


def _needs(value, what, fn):
    if value is None:
        raise ValueError(f"{what} must not be None (tf.losses.{fn}).")


def absolute_difference(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted |predictions - labels|.

    >>> loss = tf.losses.absolute_difference(y, y_pred)
    """
    _needs(labels, "labels", "absolute_difference")
    _needs(predictions, "predictions", "absolute_difference")
    with name_scope(scope, "absolute_difference") as sc:
        labels, predictions = _pair(labels, predictions)
        losses = math_ops.abs(math_ops.subtract(predictions, labels))
        return compute_weighted_loss(losses, weights, sc, loss_collection, reduction)


def mean_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted (predictions - labels)^2.

    >>> mse = tf.losses.mean_squared_error(labels=y, predictions=y_pred)
    """
    _needs(labels, "labels", "mean_squared_error")
    _needs(predictions, "predictions", "mean_squared_error")
    with name_scope(scope, "mean_squared_error") as sc:
        labels, predictions = _pair(labels, predictions)
        losses = math_ops.squared_difference(predictions, labels)
        return compute_weighted_loss(losses, weights, sc, loss_collection, reduction)


def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None, loss_collection=GraphKeys.LOSSES,
             reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted binary cross-entropy of probabilities: -y log(p + eps) - (1 - y) log(1 - p + eps).

    >>> loss = tf.losses.log_loss(y, tf.sigmoid(logits))
    """
    _needs(labels, "labels", "log_loss")
    _needs(predictions, "predictions", "log_loss")
    with name_scope(scope, "log_loss") as sc:
        labels, predictions = _pair(labels, predictions)
        pos = math_ops.multiply(labels, math_ops.log(math_ops.add(predictions, epsilon)))
        neg = math_ops.multiply(math_ops.subtract(1.0, labels),
                                math_ops.log(math_ops.add(math_ops.subtract(1.0, predictions), epsilon)))
        losses = math_ops.subtract(math_ops.negative(pos), neg)
        return compute_weighted_loss(losses, weights, sc, loss_collection, reduction)


def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted Huber loss: 0.5 e^2 where |e| <= delta, delta (|e| - 0.5 delta) beyond.

    >>> loss = tf.losses.huber_loss(y, y_pred, delta=2.0)
    """
    _needs(labels, "labels", "huber_loss")
    _needs(predictions, "predictions", "huber_loss")
    with name_scope(scope, "huber_loss") as sc:
        labels, predictions = _pair(labels, predictions)
        abs_error = math_ops.abs(math_ops.subtract(predictions, labels))
        quadratic = math_ops.minimum(abs_error, delta)
        # The linear part as abs_error - quadratic (not a select), so the gradient at |e| = delta is TF1's.
        linear = math_ops.subtract(abs_error, quadratic)
        losses = math_ops.add(math_ops.multiply(0.5, math_ops.multiply(quadratic, quadratic)),
                              math_ops.multiply(delta, linear))
        return compute_weighted_loss(losses, weights, sc, loss_collection, reduction)


def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted hinge loss max(0, 1 - (2 labels - 1) logits), labels in {0, 1}.

    >>> loss = tf.losses.hinge_loss(labels=y, logits=scores)
    """
    _needs(labels, "labels", "hinge_loss")
    _needs(logits, "logits", "hinge_loss")
    with name_scope(scope, "hinge_loss") as sc:
        labels, logits = _pair(labels, logits, "logits")
        signed = math_ops.subtract(math_ops.multiply(2.0, labels), 1.0)
        losses = math_ops.relu(math_ops.subtract(1.0, math_ops.multiply(signed, logits)))
        return compute_weighted_loss(losses, weights, sc, loss_collection, reduction)


def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted sigmoid cross-entropy of logits; label_smoothing pulls labels toward 1/2.

    >>> loss = tf.losses.sigmoid_cross_entropy(y, logits)
    """
    _needs(multi_class_labels, "multi_class_labels", "sigmoid_cross_entropy")
    _needs(logits, "logits", "sigmoid_cross_entropy")
    with name_scope(scope, "sigmoid_cross_entropy_loss") as sc:
        labels, logits = _pair(multi_class_labels, logits, "logits")
        if label_smoothing > 0:
            labels = math_ops.add(math_ops.multiply(labels, 1 - label_smoothing), 0.5 * label_smoothing)
        losses = nn_ops.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, sc, loss_collection, reduction)


def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted softmax cross-entropy of one-hot labels (weights per example, shape [batch]);
    label_smoothing mixes the labels with the uniform distribution.

    >>> loss = tf.losses.softmax_cross_entropy(tf.one_hot(y, 10), logits)
    """
    _needs(onehot_labels, "onehot_labels", "softmax_cross_entropy")
    _needs(logits, "logits", "softmax_cross_entropy")
    with name_scope(scope, "softmax_cross_entropy_loss") as sc:
        labels, logits = _pair(onehot_labels, logits, "logits")
        if label_smoothing > 0:
            num_classes = math_ops.cast(shape_ops.shape(labels)[-1], logits.dtype)
            labels = math_ops.add(math_ops.multiply(labels, 1 - label_smoothing),
                                  math_ops.real_div(label_smoothing, num_classes))
        labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
        losses = nn_ops.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, sc, loss_collection, reduction)


def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted softmax cross-entropy of integer class labels ([batch]) against logits ([batch, classes]).

    >>> loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
    """
    _needs(labels, "labels", "sparse_softmax_cross_entropy")
    _needs(logits, "logits", "sparse_softmax_cross_entropy")
    with name_scope(scope, "sparse_softmax_cross_entropy_loss") as sc:
        logits = convert_to_tensor(logits)
        labels = convert_to_tensor(labels)
        if labels.dtype not in (dtypes.int32, dtypes.int64):
            labels = math_ops.cast(labels, dtypes.int64)
        losses = nn_ops.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, sc, loss_collection, reduction)
