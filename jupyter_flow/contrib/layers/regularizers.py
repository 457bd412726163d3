"""tf.contrib.layers' regularizers: functions weights -> scalar penalty, for kernel_regularizer,
get_variable(regularizer=...) and apply_regularization.

>>> reg = tf.contrib.layers.l1_regularizer(0.001)
>>> hidden1 = tf.layers.dense(X, 300, kernel_regularizer=reg)
"""
import numbers

from ...framework.graph import GraphKeys, get_default_graph, name_scope
from ...ops.constant_op import constant, convert_to_tensor
from ...ops.math_ops import abs as _abs, add_n, multiply
from ...ops.nn_ops import l2_loss
from ...ops.reduction_ops import reduce_sum


def _checked_scale(scale, what):
    """None when the scale disables the regularizer (0), as TF1."""
    if isinstance(scale, numbers.Integral) and not isinstance(scale, bool):
        raise ValueError(f"scale cannot be an integer: {scale} (write {scale}.0 in {what})")
    if isinstance(scale, numbers.Real):
        if scale < 0.0:
            raise ValueError(f"Setting a scale less than 0 on a regularizer: {scale:g} ({what})")
        if scale == 0.0:
            return None
    return scale


def _scaled(kind, scale, scope, penalty_of):
    def regularize(weights, name=None):
        with name_scope(scope, kind) as op_name:
            weights = convert_to_tensor(weights)
            my_scale = convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return multiply(my_scale, penalty_of(weights), name=op_name)
    regularize.__name__ = kind
    return regularize


def l1_regularizer(scale, scope=None):
    """scale * sum(|weights|).

    >>> reg = tf.contrib.layers.l1_regularizer(0.01)
    >>> penalty = reg(weights)
    """
    if _checked_scale(scale, "l1_regularizer") is None:
        return lambda _: None
    return _scaled("l1_regularizer", scale, scope, lambda w: reduce_sum(_abs(w)))


def l2_regularizer(scale, scope=None):
    """scale * sum(weights^2) / 2 (tf.nn.l2_loss).

    >>> reg = tf.contrib.layers.l2_regularizer(0.01)
    >>> logits = tf.layers.dense(h, 10, kernel_regularizer=reg)
    """
    if _checked_scale(scale, "l2_regularizer") is None:
        return lambda _: None
    return _scaled("l2_regularizer", scale, scope, l2_loss)


def sum_regularizer(regularizer_list, scope=None):
    """The sum of several regularizers' penalties (None ones are skipped).

    >>> reg = tf.contrib.layers.sum_regularizer([l1_reg, l2_reg])
    """
    regularizers = [r for r in regularizer_list if r is not None]
    if not regularizers:
        return None

    def sum_reg(weights):
        with name_scope(scope, "sum_regularizer") as op_name:
            penalties = [p for p in (r(weights) for r in regularizers) if p is not None]
            return add_n(penalties, name=op_name) if penalties else None
    return sum_reg


def l1_l2_regularizer(scale_l1=1.0, scale_l2=1.0, scope=None):
    """scale_l1 * sum(|w|) + scale_l2 * sum(w^2) / 2.

    >>> reg = tf.contrib.layers.l1_l2_regularizer(scale_l1=0.001, scale_l2=0.01)
    """
    scale_l1 = _checked_scale(scale_l1, "l1_l2_regularizer")
    scale_l2 = _checked_scale(scale_l2, "l1_l2_regularizer")
    scope = scope or "l1_l2_regularizer"
    if scale_l1 is None and scale_l2 is None:
        return lambda _: None
    if scale_l1 is None:
        return l2_regularizer(scale_l2, scope)
    if scale_l2 is None:
        return l1_regularizer(scale_l1, scope)
    return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)], scope=scope)


def apply_regularization(regularizer, weights_list=None):
    """Sum regularizer(w) over `weights_list` (default: the WEIGHTS collection) and add it to
    REGULARIZATION_LOSSES.

    >>> penalty = tf.contrib.layers.apply_regularization(l1_reg, [W1, W2])
    """
    if not weights_list:
        weights_list = get_default_graph().get_collection(GraphKeys.WEIGHTS)
    if not weights_list:
        raise ValueError("No weights to regularize: pass weights_list, or add weights to tf.GraphKeys.WEIGHTS "
                         "(e.g. fully_connected(..., variables_collections={'weights': [tf.GraphKeys.WEIGHTS]})).")
    with name_scope("get_regularization_penalty") as scope:
        penalties = [regularizer(w) for w in weights_list]
        penalties = [p if p is not None else constant(0.0) for p in penalties]
        for p in penalties:
            if p.shape.ndims != 0:
                raise ValueError(f"regularizer must return a scalar Tensor instead of a Tensor with rank "
                                 f"{p.shape.ndims} ('{p.name}').")
        summed = add_n(penalties, name=scope)
        get_default_graph().add_to_collection(GraphKeys.REGULARIZATION_LOSSES, summed)
        return summed
