"""The attention decoders of tf.contrib.legacy_seq2seq (Vinyals et al., arXiv:1412.7449), over
lists of per-time-step tensors, with TF1.15's signatures, defaults and variable names
(`attention_decoder/AttnW_0`, `.../Attention_0/kernel`, `.../AttnOutputProjection/bias`...).

>>> outputs, state = tf.contrib.legacy_seq2seq.embedding_attention_seq2seq(enc_ids, dec_ids, cell, 100, 100, 32)
"""
from ..framework import nest
from ..framework.scopes import get_variable, get_variable_scope, variable_scope
from ..ops import init_ops
from ..ops.array_ops import zeros
from ..ops.concat_ops import concat, stack
from ..ops.constant_op import convert_to_tensor
from ..ops.control_flow_cond import cond
from ..ops.conv_ops import conv2d
from ..ops.embedding_ops import embedding_lookup
from ..ops.linalg_ops import matmul
from ..ops.math_ops import tanh
from ..ops.nn_layers_ops import bias_add
from ..ops.nn_ops import softmax
from ..ops.reduction_ops import reduce_sum
from ..ops.rnn import static_rnn
from ..ops.rnn_cell import OutputProjectionWrapper
from ..ops.rnn_cell_input_wrappers import EmbeddingWrapper
from ..ops.shape_ops import reshape, shape

__all__ = ["attention_decoder", "embedding_attention_decoder", "embedding_attention_seq2seq"]


def _linear(args, output_size):
    """TF1's rnn_cell _Linear: concat(args, 1) @ `kernel` + `bias` (zeros), variables in the
    current scope."""
    total = 0
    for a in args:
        if a.shape.ndims != 2:
            raise ValueError(f"linear is expecting 2D arguments: {[x.shape for x in args]}")
        d = a.shape.as_list()[1]
        if d is None:
            raise ValueError(f"linear expects shape[1] to be provided for shape {a.shape}, but saw None")
        total += d
    dtype = args[0].dtype
    kernel = get_variable("kernel", [total, output_size], dtype=dtype)
    bias = get_variable("bias", [output_size], dtype=dtype, initializer=init_ops.constant_initializer(0.0))
    x = args[0] if len(args) == 1 else concat(list(args), 1)
    return bias_add(matmul(x, kernel), bias)


def attention_decoder(decoder_inputs, initial_state, attention_states, cell, output_size=None, num_heads=1,
                      loop_function=None, dtype=None, scope=None, initial_state_attention=False):
    """rnn_decoder that also reads `attention_states` ([batch, attn_length, attn_size]): each step
    runs the cell on linear(input, previous attention reads), then each head's attention
    softmax(v^T tanh(W h + U state)) reads a weighted sum of the states, and the step's output is
    linear(cell output, reads) of `output_size` (default cell.output_size). Initial reads are
    zeros, or with initial_state_attention computed from `initial_state`. Returns (outputs, state).

    >>> outputs, state = tf.contrib.legacy_seq2seq.attention_decoder(dec_inputs, enc_state, enc_outputs_3d, cell)
    """
    if not decoder_inputs:
        raise ValueError("Must provide at least 1 input to attention decoder.")
    if num_heads < 1:
        raise ValueError("With less than 1 heads, use a non-attention decoder.")
    attention_states = convert_to_tensor(attention_states)
    if attention_states.shape.ndims != 3 or attention_states.shape.as_list()[2] is None:
        raise ValueError(f"Shape[2] of attention_states must be known: {attention_states.shape}")
    if output_size is None:
        output_size = cell.output_size
    with variable_scope(scope or "attention_decoder", dtype=dtype) as vs:
        dtype = vs.dtype
        batch_size = shape(decoder_inputs[0])[0]
        attn_length = attention_states.shape.as_list()[1]
        if attn_length is None:
            attn_length = shape(attention_states)[1]
        attn_size = attention_states.shape.as_list()[2]
        # W h for every attended state at once: a 1x1 convolution over [batch, length, 1, size].
        hidden = reshape(attention_states, [-1, attn_length, 1, attn_size])
        hidden_features, v = [], []
        vec_size = attn_size
        for a in range(num_heads):
            k = get_variable(f"AttnW_{a}", [1, 1, attn_size, vec_size], dtype=dtype)
            hidden_features.append(conv2d(hidden, k, [1, 1, 1, 1], "SAME"))
            v.append(get_variable(f"AttnV_{a}", [vec_size], dtype=dtype))

        def attention(query):
            if nest.is_sequence(query):
                query = concat(nest.flatten(query), 1)
            reads = []
            for a in range(num_heads):
                with variable_scope(f"Attention_{a}"):
                    y = reshape(_linear([query], vec_size), [-1, 1, 1, vec_size])
                    s = reduce_sum(v[a] * tanh(hidden_features[a] + y), [2, 3])
                    weights = softmax(s)
                    d = reduce_sum(reshape(weights, [-1, attn_length, 1, 1]) * hidden, [1, 2])
                    reads.append(reshape(d, [-1, attn_size]))
            return reads

        state = initial_state
        outputs, prev = [], None
        attns = []
        for _ in range(num_heads):
            z = zeros(stack([batch_size, attn_size]), dtype=dtype)
            z.set_shape([None, attn_size])
            attns.append(z)
        if initial_state_attention:
            attns = attention(initial_state)
        for i, inp in enumerate(decoder_inputs):
            if i > 0:
                get_variable_scope().reuse_variables()
            if loop_function is not None and prev is not None:
                with variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            inp = convert_to_tensor(inp)
            if inp.shape.ndims != 2:
                raise ValueError(f"attention_decoder: decoder input {i} must be [batch, input_size], got {inp.shape}")
            input_size = inp.shape.as_list()[1]
            if input_size is None:
                raise ValueError(f"Could not infer input size from input: {inp.name}")
            x = _linear([inp] + attns, input_size)
            cell_output, state = cell(x, state)
            if i == 0 and initial_state_attention:
                with variable_scope(get_variable_scope(), reuse=True):
                    attns = attention(state)
            else:
                attns = attention(state)
            with variable_scope("AttnOutputProjection"):
                output = _linear([cell_output] + attns, output_size)
            if loop_function is not None:
                prev = output
            outputs.append(output)
    return outputs, state


def embedding_attention_decoder(decoder_inputs, initial_state, attention_states, cell, num_symbols, embedding_size,
                                num_heads=1, output_size=None, output_projection=None, feed_previous=False,
                                update_embedding_for_previous=True, dtype=None, scope=None,
                                initial_state_attention=False):
    """attention_decoder over integer symbols ([batch] tensors) embedded by a new `embedding`
    variable [num_symbols, embedding_size]; with feed_previous, each step after the first embeds
    the previous step's argmax (after output_projection (W, B) when given).

    >>> outputs, state = tf.contrib.legacy_seq2seq.embedding_attention_decoder(dec_ids, st, attn, cell, 100, 32)
    """
    from .legacy_seq2seq import _argmax_and_embed
    if output_size is None:
        output_size = cell.output_size
    if output_projection is not None:
        b = convert_to_tensor(output_projection[1], dtype=dtype)
        if not b.shape.is_compatible_with([num_symbols]):
            raise ValueError(f"output_projection[1] must have shape [{num_symbols}], got {b.shape}")
    with variable_scope(scope or "embedding_attention_decoder", dtype=dtype):
        embedding = get_variable("embedding", [num_symbols, embedding_size])
        loop_function = (_argmax_and_embed(embedding, output_projection, update_embedding_for_previous)
                         if feed_previous else None)
        emb_inp = [embedding_lookup(embedding, i) for i in decoder_inputs]
        return attention_decoder(emb_inp, initial_state, attention_states, cell, output_size=output_size,
                                 num_heads=num_heads, loop_function=loop_function,
                                 initial_state_attention=initial_state_attention)


def embedding_attention_seq2seq(encoder_inputs, decoder_inputs, cell, num_encoder_symbols, num_decoder_symbols,
                                embedding_size, encoder_cell=None, num_heads=1, output_projection=None,
                                feed_previous=False, dtype=None, scope=None, initial_state_attention=False):
    """The translation model with attention: encoder symbols embedded and encoded by
    `encoder_cell` (default: a copy of `cell`), whose outputs are attended by an
    embedding_attention_decoder started from the encoder's final state. Without
    output_projection the decoder's outputs are num_decoder_symbols logits. `feed_previous` may
    be a boolean tensor (both decoders are built, tf.cond picks one). Returns (outputs, state).

    >>> outputs, state = tf.contrib.legacy_seq2seq.embedding_attention_seq2seq(enc_ids, dec_ids, cell, 100, 100, 32)
    """
    from .legacy_seq2seq import _fresh_copy
    with variable_scope(scope or "embedding_attention_seq2seq", dtype=dtype) as vs:
        dtype = vs.dtype
        enc = EmbeddingWrapper(encoder_cell if encoder_cell is not None else _fresh_copy(cell),
                               embedding_classes=num_encoder_symbols, embedding_size=embedding_size)
        encoder_outputs, encoder_state = static_rnn(enc, encoder_inputs, dtype=dtype)
        top_states = [reshape(e, [-1, 1, cell.output_size]) for e in encoder_outputs]
        attention_states = concat(top_states, 1)
        output_size = None
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, num_decoder_symbols)
            output_size = num_decoder_symbols

        def decode(fp, update_embedding=True):
            return embedding_attention_decoder(
                decoder_inputs, encoder_state, attention_states, cell, num_decoder_symbols, embedding_size,
                num_heads=num_heads, output_size=output_size, output_projection=output_projection, feed_previous=fp,
                update_embedding_for_previous=update_embedding, initial_state_attention=initial_state_attention)

        if isinstance(feed_previous, bool):
            return decode(feed_previous)

        def decoder(feed_previous_bool):
            # The feed-previous branch is built first and makes the variables; the other reuses them.
            with variable_scope(get_variable_scope(), reuse=None if feed_previous_bool else True):
                outputs, state = decode(feed_previous_bool, update_embedding=False)
                return list(outputs) + nest.flatten(state)

        both = cond(feed_previous, lambda: decoder(True), lambda: decoder(False))
        n = len(decoder_inputs)
        state = nest.pack_sequence_as(encoder_state, list(both[n:]))
        return list(both[:n]), state

