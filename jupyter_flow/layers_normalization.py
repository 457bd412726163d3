"""tf.layers.batch_normalization with TF1's variables, update ops and both modes.

Variables (in a scope named batch_normalization, batch_normalization_1, ...): gamma and beta
(trainable, unless scale/center is False), moving_mean and moving_variance (not trainable).
Training normalizes by the batch's statistics and puts the two moving-average updates
(moving -= (moving - batch) * (1 - momentum)) into tf.GraphKeys.UPDATE_OPS, which the training
step must run (with tf.control_dependencies(update_ops)). `training` may be a Python bool or a
boolean tensor: with a tensor one fused op serves both modes, and its updates leave the moving
averages unchanged when training is false.
"""
import numbers

from .framework import dtypes
from .framework.graph import GraphKeys, Tensor
from .framework.scopes import get_variable, variable_scope
from .ops import init_ops
from .ops.array_ops import identity
from .ops.constant_op import constant, convert_to_tensor
from .ops.math_ops import cast, maximum, multiply, real_div, subtract
from .ops.shape_ops import size
from .ops.normalization_ops import fused_batch_norm_op
from .ops.state_ops import assign_sub, global_variables


def _layer_scope(name, reuse):
    if reuse:
        return variable_scope(name or "batch_normalization", reuse=reuse)
    return variable_scope(None, default_name=name or "batch_normalization")


def _not_supported(**options):
    for key, value in options.items():
        if value not in (None, False):
            raise NotImplementedError(f"tf.layers.batch_normalization does not support {key} yet; "
                                      f"leave {key} at its default.")


def _variable(name, channels, dtype, initializer, regularizer, trainable, collections):
    before = {id(v) for v in global_variables()}
    var = get_variable(name, shape=[channels], dtype=dtype, initializer=initializer, trainable=trainable,
                       collections=collections)
    if regularizer is not None and id(var) not in before:
        with var.graph.name_scope(name + "/Regularizer"):
            penalty = regularizer(var)
        if penalty is not None:
            var.graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, penalty)
    return var


def _moving_average_update(variable, value, decay, sample_size):
    with variable.graph.name_scope("AssignMovingAvg") as scope:
        if sample_size is not None:
            # TF1's fused kernel (4-D inputs) keeps the unbiased variance in moving_variance.
            value = multiply(value, sample_size)
        delta = multiply(subtract(variable, value), constant(decay, dtype=variable.dtype.base_dtype, name="decay"))
        return assign_sub(variable, delta, name=scope[:-1])


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                        beta_initializer=init_ops.zeros_initializer(), gamma_initializer=init_ops.ones_initializer(),
                        moving_mean_initializer=init_ops.zeros_initializer(),
                        moving_variance_initializer=init_ops.ones_initializer(), beta_regularizer=None,
                        gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, training=False,
                        trainable=True, name=None, reuse=None, renorm=False, renorm_clipping=None,
                        renorm_momentum=0.99, fused=None, virtual_batch_size=None, adjustment=None):
    """Normalize each channel (the `axis` dimension) by batch statistics while training and by
    the moving averages otherwise, then scale by gamma and shift by beta.

    >>> training = tf.placeholder_with_default(False, shape=(), name="training")
    >>> bn1 = tf.layers.batch_normalization(hidden1, training=training, momentum=0.9)
    """
    _not_supported(beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, renorm=renorm,
                   renorm_clipping=renorm_clipping, virtual_batch_size=virtual_batch_size, adjustment=adjustment)
    x = convert_to_tensor(inputs)
    if not x.dtype.is_floating:
        raise TypeError(f"batch_normalization needs floating-point inputs, got {x.dtype.name} ('{x.name}'); "
                        f"use tf.cast first.")
    rank = x.shape.ndims
    if rank is None:
        raise ValueError(f"Input has undefined rank: batch_normalization needs to know the rank of '{x.name}'.")
    if isinstance(axis, (list, tuple)):
        if len(axis) != 1:
            raise NotImplementedError(f"batch_normalization normalizes along one axis; got axis={axis!r}")
        axis = axis[0]
    if not isinstance(axis, numbers.Integral) or not -rank <= axis < rank:
        raise ValueError(f"Invalid axis {axis!r} for '{x.name}' of rank {rank}.")
    axis = int(axis) % rank
    if x.shape[axis].value is None:
        raise ValueError(f"Input has undefined `axis` dimension: '{x.name}' has shape {x.shape}; give the "
                         f"normalized dimension a static size.")
    if isinstance(training, Tensor) and training.dtype is not dtypes.bool:
        raise TypeError(f"training must be a Python bool or a boolean tensor, got {training.dtype.name} "
                        f"('{training.name}'); e.g. tf.placeholder_with_default(False, shape=()).")
    with _layer_scope(name, reuse):
        # TF1 uses its fused kernel for 4-D inputs normalized on axis 1 or 3 (fused=None or True).
        tf_fused = rank == 4 and axis in (1, 3) and fused is not False
        return normalize(x, axis, training, momentum, epsilon, center, scale,
                         dict(beta=beta_initializer, gamma=gamma_initializer, moving_mean=moving_mean_initializer,
                              moving_variance=moving_variance_initializer),
                         dict(beta=beta_regularizer, gamma=gamma_regularizer), trainable, tf_fused)


def normalize(x, axis, training, momentum, epsilon, center, scale, initializers, regularizers, trainable, tf_fused,
              updates_collections=(GraphKeys.UPDATE_OPS,), collections_for=None, beta_first=False):
    """The batch-norm layer inside the caller's variable scope (shared by tf.layers and
    tf.contrib.layers): creates the variables, the FusedBatchNorm op and the moving-average
    updates. `tf_fused` follows TF1's fused kernel: unbiased moving variance, epsilon >= 1.001e-5.
    updates_collections=None runs the updates with every evaluation of the output instead;
    collections_for(kind) lists the collections of variable `kind` (gamma, beta, moving_mean...).
    Returns the normalized output.
    """
    dtype = x.dtype.base_dtype
    channels = x.shape[axis].value

    def param(kind, variable_trainable):
        collections = collections_for(kind) if collections_for else [GraphKeys.GLOBAL_VARIABLES]
        return _variable(kind, channels, dtype, initializers.get(kind), regularizers.get(kind), variable_trainable,
                         collections)

    def make_gamma():
        return param("gamma", trainable) if scale else constant(1.0, dtype=dtype, shape=[channels], name="ones")

    def make_beta():
        return param("beta", trainable) if center else constant(0.0, dtype=dtype, shape=[channels], name="zeros")

    if beta_first:  # tf.contrib.layers.batch_norm's order
        beta, gamma = make_beta(), make_gamma()
    else:
        gamma, beta = make_gamma(), make_beta()
    moving_mean = param("moving_mean", False)
    moving_variance = param("moving_variance", False)
    if tf_fused:
        epsilon = max(epsilon, 1.001e-5)  # TF1's fused kernel's minimum (a cuDNN requirement)
    y, batch_mean, batch_variance, _ = fused_batch_norm_op(x, gamma, beta, moving_mean, moving_variance,
                                                           training, epsilon, axis)
    if training is False:
        return y
    sample_size = _bessel_factor(x, channels, dtype) if tf_fused else None
    decay = 1.0 - momentum
    updates = [_moving_average_update(moving_mean, batch_mean, decay, None),
               _moving_average_update(moving_variance, batch_variance, decay, sample_size)]
    if updates_collections is None:
        with x.graph.control_dependencies(updates):
            return identity(y)
    for key in ([updates_collections] if isinstance(updates_collections, str) else updates_collections):
        for u in updates:
            x.graph.add_to_collection(key, u)
    return y


def _bessel_factor(x, channels, dtype):
    """n / (n - 1), n the number of values per channel (at run time when the batch size is unknown)."""
    n = x.shape.num_elements()
    if n is not None:
        count = float(n // channels)
        return constant(count / max(count - 1.0, 1.0), dtype=dtype, name="bessel_factor")
    with x.graph.name_scope("bessel_factor"):
        count = real_div(cast(size(x), dtype), float(channels))
        return real_div(count, maximum(subtract(count, 1.0), 1.0))
