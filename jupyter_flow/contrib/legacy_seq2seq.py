"""tf.contrib.legacy_seq2seq: the encoder-decoder models of TF1's translation tutorial, over lists
of per-time-step tensors (static unrolling), with TF1's variable names
(`embedding_rnn_seq2seq/rnn/embedding_wrapper/embedding`, `.../embedding_rnn_decoder/embedding`...),
and the per-step cross-entropy losses.

>>> outputs, state = tf.contrib.legacy_seq2seq.embedding_rnn_seq2seq(enc_ids, dec_ids, cell, 100, 100, 32)
>>> loss = tf.contrib.legacy_seq2seq.sequence_loss(outputs, targets, weights)
"""
import copy

from ..framework import dtypes, nest
from ..framework.graph import name_scope
from ..framework.scopes import get_variable, get_variable_scope, variable_scope
from ..ops.array_ops import stop_gradient
from ..ops.constant_op import convert_to_tensor
from ..ops.control_flow_cond import cond
from ..ops.embedding_ops import embedding_lookup
from ..ops.linalg_ops import matmul
from ..ops.math_ops import add_n, cast
from ..ops.nn_layers_ops import bias_add
from ..ops.nn_ops import sparse_softmax_cross_entropy_with_logits
from ..ops.reduction_ops import argmax, reduce_sum
from ..ops.rnn import static_rnn
from ..ops.rnn_cell import OutputProjectionWrapper, RNNCell
from ..ops.rnn_cell_input_wrappers import EmbeddingWrapper
from ..ops.shape_ops import reshape, shape

__all__ = ["rnn_decoder", "basic_rnn_seq2seq", "tied_rnn_seq2seq", "embedding_rnn_decoder", "embedding_rnn_seq2seq",
           "attention_decoder", "embedding_attention_decoder", "embedding_attention_seq2seq",
           "sequence_loss_by_example", "sequence_loss", "model_with_buckets"]


def _fresh_copy(cell):
    """A copy of an unbuilt cell tree (the encoder's cell, so it gets variables of its own); TF1
    deep-copies, which here would also copy graph tensors a wrapper holds (a keep_prob placeholder)."""
    new = copy.copy(cell)
    for k, v in vars(cell).items():
        if isinstance(v, RNNCell):
            setattr(new, k, _fresh_copy(v))
        elif isinstance(v, (list, tuple)) and v and all(isinstance(c, RNNCell) for c in v):
            setattr(new, k, type(v)(_fresh_copy(c) for c in v))
    return new


def _argmax_and_embed(embedding, output_projection=None, update_embedding=True):
    """The loop function of greedy decoding: the previous step's most likely symbol, embedded."""
    def loop_function(prev, _):
        if output_projection is not None:
            prev = bias_add(matmul(prev, output_projection[0]), output_projection[1])
        emb_prev = embedding_lookup(embedding, argmax(prev, 1))
        return emb_prev if update_embedding else stop_gradient(emb_prev)
    return loop_function


def rnn_decoder(decoder_inputs, initial_state, cell, loop_function=None, scope=None):
    """The cell run over `decoder_inputs` (a list of [batch, input] tensors) from `initial_state`;
    with `loop_function(prev_output, i)`, steps after the first take their input from it instead.
    Returns (list of outputs, final state).

    >>> outputs, state = tf.contrib.legacy_seq2seq.rnn_decoder(dec_inputs, enc_state, cell)
    """
    with variable_scope(scope or "rnn_decoder"):
        state, outputs, prev = initial_state, [], None
        for i, inp in enumerate(decoder_inputs):
            if loop_function is not None and prev is not None:
                with variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            if i > 0:
                get_variable_scope().reuse_variables()
            output, state = cell(inp, state)
            outputs.append(output)
            if loop_function is not None:
                prev = output
    return outputs, state


def basic_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, dtype=dtypes.float32, scope=None):
    """An encoder RNN (a copy of `cell`, its own variables) whose final state starts the decoder
    RNN `cell` over `decoder_inputs`. Returns (decoder outputs, decoder final state).

    >>> outputs, state = tf.contrib.legacy_seq2seq.basic_rnn_seq2seq(enc_inputs, dec_inputs, cell)
    """
    with variable_scope(scope or "basic_rnn_seq2seq"):
        _, enc_state = static_rnn(_fresh_copy(cell), encoder_inputs, dtype=dtype)
        return rnn_decoder(decoder_inputs, enc_state, cell)


def tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, loop_function=None, dtype=dtypes.float32, scope=None):
    """basic_rnn_seq2seq with one set of variables for the encoder and the decoder.

    >>> outputs, state = tf.contrib.legacy_seq2seq.tied_rnn_seq2seq(enc_inputs, dec_inputs, cell)
    """
    with variable_scope("combined_tied_rnn_seq2seq"):
        scope = scope or "tied_rnn_seq2seq"
        _, enc_state = static_rnn(cell, encoder_inputs, dtype=dtype, scope=scope)
        get_variable_scope().reuse_variables()
        return rnn_decoder(decoder_inputs, enc_state, cell, loop_function=loop_function, scope=scope)


def embedding_rnn_decoder(decoder_inputs, initial_state, cell, num_symbols, embedding_size, output_projection=None,
                          feed_previous=False, update_embedding_for_previous=True, scope=None):
    """rnn_decoder over integer symbols ([batch] tensors) embedded by a new `embedding` variable;
    with feed_previous, each step after the first embeds the previous step's argmax (greedy decoding).

    >>> outputs, state = tf.contrib.legacy_seq2seq.embedding_rnn_decoder(dec_ids, enc_state, cell, 100, 32)
    """
    with variable_scope(scope or "embedding_rnn_decoder"):
        if output_projection is not None:
            w = convert_to_tensor(output_projection[0])
            b = convert_to_tensor(output_projection[1])
            if not w.shape.is_compatible_with([None, num_symbols]) or not b.shape.is_compatible_with([num_symbols]):
                raise ValueError(f"output_projection must be (W [output_size, {num_symbols}], B [{num_symbols}]); "
                                 f"got shapes {w.shape} and {b.shape}")
            output_projection = (w, b)
        embedding = get_variable("embedding", [num_symbols, embedding_size])
        loop_function = (_argmax_and_embed(embedding, output_projection, update_embedding_for_previous)
                         if feed_previous else None)
        emb_inp = [embedding_lookup(embedding, i) for i in decoder_inputs]
        return rnn_decoder(emb_inp, initial_state, cell, loop_function=loop_function)


def embedding_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, num_encoder_symbols, num_decoder_symbols,
                          embedding_size, output_projection=None, feed_previous=False, dtype=None, scope=None):
    """The classic translation model: encoder symbols embedded and encoded by a copy of `cell`, its
    final state decoding the embedded decoder symbols; without `output_projection` the decoder's
    outputs are projected to `num_decoder_symbols` logits (an OutputProjectionWrapper).
    `feed_previous` may be a boolean tensor (both decoders are built, tf.cond picks one).

    >>> outputs, state = tf.contrib.legacy_seq2seq.embedding_rnn_seq2seq(enc_ids, dec_ids, cell, 100, 100, 32)
    """
    with variable_scope(scope or "embedding_rnn_seq2seq", dtype=dtype) as vs:
        dtype = vs.dtype
        encoder_cell = EmbeddingWrapper(_fresh_copy(cell), embedding_classes=num_encoder_symbols,
                                        embedding_size=embedding_size)
        _, encoder_state = static_rnn(encoder_cell, encoder_inputs, dtype=dtype)
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, num_decoder_symbols)
        if isinstance(feed_previous, bool):
            return embedding_rnn_decoder(decoder_inputs, encoder_state, cell, num_decoder_symbols, embedding_size,
                                         output_projection=output_projection, feed_previous=feed_previous)

        def decoder(feed_previous_bool):
            reuse = None if feed_previous_bool else True
            with variable_scope(get_variable_scope(), reuse=reuse):
                outputs, state = embedding_rnn_decoder(
                    decoder_inputs, encoder_state, cell, num_decoder_symbols, embedding_size,
                    output_projection=output_projection, feed_previous=feed_previous_bool,
                    update_embedding_for_previous=False)
                return list(outputs) + nest.flatten(state)

        both = cond(feed_previous, lambda: decoder(True), lambda: decoder(False))
        n = len(decoder_inputs)
        state = nest.pack_sequence_as(encoder_state, list(both[n:]))
        return list(both[:n]), state


def sequence_loss_by_example(logits, targets, weights, average_across_timesteps=True, softmax_loss_function=None,
                             name=None):
    """Per example: the weighted sum over time steps of the cross-entropy of logits[t] against
    targets[t] (divided by the summed weights with average_across_timesteps). Returns [batch].

    >>> per_example = tf.contrib.legacy_seq2seq.sequence_loss_by_example(outputs, targets, weights)
    """
    if len(targets) != len(logits) or len(weights) != len(logits):
        raise ValueError(f"Lengths of logits, weights, and targets must be the same {len(logits)}, {len(weights)}, "
                         f"{len(targets)}.")
    with name_scope(name or "sequence_loss_by_example"):
        terms = []
        for logit, target, weight in zip(logits, targets, weights):
            if softmax_loss_function is None:
                crossent = sparse_softmax_cross_entropy_with_logits(labels=reshape(target, [-1]), logits=logit)
            else:
                crossent = softmax_loss_function(labels=target, logits=logit)
            terms.append(crossent * weight)
        log_perps = add_n(terms)
        if average_across_timesteps:
            log_perps = log_perps / (add_n(list(weights)) + 1e-12)
    return log_perps


def sequence_loss(logits, targets, weights, average_across_timesteps=True, average_across_batch=True,
                  softmax_loss_function=None, name=None):
    """sequence_loss_by_example summed over the batch (divided by the batch size with
    average_across_batch): the average log-perplexity per symbol. Returns a scalar.

    >>> loss = tf.contrib.legacy_seq2seq.sequence_loss(outputs, targets, weights)
    """
    with name_scope(name or "sequence_loss"):
        cost = reduce_sum(sequence_loss_by_example(logits, targets, weights, average_across_timesteps,
                                                   softmax_loss_function=softmax_loss_function))
        if average_across_batch:
            return cost / cast(shape(convert_to_tensor(targets[0]))[0], cost.dtype)
        return cost


def model_with_buckets(encoder_inputs, decoder_inputs, targets, weights, buckets, seq2seq, softmax_loss_function=None,
                       per_example_loss=False, name=None):
    """One model per bucket (input length, output length), sharing variables: `seq2seq(enc, dec)`
    on the first lengths of the inputs, and its sequence_loss (or, with per_example_loss,
    sequence_loss_by_example). Returns (list of outputs per bucket, list of losses per bucket).

    >>> outputs, losses = tf.contrib.legacy_seq2seq.model_with_buckets(enc, dec, tgt, w, [(3, 3), (5, 6)], model)
    """
    if len(encoder_inputs) < buckets[-1][0]:
        raise ValueError(f"Length of encoder_inputs ({len(encoder_inputs)}) must be at least that of last bucket "
                         f"({buckets[-1][0]}).")
    if len(targets) < buckets[-1][1]:
        raise ValueError(f"Length of targets ({len(targets)}) must be at least that of last bucket ({buckets[-1][1]}).")
    if len(weights) < buckets[-1][1]:
        raise ValueError(f"Length of weights ({len(weights)}) must be at least that of last bucket ({buckets[-1][1]}).")
    losses, outputs = [], []
    with name_scope(name or "model_with_buckets"):
        for j, (n_in, n_out) in enumerate(buckets):
            with variable_scope(get_variable_scope(), reuse=True if j > 0 else None):
                bucket_outputs, _ = seq2seq(encoder_inputs[:n_in], decoder_inputs[:n_out])
                outputs.append(bucket_outputs)
                loss = sequence_loss_by_example if per_example_loss else sequence_loss
                losses.append(loss(bucket_outputs, targets[:n_out], weights[:n_out],
                                   softmax_loss_function=softmax_loss_function))
    return outputs, losses


from .legacy_seq2seq_attention import (attention_decoder, embedding_attention_decoder,  # noqa: E402
                                       embedding_attention_seq2seq)
