"""tf.nn.fused_batch_norm, weighted_moments, max_pool1d/avg_pool1d, max_pool_v2/avg_pool_v2 and
convolution, composed of existing ops (moments, batch_normalization, max_pool/avg_pool, conv1d/conv2d),
so their gradients are those of the parts.

>>> y, mean, var = tf.nn.fused_batch_norm(x, gamma, beta, is_training=True)
>>> y = tf.nn.convolution(x, w, padding="SAME", dilation_rate=[2, 2])
"""
import numbers

from ..framework import dtypes
from ..framework.graph import name_scope
from . import array_ops, math_ops
from .constant_op import convert_to_tensor
from .conv1d_ops import conv1d
from .conv_ops import conv2d
from .normalization_ops import batch_normalization, moments
from .pooling_ops import avg_pool, max_pool
from .reduction_ops import reduce_sum
from .shape_ops import expand_dims, reshape, shape, squeeze

_MIN_EPSILON = 1.001e-5  # TF1 raises smaller epsilons to cuDNN's minimum, on every device


def fused_batch_norm(x, scale, offset, mean=None, variance=None, epsilon=0.001, data_format="NHWC",
                     is_training=True, name=None, exponential_avg_factor=1.0):
    """Batch normalization of a 4-D NHWC (or NCHW) x per channel, returning (y, mean, variance).
    is_training=True normalizes with the batch's mean and biased variance and returns the batch mean
    and the unbiased variance (times n / (n - 1), as TF1); is_training=False normalizes with the given
    mean and variance and returns them.

    >>> y, batch_mean, batch_var = tf.nn.fused_batch_norm(x, gamma, beta, epsilon=1e-3)
    >>> y, _, _ = tf.nn.fused_batch_norm(x, gamma, beta, moving_mean, moving_var, is_training=False)
    """
    if exponential_avg_factor != 1.0:
        raise NotImplementedError("fused_batch_norm: exponential_avg_factor other than 1.0 is not supported; "
                                  "update the moving averages with tf.assign instead.")
    if not is_training and (mean is None or variance is None):
        raise ValueError("Both `mean` and `variance` must be a 1D tensor when `is_training` is False "
                         "(pass the moving mean and variance).")
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError(f"fused_batch_norm: data_format must be 'NHWC' or 'NCHW', got {data_format!r}")
    epsilon = max(float(epsilon), _MIN_EPSILON)
    with name_scope(name, "FusedBatchNormV3"):
        x = convert_to_tensor(x, name="input")
        if x.shape.ndims is not None and x.shape.ndims != 4:
            raise ValueError(f"fused_batch_norm: x must be 4-D ({data_format}), got shape {x.shape} ('{x.name}'); "
                             f"use tf.nn.batch_normalization for other ranks.")
        compute = dtypes.float32 if x.dtype in (dtypes.float16, dtypes.bfloat16) else x.dtype
        xc = math_ops.cast(x, compute) if compute != x.dtype else x
        axes = [0, 1, 2] if data_format == "NHWC" else [0, 2, 3]
        as_channels = ((lambda v: v) if data_format == "NHWC" else (lambda v: reshape(v, [-1, 1, 1])))
        scale = math_ops.cast(convert_to_tensor(scale, name="scale"), compute)
        offset = math_ops.cast(convert_to_tensor(offset, name="offset"), compute)
        if is_training:
            batch_mean, batch_var = moments(xc, axes)
            y = batch_normalization(xc, as_channels(batch_mean), as_channels(batch_var), as_channels(offset),
                                    as_channels(scale), epsilon)
            n = _count(xc, axes)
            # TF1's kernel: the returned variance is Bessel-corrected, n / max(n - 1, 1).
            unbiased = math_ops.multiply(batch_var, math_ops.real_div(n, math_ops.maximum(n - 1.0, 1.0)))
            out_mean, out_var = batch_mean, unbiased
        else:
            # TF1's gradient gives nothing to the given mean and variance.
            out_mean = array_ops.stop_gradient(math_ops.cast(convert_to_tensor(mean, name="mean"), compute))
            out_var = array_ops.stop_gradient(math_ops.cast(convert_to_tensor(variance, name="variance"), compute))
            y = batch_normalization(xc, as_channels(out_mean), as_channels(out_var), as_channels(offset),
                                    as_channels(scale), epsilon)
        if compute != x.dtype:
            y = math_ops.cast(y, x.dtype)
        return y, out_mean, out_var


def _count(x, axes):
    # The number of elements per channel, a Python float when the shape says it.
    dims = [x.shape[a].value if x.shape.ndims is not None else None for a in axes]
    if all(d is not None for d in dims):
        total = 1
        for d in dims:
            total *= d
        return float(total)
    s = shape(x)
    total = math_ops.cast(s[axes[0]], x.dtype)
    for a in axes[1:]:
        total = math_ops.multiply(total, math_ops.cast(s[a], x.dtype))
    return total


def _div_no_nan(numerator, denominator):
    # 0 where the denominator is 0, as TF1's div_no_nan (all weights zero).
    is_zero = math_ops.equal(denominator, 0.0)
    safe = array_ops.where(is_zero, array_ops.ones_like(denominator), denominator)
    return array_ops.where(is_zero, array_ops.zeros_like(numerator), math_ops.real_div(numerator, safe))


def weighted_moments(x, axes, frequency_weights, name=None, keep_dims=None, keepdims=None):
    """The frequency-weighted mean and variance of x over `axes` (weights broadcast against x);
    0 where every weight is 0.

    >>> mean, var = tf.nn.weighted_moments(x, axes=[0], frequency_weights=counts)
    """
    keep = bool(keepdims if keepdims is not None else keep_dims)
    axes = [int(axes)] if isinstance(axes, numbers.Integral) else [int(a) for a in axes]
    with name_scope(name, "weighted_moments"):
        x = convert_to_tensor(x, name="x")
        needs_cast = x.dtype == dtypes.float16
        if needs_cast:
            x = math_ops.cast(x, dtypes.float32)
        w = convert_to_tensor(frequency_weights, name="frequency_weights")
        if w.dtype != x.dtype:
            w = math_ops.cast(w, x.dtype)
        weighted_sum = reduce_sum(math_ops.multiply(w, x), axes, keepdims=True, name="weighted_input_sum")
        sum_of_weights = reduce_sum(math_ops.add(w, array_ops.zeros_like(x)), axes, keepdims=True,
                                    name="sum_of_weights")
        mean = _div_no_nan(weighted_sum, sum_of_weights)
        distsq = reduce_sum(math_ops.multiply(w, math_ops.squared_difference(x, mean)), axes, keepdims=True,
                            name="weighted_distsq")
        variance = _div_no_nan(distsq, sum_of_weights)
        if not keep:
            mean, variance = squeeze(mean, axes), squeeze(variance, axes)
        if needs_cast:
            mean, variance = math_ops.cast(mean, dtypes.float16), math_ops.cast(variance, dtypes.float16)
        return mean, variance


def _spatial(value, n, what, op):
    """ksize / strides of an n-D pool: an int, n ints, or n + 2 ints with 1 for batch and channels."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return [int(value)] * n
    v = [int(s) for s in value]
    if len(v) == 1:
        return v * n
    if len(v) == n:
        return v
    if len(v) == n + 2 and v[0] == 1 and v[-1] == 1:
        return v[1:-1]
    raise ValueError(f"{op}: {what} must be an int or a list of 1, {n} or {n + 2} ints "
                     f"([1, ..., 1] in channels-last order), got {value!r}")


def _pool1d(pool_fn, default_name, input, ksize, strides, padding, data_format, name):  # noqa: A002
    if data_format not in (None, "NWC"):
        raise ValueError(f"{default_name}: data_format must be 'NWC' (channels last), got {data_format!r}; "
                         f"transpose NCW inputs with tf.transpose(x, [0, 2, 1]).")
    (k,), (s,) = _spatial(ksize, 1, "ksize", default_name), _spatial(strides, 1, "strides", default_name)
    with name_scope(name, default_name):
        x = convert_to_tensor(input)
        if x.shape.ndims is not None and x.shape.ndims != 3:
            raise ValueError(f"{default_name}: input must be 3-D [batch, width, channels], got shape {x.shape} "
                             f"('{x.name}')")
        y = pool_fn(expand_dims(x, 1), [1, 1, k, 1], [1, 1, s, 1], padding)
        return squeeze(y, [1])  # <name>/Squeeze, as TF1


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    """Max pooling of [batch, width, channels] inputs (ksize, strides: an int or [1, k, 1]).

    >>> p = tf.nn.max_pool1d(x, ksize=2, strides=2, padding="VALID")
    """
    return _pool1d(max_pool, "MaxPool1d", input, ksize, strides, padding, data_format, name)


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    """Average pooling of [batch, width, channels] inputs (ksize, strides: an int or [1, k, 1]).

    >>> p = tf.nn.avg_pool1d(x, ksize=3, strides=1, padding="SAME")
    """
    return _pool1d(avg_pool, "AvgPool1D", input, ksize, strides, padding, data_format, name)


def _pool_v2(kind, input, ksize, strides, padding, data_format, name):  # noqa: A002
    x = convert_to_tensor(input)
    rank = x.shape.ndims
    if rank == 3:
        return (max_pool1d if kind == "max" else avg_pool1d)(x, ksize, strides, padding, data_format or "NWC", name)
    if rank == 4:
        if data_format not in (None, "NHWC"):
            raise ValueError(f"{kind}_pool_v2: 4-D inputs must be NHWC, got data_format={data_format!r}")
        pool_fn = max_pool if kind == "max" else avg_pool
        k, s = _spatial(ksize, 2, "ksize", f"{kind}_pool"), _spatial(strides, 2, "strides", f"{kind}_pool")
        return pool_fn(x, [1, *k, 1], [1, *s, 1], padding, name=name or ("MaxPool2d" if kind == "max" else "AvgPool2D"))
    raise ValueError(f"{kind}_pool_v2: input must be 3-D (NWC) or 4-D (NHWC), got shape {x.shape} ('{x.name}'); "
                     f"3-D pooling (5-D inputs) is not supported.")


def max_pool_v2(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    """Max pooling of NWC or NHWC inputs, chosen by their rank (ksize, strides: an int or a list).

    >>> p = tf.nn.max_pool_v2(x, ksize=2, strides=2, padding="SAME")
    """
    return _pool_v2("max", input, ksize, strides, padding, data_format, name)


def avg_pool_v2(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    """Average pooling of NWC or NHWC inputs, chosen by their rank (ksize, strides: an int or a list).

    >>> p = tf.nn.avg_pool_v2(x, ksize=[2, 2], strides=[2, 2], padding="VALID")
    """
    return _pool_v2("avg", input, ksize, strides, padding, data_format, name)


def convolution(input, filter=None, padding=None, strides=None, dilation_rate=None, name=None,  # noqa: A002
                data_format=None, filters=None, dilations=None):
    """An N-D convolution chosen by the rank of `input`: conv1d for [batch, width, channels],
    conv2d for [batch, height, width, channels]; strides and dilation_rate are per spatial
    dimension (strides > 1 together with dilation_rate > 1 is refused, as TF1).

    >>> y = tf.nn.convolution(x, w, padding="SAME", strides=[2, 2])
    >>> y = tf.nn.convolution(x, w, padding="SAME", dilation_rate=[2, 2])
    """
    if filter is not None and filters is not None:
        raise ValueError("Cannot specify both 'filter' and 'filters' for convolution; pass one of them.")
    f = filters if filter is None else filter
    if dilation_rate is not None and dilations is not None:
        raise ValueError("Cannot specify both 'dilation_rate' and 'dilations' for convolution; pass one of them.")
    dilation_rate = dilations if dilation_rate is None else dilation_rate
    if f is None or padding is None:
        raise ValueError("convolution needs a filter ([spatial..., in_channels, out_channels]) and a padding "
                         "('SAME' or 'VALID')")
    x = convert_to_tensor(input)
    rank = x.shape.ndims
    if rank is None:
        raise ValueError(f"convolution: the rank of input '{x.name}' must be known (3 or 4).")
    n = rank - 2
    if n not in (1, 2):
        raise ValueError(f"convolution: input '{x.name}' has shape {x.shape}; only 1-D (NWC) and 2-D (NHWC) "
                         f"convolutions are supported.")
    channels_last = "NWC" if n == 1 else "NHWC"
    if data_format not in (None, channels_last):
        raise ValueError(f"convolution supports data_format={channels_last!r} only for {rank}-D inputs, got "
                         f"{data_format!r}; transpose the inputs to channels last.")
    s = [1] * n if strides is None else _spatial(strides, n, "strides", "convolution")
    d = [1] * n if dilation_rate is None else _spatial(dilation_rate, n, "dilation_rate", "convolution")
    if len(s) != n or len(d) != n:
        raise ValueError(f"convolution: strides and dilation_rate need {n} values for a {n}-D convolution")
    if any(v < 1 for v in s + d):
        raise ValueError(f"convolution: strides {s} and dilation_rate {d} must be positive")
    if any(v > 1 for v in s) and any(v > 1 for v in d):
        raise ValueError("strides > 1 not supported in conjunction with dilation_rate > 1 "
                         f"(got strides={s}, dilation_rate={d}); use one of them.")
    with name_scope(name, "convolution") as scope:
        if n == 1:
            ft = convert_to_tensor(f, dtype=x.dtype if x.dtype.is_floating else None)
            return conv1d(x, ft, stride=s[0], padding=padding, dilations=d[0], name=scope)
        return conv2d(x, f, strides=[1, *s, 1], padding=padding, dilations=[1, *d, 1], name=scope)
