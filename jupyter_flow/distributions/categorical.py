"""tf.distributions.Categorical: one of K classes per batch entry, from logits (unnormalized
log-probabilities) or probs over the last axis; samples int32.

>>> dist = tf.distributions.Categorical(logits=[[1.0, 2.0, 3.0]])
>>> dist.log_prob([2])   # [-0.40760595]
"""
from ..framework import dtypes as _dtypes
from ..framework.tensor_shape import TensorShape
from ..ops.constant_op import convert_to_tensor
from ..ops.indexing_ops import gather
from ..ops.math_ops import cast, log, multiply, negative
from ..ops.nn_ops import log_softmax, softmax, sparse_softmax_cross_entropy_with_logits
from ..ops.random_sampling_ops import multinomial
from ..ops.reduction_ops import argmax, reduce_sum
from ..ops.shape_ops import expand_dims, reshape, shape as shape_of
from ..ops.linalg_ops import transpose
from ..ops.concat_ops import concat
from .logits_or_probs import LogitsOrProbsDistribution


class Categorical(LogitsOrProbsDistribution):
    """Categorical(logits=None, probs=None, dtype=tf.int32): sample, log_prob, prob, entropy,
    mode; event_size is K, the last axis of logits / probs.

    >>> actions = tf.distributions.Categorical(logits=policy_logits).sample()
    """

    def __init__(self, logits=None, probs=None, dtype=_dtypes.int32, validate_args=False, allow_nan_stats=True,
                 name="Categorical"):
        super().__init__(logits, probs, dtype, validate_args, allow_nan_stats, name)

    def _probs_from_logits(self, logits):
        return softmax(logits, name="probs")

    def _logits_from_probs(self, probs):
        return log(probs, name="logits")

    def _check_parameters(self):
        if self._logits.shape.ndims not in (1, 2):
            raise NotImplementedError(f"Categorical supports logits of rank 1 or 2 ([K] or [batch, K]), got shape "
                                      f"{self._logits.shape}")

    @property
    def event_size(self):
        return self._logits.shape[-1].value

    @property
    def batch_shape(self):
        return TensorShape(self._logits.shape.as_list()[:-1])

    def batch_shape_tensor(self):
        return shape_of(self._logits)[:-1]

    def _sample(self, sample_shape, seed):
        n = 1
        for d in sample_shape:
            n *= d
        logits_2d = self._logits if self._logits.shape.ndims == 2 else expand_dims(self._logits, 0)
        draws = transpose(multinomial(logits_2d, n, seed=seed, output_dtype=self._dtype))   # [n, batch]
        shape = concat([convert_to_tensor(sample_shape, dtype=_dtypes.int32), self.batch_shape_tensor()], 0)
        return reshape(draws, shape)

    def _log_prob(self, k):
        k = cast(k, _dtypes.int32)
        if self._logits.shape.ndims == 1:
            return gather(log_softmax(self._logits), k)
        return negative(sparse_softmax_cross_entropy_with_logits(labels=k, logits=self._logits))

    def _entropy(self):
        return negative(reduce_sum(multiply(softmax(self._logits), log_softmax(self._logits)), axis=-1))

    def _mode(self):
        return cast(argmax(self._logits, axis=-1), self._dtype)

    def _mean(self):
        raise NotImplementedError("Categorical has no mean (TF1 does not define it either); use probs or mode().")

    def _stddev(self):
        raise NotImplementedError("Categorical has no stddev (TF1 does not define it either).")
