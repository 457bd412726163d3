"""tf.contrib.seq2seq.ScheduledEmbeddingTrainingHelper: scheduled sampling (Bengio et al. 2015). Each
step, each sequence feeds, with probability sampling_probability, the embedding of an id sampled
from its outputs instead of the ground-truth input; sample_id is -1 where it did not sample.

>>> helper = tf.contrib.seq2seq.ScheduledEmbeddingTrainingHelper(dec_inputs, lengths, embeddings, 0.25)
"""
from ...framework import dtypes
from ...framework.graph import name_scope
from ...ops.array_ops import fill, where
from ...ops.constant_op import convert_to_tensor
from ...ops.control_flow_cond import cond
from ...ops.embedding_ops import embedding_lookup
from ...ops.math_ops import greater, less, maximum
from ...ops.random_ops import random_uniform
from ...ops.random_sampling_ops import multinomial
from ...ops.reduction_ops import reduce_all
from ...ops.shape_ops import reshape
from .helper import TrainingHelper

__all__ = ["ScheduledEmbeddingTrainingHelper"]


class ScheduledEmbeddingTrainingHelper(TrainingHelper):
    """A TrainingHelper that sometimes feeds back a sampled token (see the module docstring).

    >>> helper = tf.contrib.seq2seq.ScheduledEmbeddingTrainingHelper(x, lengths, emb, sampling_probability=0.5)
    """

    def __init__(self, inputs, sequence_length, embedding, sampling_probability, time_major=False, seed=None,
                 scheduling_seed=None, name=None):
        with name_scope(name or "ScheduledEmbeddingSamplingWrapper"):
            if callable(embedding):
                self._embedding_fn = embedding
            else:
                params = convert_to_tensor(embedding, name="embedding")
                self._embedding_fn = lambda ids: embedding_lookup(params, ids)
            self._sampling_probability = convert_to_tensor(sampling_probability, name="sampling_probability")
            if self._sampling_probability.shape.ndims not in (0, 1):
                raise ValueError(f"sampling_probability must be either a scalar or a vector. saw shape: "
                                 f"{self._sampling_probability.shape}")
            self._seed, self._scheduling_seed = seed, scheduling_seed
        super().__init__(inputs, sequence_length, time_major, name)

    def sample(self, time, outputs, state, name=None):
        with name_scope(name or "ScheduledEmbeddingTrainingHelperSample"):
            # Bernoulli(p) per sequence, as TF's bernoulli sample: uniform < p.
            select = less(random_uniform([self.batch_size], seed=self._scheduling_seed), self._sampling_probability)
            sampled = reshape(multinomial(outputs, 1, seed=self._seed, output_dtype=dtypes.int32), [-1])
            return where(select, sampled, fill([self.batch_size], -1))

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with name_scope(name or "ScheduledEmbeddingTrainingHelperNextInputs"):
            finished, base_next_inputs, state = super().next_inputs(time, outputs, state, sample_ids)

            def maybe_sample():  # the sampled rows take their token's embedding, the others the truth
                sampled_inputs = self._embedding_fn(maximum(sample_ids, 0))
                return where(greater(sample_ids, -1), sampled_inputs, base_next_inputs)
            return finished, cond(reduce_all(finished), lambda: base_next_inputs, maybe_sample), state
