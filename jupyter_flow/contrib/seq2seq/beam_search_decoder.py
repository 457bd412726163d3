"""tf.contrib.seq2seq.BeamSearchDecoder: decoding that keeps the beam_width best partial sequences of
each batch entry. The initial state must be tiled (tile_batch) to batch_size * beam_width; the
final outputs' predicted_ids are [batch, time, beam], best beam first.

>>> decoder = tf.contrib.seq2seq.BeamSearchDecoder(cell, embeddings, start_tokens, EOS,
...     tf.contrib.seq2seq.tile_batch(encoder_state, beam_width), beam_width, output_layer=projection)
>>> outputs, _, _ = tf.contrib.seq2seq.dynamic_decode(decoder, maximum_iterations=50)
"""
import numpy as np

from ...framework import dtypes, nest
from ...framework.graph import name_scope
from ...framework.tensor_shape import TensorShape, as_shape
from ...ops.array_ops import zeros
from ...ops.constant_op import convert_to_tensor
from ...ops.control_flow_cond import cond
from ...ops.embedding_ops import embedding_lookup
from ...ops.math_ops import cast
from ...ops.reduction_ops import reduce_all, reduce_max
from ...ops.sequence_ops import one_hot
from ...ops.shape_ops import expand_dims, reshape, size, tile
from .basic_decoder import _is_rnn_cell, _layer_output_size
from .beam_search import (BeamSearchDecoderOutput, BeamSearchDecoderState, FinalBeamSearchDecoderOutput,
                          beam_search_step, gather_tree)
from .decoder import Decoder

__all__ = ["BeamSearchDecoder"]


class BeamSearchDecoder(Decoder):
    """Beam search over an RNN cell (optionally an AttentionWrapper) and an output layer."""

    def __init__(self, cell, embedding, start_tokens, end_token, initial_state, beam_width, output_layer=None,
                 length_penalty_weight=0.0, coverage_penalty_weight=0.0, reorder_tensor_arrays=True):
        if not _is_rnn_cell(cell):
            raise TypeError(f"cell must be an RNNCell, received: {type(cell)}")
        if output_layer is not None and not callable(output_layer):
            raise TypeError(f"output_layer must be a Layer, received: {type(output_layer)}")
        if coverage_penalty_weight:
            raise NotImplementedError("BeamSearchDecoder(coverage_penalty_weight=...) is not supported")
        self._cell, self._output_layer = cell, output_layer
        if callable(embedding):
            self._embedding_fn = embedding
        else:
            params = convert_to_tensor(embedding, name="embedding")
            self._embedding_fn = lambda ids: embedding_lookup(params, ids)
        self._start_tokens = convert_to_tensor(start_tokens, dtype=dtypes.int32, name="start_tokens")
        if self._start_tokens.shape.ndims != 1:
            raise ValueError("start_tokens must be a vector")
        self._end_token = convert_to_tensor(end_token, dtype=dtypes.int32, name="end_token")
        if self._end_token.shape.ndims != 0:
            raise ValueError("end_token must be a scalar")
        self._end_token_value = int(end_token)
        self._batch_size = size(self._start_tokens)
        self._beam_width = int(beam_width)
        self._length_penalty_weight = length_penalty_weight
        self._initial_cell_state = nest.map_structure(self._split_batch_beams, initial_state)
        self._start_tokens = tile(expand_dims(self._start_tokens, 1), [1, self._beam_width])
        self._start_inputs = self._embedding_fn(self._start_tokens)
        self._finished = one_hot(zeros([self._batch_size], dtype=dtypes.int32), self._beam_width, on_value=False,
                                 off_value=True, dtype=dtypes.bool)

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def tracks_own_finished(self):
        return True  # a finished beam can be replaced by a live one: the step decides

    def _split_batch_beams(self, t):
        """[batch * beam, ...] -> [batch, beam, ...] (scalars pass)."""
        if t.shape.ndims is None or t.shape.ndims == 0:
            return t
        out = reshape(t, [self._batch_size, self._beam_width] + [d if d is not None else -1
                                                                  for d in t.shape.as_list()[1:]])
        return out

    def _merge_batch_beams(self, t):
        if t.shape.ndims is None or t.shape.ndims < 2:
            return t
        return reshape(t, [-1] + t.shape.as_list()[2:])

    @property
    def output_size(self):
        beams = TensorShape([self._beam_width])
        return BeamSearchDecoderOutput(scores=beams, predicted_ids=beams, parent_ids=beams)

    @property
    def output_dtype(self):
        dtype = nest.flatten(self._initial_cell_state)[0].dtype
        return BeamSearchDecoderOutput(scores=dtype, predicted_ids=dtypes.int32, parent_ids=dtypes.int32)

    def _rnn_output_size(self):
        size_ = self._cell.output_size
        return size_ if self._output_layer is None else _layer_output_size(self._output_layer, size_)

    def initialize(self, name=None):
        """(finished, start inputs, BeamSearchDecoderState): only beam 0 is live at first."""
        dtype = nest.flatten(self._initial_cell_state)[0].dtype
        log_probs = one_hot(zeros([self._batch_size], dtype=dtypes.int32), self._beam_width,
                            on_value=convert_to_tensor(0.0, dtype), off_value=convert_to_tensor(-np.inf, dtype),
                            dtype=dtype)
        state = BeamSearchDecoderState(self._initial_cell_state, log_probs, self._finished,
                                       zeros([self._batch_size, self._beam_width], dtype=dtypes.int64), ())
        return self._finished, self._start_inputs, state

    def step(self, time, inputs, state, name=None):
        with name_scope(name or "BeamSearchDecoderStep"):
            cell_state = nest.map_structure(self._merge_batch_beams, state.cell_state)
            cell_outputs, next_cell_state = self._cell(self._merge_batch_beams(inputs), cell_state)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            vocab = as_shape(self._rnn_output_size())[-1].value
            logits = reshape(cell_outputs, [self._batch_size, self._beam_width, vocab])
            next_cell_state = nest.map_structure(self._split_batch_beams, next_cell_state)
            output, next_state = beam_search_step(time, logits, next_cell_state, state, self._batch_size,
                                                  self._beam_width, self._end_token, self._length_penalty_weight)
            finished = next_state.finished
            next_inputs = cond(reduce_all(finished), lambda: self._start_inputs,
                               lambda: self._embedding_fn(output.predicted_ids))
        return output, next_state, next_inputs, finished

    def finalize(self, outputs, final_state, sequence_lengths):
        """The whole beams, traced back through the parent ids (time-major here)."""
        max_lengths = cast(reduce_max(final_state.lengths, axis=1), dtypes.int32)
        predicted = gather_tree(outputs.predicted_ids, outputs.parent_ids, max_lengths, self._end_token_value)
        return FinalBeamSearchDecoderOutput(predicted_ids=predicted, beam_search_decoder_output=outputs), final_state


