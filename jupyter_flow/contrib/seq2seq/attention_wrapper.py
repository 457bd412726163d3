"""tf.contrib.seq2seq.AttentionWrapper: an RNN cell that, after each step of the wrapped cell, attends
over the memory with its cell output as the query, and feeds the attention (the context, or
attention_layer([output, context])) to the next step's input, as the NMT tutorial's decoder does.

>>> cell = tf.contrib.seq2seq.AttentionWrapper(cell, attention, attention_layer_size=num_units)
>>> state = cell.zero_state(batch, tf.float32).clone(cell_state=encoder_state)
"""
import collections

from ...framework import dtypes, nest
from ...framework.graph import name_scope
from ...framework.tensor_shape import TensorShape
from ...layer_objects import Dense
from ...ops.array_ops import identity, zeros
from ...ops.concat_ops import concat
from ...ops.reduction_ops import reduce_sum
from ...ops.rnn_cell import RNNCell, _batched
from ...ops.shape_ops import expand_dims
from ...ops.tensor_array import TensorArray
from .attention_mechanism import AttentionMechanism

__all__ = ["AttentionWrapperState", "AttentionWrapper"]


class AttentionWrapperState(collections.namedtuple(
        "AttentionWrapperState", ("cell_state", "attention", "time", "alignments", "alignment_history",
                                  "attention_state"))):
    """The wrapped cell's state, the last attention, the step count, the alignments (and their
    history in a TensorArray when alignment_history=True) and the mechanisms' own state."""
    __slots__ = ()

    def clone(self, **kwargs):
        """This state with some fields replaced: zero_state(...).clone(cell_state=encoder_state)."""
        return self._replace(**kwargs)


def _compute_attention(mechanism, cell_output, attention_state, attention_layer):
    alignments, next_state = mechanism(cell_output, state=attention_state)
    # sum_t alignments[b, t] * values[b, t, :] (TF1's batched matmul of [b, 1, t] by [b, t, d])
    context = reduce_sum(expand_dims(alignments, 2) * mechanism.values, [1])
    attention = attention_layer(concat([cell_output, context], 1)) if attention_layer is not None else context
    return attention, alignments, next_state


class AttentionWrapper(RNNCell):
    """Wraps `cell` with one attention mechanism (or a list of them, their attentions concatenated).

    >>> decoder_cell = tf.contrib.seq2seq.AttentionWrapper(lstm, attention, attention_layer_size=128)
    """

    _base_name = "attention_wrapper"

    def __init__(self, cell, attention_mechanism, attention_layer_size=None, alignment_history=False,
                 cell_input_fn=None, output_attention=True, initial_cell_state=None, name=None, attention_layer=None):
        super().__init__(name=name)
        self._is_multi = isinstance(attention_mechanism, (list, tuple))
        mechanisms = list(attention_mechanism) if self._is_multi else [attention_mechanism]
        for m in mechanisms:
            if not isinstance(m, AttentionMechanism):
                raise TypeError(f"attention_mechanism must be an AttentionMechanism or list of multiple "
                                f"AttentionMechanism instances, saw type: {type(m).__name__}")
        if cell_input_fn is None:
            cell_input_fn = lambda inputs, attention: concat([inputs, attention], -1)  # noqa: E731
        elif not callable(cell_input_fn):
            raise TypeError(f"cell_input_fn must be callable, saw type: {type(cell_input_fn).__name__}")
        if attention_layer_size is not None and attention_layer is not None:
            raise ValueError("Only one of attention_layer_size and attention_layer should be set")
        if attention_layer_size is not None:
            sizes = list(attention_layer_size) if isinstance(attention_layer_size, (list, tuple)) \
                else [attention_layer_size]
            if len(sizes) != len(mechanisms):
                raise ValueError(f"If provided, attention_layer_size must contain exactly one integer per "
                                 f"attention_mechanism, saw: {len(sizes)} vs {len(mechanisms)}")
            self._attention_layers = [Dense(s, name="attention_layer", use_bias=False) for s in sizes]
            self._attention_layer_size = sum(sizes)
        elif attention_layer is not None:
            layers = list(attention_layer) if isinstance(attention_layer, (list, tuple)) else [attention_layer]
            self._attention_layers = layers
            self._attention_layer_size = sum(layer.units for layer in layers)
        else:
            self._attention_layers = None
            self._attention_layer_size = sum(m.values.shape[-1].value for m in mechanisms)
        self._cell, self._mechanisms = cell, mechanisms
        self._cell_input_fn, self._output_attention = cell_input_fn, output_attention
        self._alignment_history = alignment_history
        self._initial_cell_state = initial_cell_state

    def _item_or_tuple(self, seq):
        t = tuple(seq)
        return t if self._is_multi else t[0]

    @property
    def output_size(self):
        return self._attention_layer_size if self._output_attention else self._cell.output_size

    @property
    def state_size(self):
        return AttentionWrapperState(
            cell_state=self._cell.state_size, time=TensorShape([]), attention=self._attention_layer_size,
            alignments=self._item_or_tuple(m.alignments_size for m in self._mechanisms),
            attention_state=self._item_or_tuple(m.state_size for m in self._mechanisms),
            alignment_history=self._item_or_tuple(m.alignments_size if self._alignment_history else ()
                                                  for m in self._mechanisms))

    def zero_state(self, batch_size, dtype):
        """The wrapped cell's zero state (or initial_cell_state), zero attention and alignments."""
        with name_scope(type(self).__name__ + "ZeroState"):
            cell_state = self._initial_cell_state if self._initial_cell_state is not None \
                else self._cell.zero_state(batch_size, dtype)
            cell_state = nest.map_structure(lambda s: identity(s, name="checked_cell_state"), cell_state)
            alignments = [m.initial_alignments(batch_size, dtype) for m in self._mechanisms]
            return AttentionWrapperState(
                cell_state=cell_state, time=zeros([], dtype=dtypes.int32),
                attention=zeros(_batched(batch_size, self._attention_layer_size), dtype=dtype),
                alignments=self._item_or_tuple(alignments),
                attention_state=self._item_or_tuple(m.initial_state(batch_size, dtype) for m in self._mechanisms),
                alignment_history=self._item_or_tuple(
                    TensorArray(dtype, size=0, dynamic_size=True, element_shape=a.shape) if self._alignment_history
                    else () for a in alignments))

    def call(self, inputs, state):
        if not isinstance(state, AttentionWrapperState):
            raise TypeError(f"Expected state to be instance of AttentionWrapperState. Received type "
                            f"{type(state)} instead.")
        cell_output, next_cell_state = self._cell(self._cell_input_fn(inputs, state.attention), state.cell_state)
        previous_states = state.attention_state if self._is_multi else [state.attention_state]
        previous_histories = state.alignment_history if self._is_multi else [state.alignment_history]
        attentions, all_alignments, all_states, histories = [], [], [], []
        for i, mechanism in enumerate(self._mechanisms):
            layer = self._attention_layers[i] if self._attention_layers else None
            attention, alignments, next_state = _compute_attention(mechanism, cell_output, previous_states[i], layer)
            histories.append(previous_histories[i].write(state.time, alignments) if self._alignment_history else ())
            attentions.append(attention)
            all_alignments.append(alignments)
            all_states.append(next_state)
        attention = concat(attentions, 1)
        next_state = AttentionWrapperState(
            time=state.time + 1, cell_state=next_cell_state, attention=attention,
            attention_state=self._item_or_tuple(all_states), alignments=self._item_or_tuple(all_alignments),
            alignment_history=self._item_or_tuple(histories))
        return (attention if self._output_attention else cell_output), next_state
