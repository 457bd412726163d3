"""Initializers: callables (shape, dtype) -> initial-value tensor, for get_variable and layers."""
import math

import numpy as np

from ..framework import dtypes
from .constant_op import constant
from .math_ops import multiply
from .random_ops import random_normal, random_uniform, truncated_normal


class Initializer:
    """Base class: ``init(shape, dtype=None, partition_info=None)`` returns a tensor."""

    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def _dtype(self, dtype):
        return self.dtype if dtype is None else dtypes.as_dtype(dtype)

    def get_config(self):
        return {}


class Constant(Initializer):
    """tf.constant_initializer(0.0): every element equals `value` (or a list reshaped)."""

    def __init__(self, value=0, dtype=dtypes.float32, verify_shape=False):
        super().__init__(dtype)
        self.value = value

    def __call__(self, shape, dtype=None, partition_info=None):
        dt = self._dtype(dtype)
        shape = [int(d) for d in shape]
        v = np.asarray(self.value, dtype=dt.as_numpy_dtype)
        arr = np.full(shape, v, dtype=v.dtype) if v.size == 1 else v.reshape(shape)
        return constant(arr, dtype=dt)


class Zeros(Constant):
    def __init__(self, dtype=dtypes.float32):
        super().__init__(0, dtype)


class Ones(Constant):
    def __init__(self, dtype=dtypes.float32):
        super().__init__(1, dtype)


class RandomNormal(Initializer):
    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=dtypes.float32):
        super().__init__(dtype)
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_normal(shape, self.mean, self.stddev, self._dtype(dtype), seed=self.seed)


class TruncatedNormal(RandomNormal):
    def __call__(self, shape, dtype=None, partition_info=None):
        return truncated_normal(shape, self.mean, self.stddev, self._dtype(dtype), seed=self.seed)


class RandomUniform(Initializer):
    def __init__(self, minval=0.0, maxval=None, seed=None, dtype=dtypes.float32):
        super().__init__(dtype)
        self.minval, self.maxval, self.seed = minval, 1.0 if maxval is None else maxval, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_uniform(shape, self.minval, self.maxval, self._dtype(dtype), seed=self.seed)


def _fans(shape):
    shape = [int(d) for d in shape]
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return shape[-2] * receptive, shape[-1] * receptive


class VarianceScaling(Initializer):
    """Samples scaled by fan-in/fan-out (He, LeCun, Glorot initializations)."""

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None, dtype=dtypes.float32):
        super().__init__(dtype)
        if distribution == "normal":
            distribution = "truncated_normal"
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        fan_in, fan_out = _fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, n)
        dt = self._dtype(dtype)
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * scale)
            return random_uniform(shape, -limit, limit, dt, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return random_normal(shape, 0.0, math.sqrt(scale), dt, seed=self.seed)
        # 0.879... is the stddev of a unit normal truncated to [-2, 2]
        return multiply(truncated_normal(shape, 0.0, 1.0, dt, seed=self.seed), math.sqrt(scale) / .87962566103423978)


class GlorotUniform(VarianceScaling):
    """Xavier uniform: limits ±sqrt(6 / (fan_in + fan_out)); get_variable's default."""

    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(1.0, "fan_avg", "uniform", seed, dtype)


class GlorotNormal(VarianceScaling):
    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(1.0, "fan_avg", "truncated_normal", seed, dtype)


constant_initializer = Constant
zeros_initializer = Zeros
ones_initializer = Ones
random_normal_initializer = RandomNormal
random_uniform_initializer = RandomUniform
truncated_normal_initializer = TruncatedNormal
glorot_uniform_initializer = GlorotUniform
glorot_normal_initializer = GlorotNormal
variance_scaling_initializer = VarianceScaling


def he_normal(seed=None):
    return VarianceScaling(2.0, "fan_in", "truncated_normal", seed)


def he_uniform(seed=None):
    return VarianceScaling(2.0, "fan_in", "uniform", seed)
