"""tf.contrib.seq2seq.Decoder and dynamic_decode: a tf.while_loop that calls decoder.step until every
sequence is finished (or maximum_iterations), collecting the step outputs in TensorArrays.

>>> outputs, final_state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder, maximum_iterations=20)
>>> logits = outputs.rnn_output                                   # [batch, time, vocab]
"""
from ...framework import dtypes, nest
from ...framework.scopes import variable_scope
from ...framework.tensor_shape import TensorShape, as_shape
from ...framework.tensor_util import constant_value
from ...ops.array_ops import fill, where, zeros, zeros_like
from ...ops.constant_op import convert_to_tensor
from ...ops.control_flow_loop import while_loop
from ...ops.math_ops import logical_not, logical_or
from ...ops.reduction_ops import reduce_all
from ...ops.shape_ops import shape
from ...ops.tensor_array import TensorArray

__all__ = ["Decoder", "dynamic_decode"]


class Decoder:
    """The interface dynamic_decode drives: batch_size, output_size, output_dtype, initialize() ->
    (finished, inputs, state), step(time, inputs, state) -> (outputs, state, inputs, finished), and
    optionally finalize(outputs, state, lengths)."""

    @property
    def batch_size(self):
        raise NotImplementedError("a Decoder subclass must define batch_size")

    @property
    def output_size(self):
        raise NotImplementedError("a Decoder subclass must define output_size")

    @property
    def output_dtype(self):
        raise NotImplementedError("a Decoder subclass must define output_dtype")

    @property
    def tracks_own_finished(self):
        return False

    def initialize(self, name=None):
        raise NotImplementedError("a Decoder subclass must define initialize()")

    def step(self, time, inputs, state, name=None):
        raise NotImplementedError("a Decoder subclass must define step()")

    def finalize(self, outputs, final_state, sequence_lengths):
        raise NotImplementedError


def _batched_shape(batch_size, size):
    dims = as_shape(size)
    if dims.ndims == 0:
        return TensorShape(None)
    static = constant_value(convert_to_tensor(batch_size))
    return TensorShape([None if static is None else int(static)]).concatenate(dims)


def _zero_outputs(size, dtype, batch_size):
    from ...ops.rnn_cell import _batched
    return nest.map_structure(lambda s, d: zeros(_batched(batch_size, s), dtype=d), size, dtype)


def _transpose_batch_time(t):
    if t.shape.ndims is not None and t.shape.ndims < 2:
        return t
    from ...ops.rnn import _swap_time_batch
    return _swap_time_batch(t)


def dynamic_decode(decoder, output_time_major=False, impute_finished=False, maximum_iterations=None,
                   parallel_iterations=32, swap_memory=False, scope=None):
    """Run `decoder` until all its sequences finish; returns (final_outputs, final_state,
    final_sequence_lengths), outputs batch-major unless output_time_major. impute_finished zeroes
    the outputs and freezes the state of sequences past their end.

    >>> outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder, impute_finished=True)
    """
    if not isinstance(decoder, Decoder):
        raise TypeError(f"Expected decoder to be type Decoder, but saw: {type(decoder)}")
    with variable_scope(scope, default_name="decoder"):
        if maximum_iterations is not None:
            maximum_iterations = convert_to_tensor(maximum_iterations, dtype=dtypes.int32, name="maximum_iterations")
            if maximum_iterations.shape.ndims != 0:
                raise ValueError("maximum_iterations must be a scalar")
        initial_finished, initial_inputs, initial_state = decoder.initialize()
        zero_outputs = _zero_outputs(decoder.output_size, decoder.output_dtype, decoder.batch_size)
        if maximum_iterations is not None:
            initial_finished = logical_or(initial_finished, 0 >= maximum_iterations)
        initial_lengths = zeros_like(initial_finished, dtype=dtypes.int32)
        initial_time = convert_to_tensor(0, dtype=dtypes.int32)
        initial_tas = nest.map_structure(
            lambda s, d: TensorArray(d, size=0, dynamic_size=True, element_shape=_batched_shape(decoder.batch_size, s)),
            decoder.output_size, decoder.output_dtype)

        def condition(time, outputs_ta, state, inputs, finished, lengths):
            return logical_not(reduce_all(finished))

        def body(time, outputs_ta, state, inputs, finished, lengths):
            next_outputs, decoder_state, next_inputs, decoder_finished = decoder.step(time, inputs, state)
            next_finished = decoder_finished if decoder.tracks_own_finished else logical_or(decoder_finished, finished)
            next_lengths = where(logical_not(finished), fill(shape(lengths), time + 1), lengths)
            nest.assert_same_structure(state, decoder_state)
            nest.assert_same_structure(outputs_ta, next_outputs)
            nest.assert_same_structure(inputs, next_inputs)
            if impute_finished:
                emit = nest.map_structure(lambda out, zero: where(finished, zero, out), next_outputs, zero_outputs)

                def keep_finished(new, cur):
                    if isinstance(cur, TensorArray):
                        return new
                    new.set_shape(cur.shape)
                    return new if new.shape.ndims == 0 else where(finished, cur, new)
                next_state = nest.map_structure(keep_finished, decoder_state, state)
            else:
                emit, next_state = next_outputs, decoder_state
            outputs_ta = nest.map_structure(lambda ta, out: ta.write(time, out), outputs_ta, emit)
            if maximum_iterations is not None:
                next_finished = logical_or(next_finished, time + 1 >= maximum_iterations)
            return time + 1, outputs_ta, next_state, next_inputs, next_finished, next_lengths

        res = while_loop(condition, body,
                         (initial_time, initial_tas, initial_state, initial_inputs, initial_finished, initial_lengths),
                         parallel_iterations=parallel_iterations, swap_memory=swap_memory,
                         maximum_iterations=maximum_iterations, return_same_structure=True)
        final_state, final_lengths = res[2], res[5]
        final_outputs = nest.map_structure(lambda ta: ta.stack(), res[1])
        try:
            final_outputs, final_state = decoder.finalize(final_outputs, final_state, final_lengths)
        except NotImplementedError:
            pass
        if not output_time_major:
            final_outputs = nest.map_structure(_transpose_batch_time, final_outputs)
    return final_outputs, final_state, final_lengths
