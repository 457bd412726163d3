"""Clipping by norm, built from basic ops as TF1 builds them: tf.clip_by_norm, tf.global_norm,
tf.clip_by_global_norm (the usual gradient clipping) and tf.clip_by_average_norm.

>>> grads, _ = tf.clip_by_global_norm([g for g, v in grads_and_vars], 5.0)
"""
from ..framework import dtypes
from ..framework.graph import name_scope
from .array_ops import identity, ones_like, where
from .concat_ops import stack
from .constant_op import constant, convert_to_tensor
from .math_ops import cast, greater, maximum, minimum, rsqrt, sqrt
from .nn_ops import l2_loss
from .reduction_ops import reduce_sum
from .shape_ops import size


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """t * clip_norm / max(l2norm(t), clip_norm): t unchanged unless its L2 norm (over `axes`,
    default all) exceeds clip_norm. Max-norm regularization assigns this to the weights.

    >>> clipped = tf.clip_by_norm(weights, clip_norm=1.0, axes=1)
    >>> clip_weights = tf.assign(weights, clipped)
    """
    with name_scope(name, "clip_by_norm") as scope:
        values = convert_to_tensor(t, name="t")
        l2sum = reduce_sum(values * values, axes, keepdims=True)
        positive = greater(l2sum, 0)
        # sqrt's gradient at 0 is infinite: take it only where the sum is positive.
        l2sum_safe = where(positive, l2sum, ones_like(l2sum))
        l2norm = where(positive, sqrt(l2sum_safe), l2sum)
        intermediate = values * clip_norm
        return identity(intermediate / maximum(l2norm, clip_norm), name=scope)


def global_norm(t_list, name=None):
    """sqrt(sum of the squared L2 norms of every tensor in t_list); None entries are skipped.

    >>> norm = tf.global_norm(gradients)
    """
    if not isinstance(t_list, (list, tuple)):
        raise TypeError(f"t_list must be a sequence of tensors, got {type(t_list).__name__}")
    with name_scope(name, "global_norm"):
        values = [convert_to_tensor(t, name=f"t_{i}") for i, t in enumerate(t_list) if t is not None]
        if not values:
            raise ValueError("global_norm needs at least one tensor that is not None")
        half_squared = reduce_sum(stack([l2_loss(v) for v in values]))
        return sqrt(half_squared * constant(2.0, dtype=half_squared.dtype), name="global_norm")


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """Scale every tensor by clip_norm / max(global_norm, clip_norm); returns (clipped list,
    global norm). None entries stay None.

    >>> grads, variables = zip(*optimizer.compute_gradients(loss))
    >>> grads, norm = tf.clip_by_global_norm(grads, 5.0)
    """
    if not isinstance(t_list, (list, tuple)):
        raise TypeError(f"t_list must be a sequence of tensors, got {type(t_list).__name__}")
    t_list = list(t_list)
    if use_norm is None:
        use_norm = global_norm(t_list, name)
    with name_scope(name, "clip_by_global_norm") as scope:
        scale_for_finite = clip_norm * minimum(1.0 / use_norm, constant(1.0, dtype=use_norm.dtype) / clip_norm)
        scale = scale_for_finite + (use_norm - use_norm)  # NaN when the norm is infinite, as TF1
        clipped = []
        for i, t in enumerate(t_list):
            if t is None:
                clipped.append(None)
                continue
            v = convert_to_tensor(t, name=f"t_{i}")
            clipped.append(identity(v * cast(scale, v.dtype), name=f"{scope[:-1]}_{i}"))
    return clipped, use_norm


def clip_by_average_norm(t, clip_norm, name=None):
    """t * clip_norm / max(l2norm(t) / size(t), clip_norm).

    >>> clipped = tf.clip_by_average_norm(grad, 0.1)
    """
    with name_scope(name, "clip_by_average_norm") as scope:
        values = convert_to_tensor(t, name="t")
        n_element = cast(size(values), dtypes.float32)
        l2norm_inv = rsqrt(reduce_sum(values * values))
        return identity(values * clip_norm * minimum(l2norm_inv * n_element, constant(1.0) / clip_norm),
                        name=scope)
