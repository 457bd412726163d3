"""tf.distributions.Bernoulli: 0/1 outcomes with P(1) = probs = sigmoid(logits); samples int32.

>>> coin = tf.distributions.Bernoulli(probs=0.3)
>>> flips = coin.sample(10)
"""
from ..framework import dtypes as _dtypes
from ..ops.array_ops import identity, ones_like
from ..ops.constant_op import convert_to_tensor
from ..ops.math_ops import (add, cast, greater, less, log, log1p, multiply, negative, sigmoid, sqrt, subtract)
from ..ops.activation_ops import softplus
from ..ops.concat_ops import concat
from ..ops.nn_ops import sigmoid_cross_entropy_with_logits
from ..ops.random_ops import random_uniform
from ..ops.shape_ops import shape as shape_of
from .logits_or_probs import LogitsOrProbsDistribution


class Bernoulli(LogitsOrProbsDistribution):
    """Bernoulli(logits=None, probs=None, dtype=tf.int32): sample, log_prob, prob, entropy,
    mean, mode, stddev, variance.

    >>> tf.distributions.Bernoulli(logits=scores).log_prob(labels)
    """

    def __init__(self, logits=None, probs=None, dtype=_dtypes.int32, validate_args=False, allow_nan_stats=True,
                 name="Bernoulli"):
        super().__init__(logits, probs, dtype, validate_args, allow_nan_stats, name)

    def _probs_from_logits(self, logits):
        return sigmoid(logits, name="probs")

    def _logits_from_probs(self, probs):
        return subtract(log(probs), log1p(negative(probs)), name="logits")

    @property
    def batch_shape(self):
        return self._logits.shape

    def batch_shape_tensor(self):
        return shape_of(self._logits)

    def _sample(self, sample_shape, seed):
        shape = concat([convert_to_tensor(sample_shape, dtype=_dtypes.int32), self.batch_shape_tensor()], 0)
        uniform = random_uniform(shape, dtype=self._probs.dtype, seed=seed)
        return cast(less(uniform, self._probs), self._dtype)

    def _log_prob(self, x):
        x = cast(x, self._logits.dtype)
        # the cross entropy wants equal shapes: broadcast the outcomes and the logits against each other
        logits = multiply(self._logits, ones_like(x))
        x = multiply(x, ones_like(self._logits))
        return negative(sigmoid_cross_entropy_with_logits(labels=x, logits=logits))

    def _entropy(self):
        # p softplus(-l) + (1 - p) softplus(l): -p log p - (1 - p) log(1 - p) without log(0)
        p = self._probs
        return add(multiply(p, softplus(negative(self._logits))), multiply(subtract(1.0, p), softplus(self._logits)))

    def _mean(self):
        return identity(self._probs)

    def _mode(self):
        return cast(greater(self._probs, 0.5), self._dtype)

    def _stddev(self):
        return sqrt(multiply(self._probs, subtract(1.0, self._probs)))
