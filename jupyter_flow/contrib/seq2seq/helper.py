"""tf.contrib.seq2seq helpers: what a decoder feeds itself at each step. TrainingHelper reads the
ground-truth inputs (teacher forcing); GreedyEmbeddingHelper feeds back the embedding of the argmax
token; SampleEmbeddingHelper samples the token from the logits instead.

>>> helper = tf.contrib.seq2seq.TrainingHelper(decoder_inputs, target_lengths)
>>> helper = tf.contrib.seq2seq.GreedyEmbeddingHelper(embeddings, tf.fill([batch], GO), EOS)
"""
from ...framework import dtypes, nest
from ...framework.graph import Tensor, name_scope
from ...framework.tensor_shape import TensorShape
from ...ops.array_ops import zeros_like
from ...ops.constant_op import convert_to_tensor
from ...ops.control_flow_cond import cond
from ...ops.embedding_ops import embedding_lookup
from ...ops.math_ops import cast, equal, greater_equal
from ...ops.reduction_ops import argmax, reduce_all
from ...ops.shape_ops import size, tile
from ...ops.tensor_array import TensorArray

__all__ = ["Helper", "TrainingHelper", "GreedyEmbeddingHelper", "SampleEmbeddingHelper"]


def _transpose_batch_time(t):
    from ...ops.rnn import _swap_time_batch
    return _swap_time_batch(t)


class Helper:
    """The interface BasicDecoder drives: batch_size, sample_ids_shape/dtype, initialize(),
    sample(time, outputs, state) and next_inputs(time, outputs, state, sample_ids)."""

    @property
    def batch_size(self):
        raise NotImplementedError("a Helper subclass must define batch_size")

    @property
    def sample_ids_shape(self):
        raise NotImplementedError("a Helper subclass must define sample_ids_shape")

    @property
    def sample_ids_dtype(self):
        raise NotImplementedError("a Helper subclass must define sample_ids_dtype")

    def initialize(self, name=None):
        raise NotImplementedError("a Helper subclass must define initialize()")

    def sample(self, time, outputs, state, name=None):
        raise NotImplementedError("a Helper subclass must define sample()")

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        raise NotImplementedError("a Helper subclass must define next_inputs()")


class _ScalarIdsHelper(Helper):
    """A helper whose sample ids are one int32 per batch entry (argmax or sampled token ids)."""

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return TensorShape([])

    @property
    def sample_ids_dtype(self):
        return dtypes.int32


class TrainingHelper(_ScalarIdsHelper):
    """Feeds inputs[:, t] at step t (teacher forcing); a sequence is finished once t reaches its
    length, and when all are, the inputs are zeros. sample_ids are the argmax of the outputs.

    >>> helper = tf.contrib.seq2seq.TrainingHelper(dec_embedded, dec_lengths)
    """

    def __init__(self, inputs, sequence_length, time_major=False, name=None):
        with name_scope(name or "TrainingHelper"):
            inputs = nest.map_structure(convert_to_tensor, inputs)
            if not time_major:
                inputs = nest.map_structure(_transpose_batch_time, inputs)
            self._input_tas = nest.map_structure(
                lambda t: TensorArray(t.dtype, size=size_of_time(t), element_shape=t.shape[1:]).unstack(t), inputs)
            self._sequence_length = convert_to_tensor(sequence_length, name="sequence_length")
            if self._sequence_length.shape.ndims != 1:
                raise ValueError(f"Expected sequence_length to be a vector, but received shape: "
                                 f"{self._sequence_length.shape}")
            self._zero_inputs = nest.map_structure(lambda t: zeros_like(t[0, :]), inputs)
            self._batch_size = size(self._sequence_length)

    @property
    def inputs(self):
        return self._input_tas

    @property
    def sequence_length(self):
        return self._sequence_length

    def _read_or_zeros(self, finished, time):
        return cond(reduce_all(finished), lambda: self._zero_inputs,
                    lambda: nest.map_structure(lambda ta: ta.read(time), self._input_tas))

    def initialize(self, name=None):
        with name_scope(name or "TrainingHelperInitialize"):
            finished = equal(0, self._sequence_length)
            return finished, self._read_or_zeros(finished, 0)

    def sample(self, time, outputs, state, name=None):
        with name_scope(name or "TrainingHelperSample"):
            return cast(argmax(outputs, axis=-1), dtypes.int32)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with name_scope(name or "TrainingHelperNextInputs"):
            next_time = time + 1
            finished = greater_equal(next_time, self._sequence_length)
            return finished, self._read_or_zeros(finished, next_time), state


def size_of_time(t):
    """The time dimension of a time-major tensor (static if known)."""
    from ...ops.rnn import _dim
    return _dim(t, 0)[0]


class GreedyEmbeddingHelper(_ScalarIdsHelper):
    """Feeds back embedding(argmax(outputs)); a sequence is finished when it emits end_token.
    `embedding` is a [vocab, depth] matrix or a callable ids -> vectors.

    >>> helper = tf.contrib.seq2seq.GreedyEmbeddingHelper(embeddings, tf.fill([batch], 1), 2)
    """

    def __init__(self, embedding, start_tokens, end_token):
        if callable(embedding):
            self._embedding_fn = embedding
        else:
            params = convert_to_tensor(embedding, name="embedding")
            self._embedding_fn = lambda ids: embedding_lookup(params, ids)
        self._start_tokens = convert_to_tensor(start_tokens, dtype=dtypes.int32, name="start_tokens")
        self._end_token = convert_to_tensor(end_token, dtype=dtypes.int32, name="end_token")
        if self._start_tokens.shape.ndims != 1:
            raise ValueError("start_tokens must be a vector")
        if self._end_token.shape.ndims != 0:
            raise ValueError("end_token must be a scalar")
        self._batch_size = size(self._start_tokens)
        self._start_inputs = self._embedding_fn(self._start_tokens)

    def initialize(self, name=None):
        finished = tile(convert_to_tensor([False]), [self._batch_size])
        return finished, self._start_inputs

    def sample(self, time, outputs, state, name=None):
        if not isinstance(outputs, Tensor):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        return argmax(outputs, axis=-1, output_type=dtypes.int32)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        finished = equal(sample_ids, self._end_token)
        next_inputs = cond(reduce_all(finished), lambda: self._start_inputs,
                           lambda: self._embedding_fn(sample_ids))
        return finished, next_inputs, state


class SampleEmbeddingHelper(GreedyEmbeddingHelper):
    """GreedyEmbeddingHelper that samples the next token from softmax(outputs / softmax_temperature)
    instead of taking the argmax.

    >>> helper = tf.contrib.seq2seq.SampleEmbeddingHelper(embeddings, start_tokens, EOS, seed=42)
    """

    def __init__(self, embedding, start_tokens, end_token, softmax_temperature=None, seed=None):
        super().__init__(embedding, start_tokens, end_token)
        self._softmax_temperature = softmax_temperature
        self._seed = seed

    def sample(self, time, outputs, state, name=None):
        if not isinstance(outputs, Tensor):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        from ...ops.random_sampling_ops import multinomial
        logits = outputs if self._softmax_temperature is None else outputs / self._softmax_temperature
        from ...ops.shape_ops import reshape
        return reshape(multinomial(logits, 1, seed=self._seed, output_dtype=dtypes.int32), [-1])
