"""Batch normalization: tf.nn.moments, tf.nn.batch_normalization and tf.nn.l2_normalize (built from
basic ops, as TF1 builds them) and the fused FusedBatchNorm op behind tf.layers.batch_normalization, with its
fused gradient. Kernels: src_cpp/kernels/normalization.cc.

FusedBatchNorm(x, scale, offset, mean, variance, training) -> (y, batch_mean, batch_variance,
inv_std) normalizes along attribute `axis`; `training` is a boolean scalar tensor, so one op
serves tf.layers.batch_normalization(training=placeholder) in both modes without a cond.
"""
import numbers

from ..framework import dtypes
from ..framework.graph import name_scope
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.shape_rules import FLOATING, require_dtypes
from ..framework.tensor_shape import TensorShape
from .array_ops import stop_gradient
from .constant_op import convert_to_tensor
from .math_ops import cast, maximum, multiply, rsqrt, square, squared_difference
from .reduction_ops import reduce_mean, reduce_sum
from .shape_ops import squeeze


def _channels(x, axis, what):
    s = x._shape
    if s.ndims is not None and not 0 <= axis < s.ndims:
        raise ValueError(f"{what}: axis {axis} is out of range for '{x.name}' of shape {s}")
    return None if s.ndims is None else s[axis].value


def _fused_infer(inputs, attrs):
    x, scale, offset, mean, variance, training = inputs
    require_dtypes(x, FLOATING, "FusedBatchNorm")
    c = _channels(x, attrs["axis"], "FusedBatchNorm")
    for t, what in ((scale, "scale"), (offset, "offset"), (mean, "mean"), (variance, "variance")):
        if t._dtype is not x._dtype:
            raise TypeError(f"FusedBatchNorm: {what} '{t.name}' is {t._dtype.name}, x is {x._dtype.name}")
        if not t._shape.is_compatible_with(TensorShape([c])):
            raise ValueError(f"FusedBatchNorm: {what} '{t.name}' must have shape [{c}] (one value per channel), "
                             f"got {t._shape}")
    if training._dtype is not dtypes.bool or not training._shape.is_compatible_with(TensorShape([])):
        raise TypeError(f"FusedBatchNorm: training '{training.name}' must be a boolean scalar, got "
                        f"{training._dtype.name} {training._shape}")
    vec = TensorShape([c])
    return [(x._dtype, x._shape)] + [(x._dtype, vec)] * 3


def _fused_grad_infer(inputs, attrs):
    x = inputs[1]
    vec = TensorShape([_channels(x, attrs["axis"], "FusedBatchNormGrad")])
    return [(x._dtype, x._shape)] + [(x._dtype, vec)] * 4


define_op("FusedBatchNorm", infer=_fused_infer)
define_op("FusedBatchNormGrad", infer=_fused_grad_infer)
not_differentiable("FusedBatchNormGrad")


def _is_filler(grad):
    # gradients.py fills the gradients of unused outputs with zeros_like(output).
    return grad.op.type == "ZerosLike"


@register_gradient("FusedBatchNorm")
def _fused_batch_norm_grad(op, dy, dmean, dvariance, dinv_std):
    for grad, what in ((dmean, "batch_mean"), (dvariance, "batch_variance"), (dinv_std, "inv_std")):
        if not _is_filler(grad):
            raise NotImplementedError(
                f"the gradient through {what} of '{op.name}' is not implemented (only the normalized output is "
                f"differentiable); compute the statistics with tf.nn.moments to differentiate them.")
    x, scale, _, _, _, training = op.inputs
    grad_op = op.graph.create_op("FusedBatchNormGrad", (dy, x, scale, op.outputs[1], op.outputs[3], training),
                                 {"axis": op.get_attr("axis")}, "FusedBatchNormGrad")
    dx, dscale, doffset, dm, dv = grad_op.outputs
    return [dx, dscale, doffset, dm, dv, None]


def fused_batch_norm_op(x, scale, offset, mean, variance, training, epsilon, axis, name=None):
    """The FusedBatchNorm op: (y, batch_mean, batch_variance, inv_std); see the module docstring.

    >>> y, m, v, _ = fused_batch_norm_op(x, gamma, beta, moving_mean, moving_var, training, 1e-3, 1)
    """
    training = convert_to_tensor(training, dtype=dtypes.bool)
    scale, offset, mean, variance = (convert_to_tensor(t) for t in (scale, offset, mean, variance))
    op = x.graph.create_op("FusedBatchNorm", (x, scale, offset, mean, variance, training),
                           {"epsilon": float(epsilon), "axis": int(axis)}, name or "FusedBatchNorm")
    return tuple(op.outputs)


def _axes_list(axes, what):
    if isinstance(axes, numbers.Integral):
        return [int(axes)]
    try:
        return [int(a) for a in axes]
    except TypeError:
        raise TypeError(f"{what}: axes must be a list of ints (e.g. [0] for a [batch, features] input), "
                        f"got {axes!r}") from None


def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """Mean and (biased) variance of x over `axes`.

    >>> mean, variance = tf.nn.moments(X, axes=[0])
    """
    keep = bool(keepdims if keepdims is not None else keep_dims)
    axes = _axes_list(axes, "moments")
    with name_scope(name, "moments"):
        y = convert_to_tensor(x)
        mean = reduce_mean(y, axes, keepdims=True, name="mean")
        # The mean is a constant for the variance's gradient, as TF1: d/dmean of the variance is 0.
        variance = reduce_mean(squared_difference(y, stop_gradient(mean)), axes, keepdims=True, name="variance")
        if not keep:
            mean = squeeze(mean, axes)
            variance = squeeze(variance, axes)
        return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """(x - mean) * scale / sqrt(variance + variance_epsilon) + offset, computed as TF1 does:
    x * inv + (offset - mean * inv) with inv = scale * rsqrt(variance + epsilon).

    >>> mean, var = tf.nn.moments(X, [0])
    >>> Xn = tf.nn.batch_normalization(X, mean, var, offset=None, scale=None, variance_epsilon=1e-3)
    """
    with name_scope(name, "batchnorm"):
        x = convert_to_tensor(x)
        # Python operators, so the ops get TF1's names (batchnorm/add, batchnorm/mul...).
        inv = rsqrt(convert_to_tensor(variance) + variance_epsilon)
        if scale is not None:
            inv *= scale
        shift = offset - mean * inv if offset is not None else -mean * inv
        return x * cast(inv, x.dtype) + cast(shift, x.dtype)


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x**2, axis), epsilon)): unit L2 norm along `axis` (all axes if None).

    >>> unit_rows = tf.nn.l2_normalize(embeddings, axis=1)
    """
    if dim is not None:
        if axis is not None:
            raise ValueError("l2_normalize: pass axis or its old name dim, not both")
        axis = dim
    with name_scope(name, "l2_normalize") as scope:
        x = convert_to_tensor(x, name="x")
        square_sum = reduce_sum(square(x), axis, keepdims=True)
        x_inv_norm = rsqrt(maximum(square_sum, epsilon))
        return multiply(x, x_inv_norm, name=scope)
