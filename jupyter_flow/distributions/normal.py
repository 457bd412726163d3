"""tf.distributions.Normal: the Gaussian with mean loc and standard deviation scale (broadcast).

>>> dist = tf.distributions.Normal(loc=[0.0, 1.0], scale=[1.0, 2.0])
>>> dist.log_prob([0.5, 0.5])      # [-1.0439385, -1.6433357]
"""
import math

from ..framework.graph import name_scope
from ..ops.array_ops import ones_like
from ..ops.concat_ops import concat
from ..ops.constant_op import convert_to_tensor
from ..ops.math_ops import add, log, multiply, square, subtract, truediv
from ..ops.random_ops import random_normal
from ..ops.shape_ops import shape as shape_of
from .distribution import FULLY_REPARAMETERIZED, Distribution, broadcast_static_shape


class Normal(Distribution):
    """Normal(loc, scale): sample, log_prob, prob, entropy, mean, mode, stddev, variance.

    >>> noise = tf.distributions.Normal(0.0, 1.0).sample([batch, 10])
    """

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Normal"):
        with name_scope(name, values=[loc, scale]) as scope:
            loc = convert_to_tensor(loc, name="loc")
            scale = convert_to_tensor(scale, name="scale", dtype=loc.dtype)
        if not loc.dtype.is_floating:
            raise TypeError(f"Normal: loc and scale must be floating point, got {loc.dtype.name}")
        self._loc, self._scale = loc, scale
        super().__init__(loc.dtype, dict(loc=loc, scale=scale), scope, FULLY_REPARAMETERIZED, validate_args,
                         allow_nan_stats)

    @property
    def loc(self):
        return self._loc

    @property
    def scale(self):
        return self._scale

    @property
    def batch_shape(self):
        return broadcast_static_shape(self._loc.shape, self._scale.shape)

    def batch_shape_tensor(self):
        return shape_of(add(self._loc, self._scale))

    def _sample(self, sample_shape, seed):
        shape = concat([convert_to_tensor(sample_shape, dtype=self.batch_shape_tensor().dtype),
                        self.batch_shape_tensor()], 0)
        return add(multiply(random_normal(shape, dtype=self._dtype, seed=seed), self._scale), self._loc)

    def _log_prob(self, x):
        z = truediv(subtract(x, self._loc), self._scale)
        return subtract(multiply(-0.5, square(z)), add(0.5 * math.log(2.0 * math.pi), log(self._scale)))

    def _entropy(self):
        scale = multiply(self._scale, ones_like(self._loc))
        return add(0.5 * math.log(2.0 * math.pi * math.e), log(scale))

    def _mean(self):
        return multiply(self._loc, ones_like(self._scale))

    _mode = _mean

    def _stddev(self):
        return multiply(self._scale, ones_like(self._loc))

    def cdf(self, value, name="cdf"):
        raise NotImplementedError("Normal.cdf needs tf.math.erf, which jupyter_flow does not have yet.")
