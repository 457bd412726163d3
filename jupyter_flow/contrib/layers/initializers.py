"""tf.contrib.layers' initializers: xavier_initializer and its variance_scaling_initializer
(factor 2, fan-in, truncated normal of stddev sqrt(1.3 * factor / n): He initialization).

>>> he_init = tf.contrib.layers.variance_scaling_initializer()
>>> hidden1 = tf.layers.dense(X, 300, kernel_initializer=he_init)
"""
import math

from ...framework import dtypes
from ...ops.random_ops import random_uniform, truncated_normal


def variance_scaling_initializer(factor=2.0, mode="FAN_IN", uniform=False, seed=None, dtype=dtypes.float32):
    """Samples of variance factor / n, n being the fan-in, the fan-out or their average.

    >>> init = tf.contrib.layers.variance_scaling_initializer(factor=1.0, mode="FAN_AVG", uniform=True)
    >>> W = tf.get_variable("W", [784, 300], initializer=init)
    """
    if not dtypes.as_dtype(dtype).is_floating:
        raise TypeError(f"Cannot create initializer for non-floating point type {dtypes.as_dtype(dtype).name}.")
    if mode not in ("FAN_IN", "FAN_OUT", "FAN_AVG"):
        raise TypeError(f"Unknown mode {mode} [FAN_IN, FAN_OUT, FAN_AVG]")

    def _initializer(shape, dtype=dtype, partition_info=None):
        dtype = dtypes.as_dtype(dtype)
        if not dtype.is_floating:
            raise TypeError(f"Cannot create initializer for non-floating point type {dtype.name}.")
        shape = [int(d) for d in shape]
        if shape:
            fan_in = float(shape[-2]) if len(shape) > 1 else float(shape[-1])
            fan_out = float(shape[-1])
        else:
            fan_in = fan_out = 1.0
        for dim in shape[:-2]:
            fan_in *= float(dim)
            fan_out *= float(dim)
        n = {"FAN_IN": fan_in, "FAN_OUT": fan_out, "FAN_AVG": (fan_in + fan_out) / 2.0}[mode]
        if uniform:
            limit = math.sqrt(3.0 * factor / n)
            return random_uniform(shape, -limit, limit, dtype, seed=seed)
        # 1.3: TF1's correction for the truncation at two standard deviations.
        return truncated_normal(shape, 0.0, math.sqrt(1.3 * factor / n), dtype, seed=seed)
    return _initializer


def xavier_initializer(uniform=True, seed=None, dtype=dtypes.float32):
    """Glorot/Xavier initialization: variance 1 / mean(fan_in, fan_out).

    >>> W = tf.get_variable("W", [784, 300], initializer=tf.contrib.layers.xavier_initializer())
    """
    return variance_scaling_initializer(factor=1.0, mode="FAN_AVG", uniform=uniform, seed=seed, dtype=dtype)


xavier_initializer_conv2d = xavier_initializer
