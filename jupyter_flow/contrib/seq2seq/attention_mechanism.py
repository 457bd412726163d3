"""tf.contrib.seq2seq's attention mechanisms: LuongAttention (multiplicative, Luong et al. 2015) and
BahdanauAttention (additive, Bahdanau et al. 2015). Each holds the encoder memory (masked past
memory_sequence_length), its keys (the memory through memory_layer), and maps a query to the
alignments over the memory's time steps.

>>> attention = tf.contrib.seq2seq.BahdanauAttention(num_units, encoder_outputs, memory_sequence_length=lengths)
"""
import math

import numpy as np


from ...framework.graph import name_scope
from ...framework.scopes import get_variable, variable_scope
from ...layer_objects import Dense
from ...ops import init_ops
from ...ops.array_ops import ones_like, where, zeros
from ...ops.constant_op import convert_to_tensor
from ...ops.math_ops import rsqrt, square, tanh
from ...ops.nn_ops import softmax
from ...ops.reduction_ops import reduce_sum
from ...ops.sequence_ops import sequence_mask
from ...ops.shape_ops import expand_dims, reshape, shape

__all__ = ["AttentionMechanism", "LuongAttention", "BahdanauAttention"]


class AttentionMechanism:
    """What AttentionWrapper needs of a mechanism: values, keys, alignments_size, state_size,
    initial_alignments / initial_state, and __call__(query, state) -> (alignments, next_state)."""


def _dim(t, axis):
    d = t.shape[axis].value if t.shape.ndims is not None else None
    return d if d is not None else shape(t)[axis]


def _apply_to_last_axis(layer, x):
    """A Dense layer over [batch, time, depth] (our Dense takes [batch, depth]): same variables."""
    depth = x.shape[-1].value
    flat = layer(reshape(x, [-1, depth]))
    out = reshape(flat, [_dim(x, 0), _dim(x, 1), layer.units])
    out.set_shape(x.shape[:2].concatenate([layer.units]))
    return out


def _prepare_memory(memory, memory_sequence_length):
    memory = convert_to_tensor(memory, name="memory")
    if memory.shape.ndims != 3 or not memory.shape[2:].is_fully_defined():
        raise ValueError(f"Expected memory {memory.name} to have fully defined inner dims, but saw shape: "
                         f"{memory.shape}")
    if memory_sequence_length is None:
        return memory, None
    lengths = convert_to_tensor(memory_sequence_length, name="memory_sequence_length")
    mask = sequence_mask(lengths, maxlen=shape(memory)[1], dtype=memory.dtype)
    return memory * expand_dims(mask, -1), lengths


class _BaseAttentionMechanism(AttentionMechanism):
    _scope_name = None

    def __init__(self, query_layer, memory, probability_fn, memory_sequence_length, memory_layer,
                 score_mask_value, name):
        self._query_layer, self._memory_layer = query_layer, memory_layer
        self._name = name
        self._scope = None
        with name_scope(name or "BaseAttentionMechanismInit"):
            self._values, self._lengths = _prepare_memory(memory, memory_sequence_length)
            self._keys = _apply_to_last_axis(memory_layer, self._values) if memory_layer else self._values
        self._batch_size = _dim(self._keys, 0)
        self._alignments_size = _dim(self._keys, 1)
        if score_mask_value is None:
            score_mask_value = self._values.dtype.as_numpy_dtype(-np.inf)
        self._score_mask_value = score_mask_value
        self._probability_fn = probability_fn

    def _mask_score(self, score):
        if self._lengths is None:
            return score
        keep = sequence_mask(self._lengths, maxlen=shape(score)[1])
        return where(keep, score, self._score_mask_value * ones_like(score))

    @property
    def memory_layer(self):
        return self._memory_layer

    @property
    def query_layer(self):
        return self._query_layer

    @property
    def values(self):
        return self._values

    @property
    def keys(self):
        return self._keys

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def alignments_size(self):
        return self._alignments_size

    @property
    def state_size(self):
        return self._alignments_size

    def initial_alignments(self, batch_size, dtype):
        """Zeros [batch_size, max_time]: no step has attended yet."""
        from ...ops.rnn_cell import _batched
        size = self._alignments_size
        if isinstance(size, int):
            return zeros(_batched(batch_size, size), dtype=dtype)
        from ...ops.concat_ops import stack
        return zeros(stack([convert_to_tensor(batch_size), size]), dtype=dtype)

    def initial_state(self, batch_size, dtype):
        return self.initial_alignments(batch_size, dtype)

    def __call__(self, query, state):
        """(alignments [batch, max_time], next_state) for a [batch, depth] query."""
        # One scope for every call (TF1's layer re-enters its scope with reuse), so a mechanism
        # called again (another step unrolled in Python) shares its variables.
        if self._scope is None:
            with variable_scope(None, default_name=self._scope_name) as scope:
                self._scope = scope
                score = self._score(query)
        else:
            with variable_scope(self._scope, reuse=True):
                score = self._score(query)
        alignments = self._probability_fn(self._mask_score(score), state)
        return alignments, alignments


class LuongAttention(_BaseAttentionMechanism):
    """score = query . keys (times a learned scalar attention_g with scale=True).

    >>> attention = tf.contrib.seq2seq.LuongAttention(num_units, encoder_outputs)
    """

    _scope_name = "luong_attention"

    def __init__(self, num_units, memory, memory_sequence_length=None, scale=False, probability_fn=None,
                 score_mask_value=None, dtype=None, name="LuongAttention"):
        fn = probability_fn or softmax
        super().__init__(None, memory, lambda score, _: fn(score), memory_sequence_length,
                         Dense(num_units, name="memory_layer", use_bias=False, dtype=dtype), score_mask_value, name)
        self._num_units, self._scale = num_units, scale

    def _score(self, query):
        depth, key_units = query.shape[-1].value, self._keys.shape[-1].value
        if depth != key_units:
            raise ValueError(f"Incompatible or unknown inner dimensions between query and keys.  Query ({query}) has "
                             f"units: {depth}.  Keys ({self._keys}) have units: {key_units}.  Perhaps you need to "
                             f"set num_units to the keys' dimension ({key_units})?")
        score = reduce_sum(expand_dims(query, 1) * self._keys, [2])  # [b, 1, d] x [b, t, d]^T, squeezed
        if self._scale:
            g = get_variable("attention_g", dtype=query.dtype, initializer=init_ops.ones_initializer(), shape=())
            score = g * score
        return score


class BahdanauAttention(_BaseAttentionMechanism):
    """score = v . tanh(keys + query_layer(query)) (weight-normalized v with normalize=True).

    >>> attention = tf.contrib.seq2seq.BahdanauAttention(num_units, encoder_outputs, memory_sequence_length=lengths)
    """

    _scope_name = "bahdanau_attention"

    def __init__(self, num_units, memory, memory_sequence_length=None, normalize=False, probability_fn=None,
                 score_mask_value=None, dtype=None, name="BahdanauAttention"):
        fn = probability_fn or softmax
        super().__init__(Dense(num_units, name="query_layer", use_bias=False, dtype=dtype), memory,
                         lambda score, _: fn(score), memory_sequence_length,
                         Dense(num_units, name="memory_layer", use_bias=False, dtype=dtype), score_mask_value, name)
        self._num_units, self._normalize = num_units, normalize

    def _score(self, query):
        processed = expand_dims(self._query_layer(query), 1)
        units = self._keys.shape[2].value
        dtype = processed.dtype
        v = get_variable("attention_v", [units], dtype=dtype)
        if self._normalize:
            g = get_variable("attention_g", dtype=dtype, shape=(),
                             initializer=init_ops.constant_initializer(math.sqrt(1.0 / units)))
            b = get_variable("attention_b", [units], dtype=dtype, initializer=init_ops.zeros_initializer())
            normed_v = g * v * rsqrt(reduce_sum(square(v)))
            return reduce_sum(normed_v * tanh(self._keys + processed + b), [2])
        return reduce_sum(v * tanh(self._keys + processed), [2])


