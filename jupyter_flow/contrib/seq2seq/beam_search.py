"""tf.contrib.seq2seq.gather_tree and the beam-search step: TF1's rules for choosing the beam_width
best continuations of each batch entry, and for following the parent pointers back at the end.

The top-k over [beam * vocab] scores is tf.nn.top_k (ties keep index order, as in TF); gather_tree
runs in NumPy through py_func (it is not differentiable in TF1 either).
"""
import collections

import numpy as np

from ...framework import dtypes, nest
from ...ops.array_ops import fill, where
from ...ops.concat_ops import stack
from ...ops.constant_op import convert_to_tensor
from ...ops.indexing_ops import gather
from ...ops.math_ops import cast, equal, floordiv, logical_not, logical_or, mod, pow as pow_
from ...ops.nn_ops import log_softmax
from ...ops.script_ops import py_func
from ...ops.sequence_ops import one_hot, range as range_
from ...ops.shape_ops import expand_dims, reshape, shape
from ...ops.tensor_array import TensorArray
from ...ops.top_k_ops import top_k

BeamSearchDecoderState = collections.namedtuple(
    "BeamSearchDecoderState", ("cell_state", "log_probs", "finished", "lengths", "accumulated_attention_probs"))
BeamSearchDecoderOutput = collections.namedtuple("BeamSearchDecoderOutput", ("scores", "predicted_ids", "parent_ids"))
FinalBeamSearchDecoderOutput = collections.namedtuple("FinalBeamSearchDecoderOutput",
                                                      ("predicted_ids", "beam_search_decoder_output"))


def _gather_tree_np(step_ids, parent_ids, max_sequence_lengths, end_token):
    steps, batch, beams = step_ids.shape
    out = np.full_like(step_ids, end_token)
    for b in range(batch):
        length = min(int(max_sequence_lengths[b]), steps)
        for k in range(beams):
            if length == 0:
                continue
            out[length - 1, b, k] = step_ids[length - 1, b, k]
            parent = parent_ids[length - 1, b, k]
            for t in range(length - 2, -1, -1):
                if not 0 <= parent < beams:
                    raise ValueError(f"gather_tree: parent id {parent} is outside [0, {beams})")
                out[t, b, k] = step_ids[t, b, parent]
                parent = parent_ids[t, b, parent]
            finished = False  # everything after a beam's first end token is end tokens
            for t in range(length):
                if finished:
                    out[t, b, k] = end_token
                elif out[t, b, k] == end_token:
                    finished = True
    return out


def gather_tree(step_ids, parent_ids, max_sequence_lengths, end_token, name=None):
    """The full [time, batch, beam] id sequences, following parent_ids back from each beam's last
    step (up to its batch entry's max_sequence_lengths; end_token past it).

    >>> tf.contrib.seq2seq.gather_tree(step_ids, parent_ids, max_lengths, end_token=2)
    """
    step_ids = convert_to_tensor(step_ids, name="step_ids")
    parent_ids = convert_to_tensor(parent_ids, dtype=step_ids.dtype, name="parent_ids")
    lengths = convert_to_tensor(max_sequence_lengths, dtype=dtypes.int32, name="max_sequence_lengths")
    end = int(end_token)

    def run(ids, parents, maxlen):
        return _gather_tree_np(ids, parents, maxlen, end).astype(ids.dtype)
    out = py_func(run, [step_ids, parent_ids, lengths], step_ids.dtype, stateful=False, name=name or "GatherTree")
    out.set_shape(step_ids.shape)
    return out


def gather_beams(indices, tensor, batch_size, range_size, gather_shape):
    """tensor's entries at (b, indices[b, k]) for a flat range of range_size per batch entry
    (TF1's _tensor_gather_helper), back in tensor's shape when gather_shape keeps it."""
    offsets = expand_dims(range_(batch_size) * range_size, 1)
    flat = reshape(indices + offsets, [-1])
    out = gather(reshape(tensor, gather_shape), flat)
    final_shape = _concat_shape([batch_size, indices.shape[1].value], tensor, len(gather_shape))
    return reshape(out, final_shape)


def _concat_shape(head, tensor, gather_rank):
    from ...ops.concat_ops import concat
    rest = shape(tensor)[2:] if gather_rank > 1 else convert_to_tensor([], dtype=dtypes.int32)
    return concat([stack([convert_to_tensor(h, dtype=dtypes.int32) for h in head]), rest], 0)


def maybe_gather_state(indices, t, batch_size, beam_width):
    """A [batch, beam, ...] state tensor reordered by parent beam; TensorArrays and scalars pass."""
    if isinstance(t, TensorArray) or t.shape.ndims is None or t.shape.ndims < 2:
        return t
    out = gather_beams(indices, t, batch_size, beam_width, [-1] + t.shape.as_list()[2:] if t.shape.ndims > 2
                       else [-1])
    out.set_shape(t.shape)
    return out


def _mask_finished(step_log_probs, end_token, finished):
    """A finished beam can only continue with end_token, at no cost (0 there, the dtype's min elsewhere)."""
    vocab = shape(step_log_probs)[2]
    dtype = step_log_probs.dtype
    finished_row = one_hot(end_token, vocab, on_value=convert_to_tensor(0.0, dtype),
                           off_value=convert_to_tensor(float(np.finfo(dtype.as_numpy_dtype).min), dtype), dtype=dtype)
    return where(expand_dims(finished, 2), reshape(finished_row, [1, 1, -1]) + 0 * step_log_probs, step_log_probs)


def beam_search_step(time, logits, next_cell_state, beam_state, batch_size, beam_width, end_token,
                     length_penalty_weight):
    """One step of TF1's _beam_search_step: (BeamSearchDecoderOutput, BeamSearchDecoderState)."""
    lengths, previously_finished = beam_state.lengths, beam_state.finished
    step_log_probs = _mask_finished(log_softmax(logits), end_token, previously_finished)
    total = expand_dims(beam_state.log_probs, 2) + step_log_probs
    vocab = logits.shape[-1].value
    add = one_hot(fill([batch_size, beam_width], end_token), vocab, on_value=np.int64(0), off_value=np.int64(1),
                  dtype=dtypes.int64) * expand_dims(cast(logical_not(previously_finished), dtypes.int64), 2)
    new_lengths = add + expand_dims(lengths, 2)
    scores = total
    if length_penalty_weight:
        penalty = pow_((5.0 + cast(new_lengths, total.dtype)) / 6.0, length_penalty_weight)
        scores = total / penalty
    next_scores, word_indices = top_k(reshape(scores, [batch_size, -1]), k=beam_width)
    next_probs = gather_beams(word_indices, total, batch_size, beam_width * vocab, [-1])
    next_word_ids = cast(mod(word_indices, vocab), dtypes.int32)
    next_beam_ids = cast(floordiv(word_indices, vocab), dtypes.int32)
    prev_finished = gather_beams(next_beam_ids, previously_finished, batch_size, beam_width, [-1])
    next_finished = logical_or(prev_finished, equal(next_word_ids, end_token))
    next_lengths = gather_beams(next_beam_ids, lengths, batch_size, beam_width, [-1]) + \
        cast(logical_not(prev_finished), dtypes.int64)
    next_cell_state = nest.map_structure(lambda t: maybe_gather_state(next_beam_ids, t, batch_size, beam_width),
                                         next_cell_state)
    state = BeamSearchDecoderState(next_cell_state, next_probs, next_finished, next_lengths, ())
    return BeamSearchDecoderOutput(next_scores, next_word_ids, next_beam_ids), state
