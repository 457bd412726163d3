"""tf.nn.dynamic_rnn, static_rnn and their bidirectional forms: a cell unrolled over time.
dynamic_rnn is a tf.while_loop over TensorArrays (as TF1), so the whole sequence runs in the engine.

>>> outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(150), X, dtype=tf.float32)
"""
from ..framework import dtypes, nest
from ..framework.scopes import variable_scope
from ..framework.tensor_shape import TensorShape
from .array_ops import where
from .constant_op import convert_to_tensor
from .control_flow_loop import while_loop
from .linalg_ops import transpose
from .math_ops import cast, greater_equal
from .tensor_array import TensorArray


def _dim(t, axis):
    from .indexing_ops import strided_slice
    from .shape_ops import shape
    d = t.shape[axis] if t.shape.ndims is not None else None
    d = getattr(d, "value", d)
    if d is not None:
        return int(d), int(d)
    return strided_slice(shape(t), [axis], [axis + 1], shrink_axis_mask=1), None


def _swap_time_batch(t):
    if t.shape.ndims is None:
        raise ValueError(f"dynamic_rnn needs inputs of known rank, got {t!r}")
    perm = [1, 0] + list(range(2, t.shape.ndims))
    return transpose(t, perm)


def _initial_state(cell, initial_state, batch, dtype):
    if initial_state is not None:
        return initial_state
    if dtype is None:
        raise ValueError("If there is no initial_state, you must give a dtype.")
    return cell.zero_state(batch, dtype)


def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None, parallel_iterations=None,
                swap_memory=False, time_major=False, scope=None):
    """Run `cell` over the time steps of `inputs` ([batch, time, ...], or [time, batch, ...] with
    time_major); returns (outputs, final_state). With `sequence_length`, steps past each sequence's
    length output zeros and keep the state.

    >>> outputs, states = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32, sequence_length=seq_length)
    """
    with variable_scope(scope or "rnn"):
        flat_in = [convert_to_tensor(t) for t in nest.flatten(inputs)]
        if not time_major:
            flat_in = [_swap_time_batch(t) for t in flat_in]
        steps, steps_static = _dim(flat_in[0], 0)
        batch, _ = _dim(flat_in[0], 1)
        state = _initial_state(cell, initial_state, batch, dtype)
        out_dtype = nest.flatten(state)[0].dtype
        seq_len = None
        if sequence_length is not None:
            seq_len = cast(convert_to_tensor(sequence_length), dtypes.int32, name="sequence_length")
        input_tas = [TensorArray(t.dtype, size=steps, element_shape=t.shape[1:]).unstack(t) for t in flat_in]
        out_sizes = nest.flatten(cell.output_size)
        out_tas = [TensorArray(out_dtype, size=steps, element_shape=None) for _ in out_sizes]

        def body(time, out_tas, state):
            x = nest.pack_sequence_as(inputs, [ta.read(time) for ta in input_tas])
            for xi, t in zip(nest.flatten(x), flat_in):
                xi.set_shape(t.shape[1:])
            output, new_state = cell(x, state)
            flat_out = nest.flatten(output)
            if seq_len is not None:
                done = greater_equal(time, seq_len)
                flat_out = [where(done, zeros_like_out(o), o) for o in flat_out]
                new_state = nest.map_structure(lambda old, new: where(done, old, new), state, new_state)
            return time + 1, [ta.write(time, o) for ta, o in zip(out_tas, flat_out)], new_state

        def zeros_like_out(o):
            from .array_ops import zeros_like
            return zeros_like(o)

        _, out_tas, final_state = while_loop(lambda time, *_: time < steps, body,
                                             (convert_to_tensor(0, name="time"), out_tas, state),
                                             parallel_iterations=parallel_iterations or 32, swap_memory=swap_memory,
                                             return_same_structure=True)
        outs = []
        for ta in out_tas:
            o = ta.stack()
            if o.shape.ndims is not None:
                dims = o.shape.as_list()
                dims[0] = steps_static
                o.set_shape(TensorShape(dims))
            outs.append(o if time_major else _swap_time_batch(o))
        outputs = nest.pack_sequence_as(cell.output_size, outs) if nest.is_sequence(cell.output_size) else outs[0]
    return outputs, final_state


def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """The cell applied step by step to a Python list of [batch, ...] inputs (unrolled in the
    graph); returns (list of outputs, final state).

    >>> outputs, state = tf.nn.static_rnn(cell, tf.unstack(X, axis=1), dtype=tf.float32)
    """
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise TypeError("static_rnn: inputs must be a non-empty list of tensors, one per time step")
    with variable_scope(scope or "rnn") as varscope:
        first = convert_to_tensor(nest.flatten(inputs[0])[0])
        batch, _ = _dim(first, 0)
        state = _initial_state(cell, initial_state, batch, dtype)
        seq_len = None if sequence_length is None else cast(convert_to_tensor(sequence_length), dtypes.int32)
        outputs = []
        for t, x in enumerate(inputs):
            if t > 0:
                varscope.reuse_variables()
            output, new_state = cell(x, state)
            if seq_len is not None:
                from .array_ops import zeros_like
                done = greater_equal(t, seq_len)
                output = where(done, zeros_like(output), output)
                new_state = nest.map_structure(lambda old, new: where(done, old, new), state, new_state)
            state = new_state
            outputs.append(output)
    return outputs, state


def _reverse_time(t, seq_len, time_axis):
    """Each sequence reversed within its length (TF1's reverse_sequence), or all steps if no lengths."""
    from .shape_ops import reverse
    if seq_len is None:
        return reverse(t, [time_axis])
    from .functional_ops import map_fn
    from .indexing_ops import gather
    from .sequence_ops import range as range_
    batch_major = t if time_axis == 1 else _swap_time_batch(t)
    steps, _ = _dim(batch_major, 1)
    lengths = cast(convert_to_tensor(seq_len), dtypes.int32)

    def one(args):
        seq, n = args
        idx = range_(steps)
        return gather(seq, where(idx < n, n - 1 - idx, idx))
    out = map_fn(one, (batch_major, lengths), dtype=t.dtype)
    out.set_shape(batch_major.shape)
    return out if time_axis == 1 else _swap_time_batch(out)


def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None, initial_state_fw=None,
                              initial_state_bw=None, dtype=None, parallel_iterations=None, swap_memory=False,
                              time_major=False, scope=None):
    """A forward and a backward dynamic_rnn over the same inputs; returns
    ((output_fw, output_bw), (state_fw, state_bw)), the backward outputs in forward time order.

    >>> (fw, bw), states = tf.nn.bidirectional_dynamic_rnn(cell_fw, cell_bw, X, dtype=tf.float32)
    """
    time_axis = 0 if time_major else 1
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            out_fw, state_fw = dynamic_rnn(cell_fw, inputs, sequence_length, initial_state_fw, dtype,
                                           parallel_iterations, swap_memory, time_major, scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            rev = _reverse_time(convert_to_tensor(inputs), sequence_length, time_axis)
            out_bw, state_bw = dynamic_rnn(cell_bw, rev, sequence_length, initial_state_bw, dtype,
                                           parallel_iterations, swap_memory, time_major, scope=bw_scope)
            out_bw = _reverse_time(out_bw, sequence_length, time_axis)
    return (out_fw, out_bw), (state_fw, state_bw)


def _reverse_steps(steps, seq_len):
    """A list of per-step tensors (or structures) reversed in time, within each sequence's length
    when lengths are given (TF1's _reverse_seq)."""
    if seq_len is None:
        return list(reversed(steps))
    from .concat_ops import stack, unstack
    flat = [nest.flatten(s) for s in steps]
    columns = []
    for component in zip(*flat):
        joined = stack([convert_to_tensor(c) for c in component])
        columns.append(unstack(_reverse_time(joined, seq_len, 0), num=len(steps)))
    return [nest.pack_sequence_as(s, [col[t] for col in columns]) for t, s in enumerate(steps)]


def static_bidirectional_rnn(cell_fw, cell_bw, inputs, initial_state_fw=None, initial_state_bw=None, dtype=None,
                             sequence_length=None, scope=None):
    """A forward and a backward static_rnn over the same list of inputs; returns (outputs, state_fw,
    state_bw), each output the forward and backward outputs of that step concatenated on axis 1.

    >>> outputs, _, _ = tf.nn.static_bidirectional_rnn(cell_fw, cell_bw, tf.unstack(X, axis=1), dtype=tf.float32)
    """
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise TypeError("static_bidirectional_rnn: inputs must be a non-empty list of tensors, one per time step")
    from .concat_ops import concat
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            out_fw, state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype, sequence_length, scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            reversed_out, state_bw = static_rnn(cell_bw, _reverse_steps(inputs, sequence_length), initial_state_bw,
                                                dtype, sequence_length, scope=bw_scope)
    out_bw = _reverse_steps(reversed_out, sequence_length)
    outputs = [nest.pack_sequence_as(fw, [concat([f, b], 1) for f, b in zip(nest.flatten(fw), nest.flatten(bw))])
               for fw, bw in zip(out_fw, out_bw)]
    return outputs, state_fw, state_bw
