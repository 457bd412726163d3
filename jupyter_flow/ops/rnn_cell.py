"""tf.nn.rnn_cell: recurrent cells (one time step each) with TF1's variable names
(`rnn/basic_rnn_cell/kernel`, `rnn/lstm_cell/w_f_diag`, `rnn/gru_cell/gates/bias`...).

>>> cell = tf.nn.rnn_cell.BasicLSTMCell(150)
>>> outputs, state = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)
"""
import collections

from ..framework import nest
from ..framework.graph import name_scope
from ..framework.scopes import get_variable, variable_scope
from ..framework.tensor_shape import as_shape
from . import init_ops
from .array_ops import zeros
from .concat_ops import concat, split
from .constant_op import convert_to_tensor
from .linalg_ops import matmul
from .math_ops import sigmoid, tanh
from .nn_layers_ops import bias_add, dropout


class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """The (c, h) state of an LSTM cell: memory cell and hidden output."""

    __slots__ = ()

    @property
    def dtype(self):
        c, h = self
        if c.dtype is not h.dtype:
            raise TypeError(f"Inconsistent internal state: {c.dtype.name} vs {h.dtype.name}")
        return c.dtype


class RNNCell:
    """Base class of recurrent cells. A subclass defines `state_size`, `output_size` and
    `call(inputs, state) -> (output, new_state)`, and may define `build(inputs_shape)` to create
    its variables (with tf.get_variable) on the first call.

    >>> class MyCell(tf.nn.rnn_cell.RNNCell): ...
    >>> output, state = MyCell()(x, state)
    """

    _base_name = "rnn_cell"

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        self._name = name
        self._scope = None
        self._built = False

    @property
    def state_size(self):
        raise NotImplementedError("an RNNCell subclass must define state_size")

    @property
    def output_size(self):
        raise NotImplementedError("an RNNCell subclass must define output_size")

    def build(self, inputs_shape):
        pass

    def call(self, inputs, state):
        raise NotImplementedError("an RNNCell subclass must define call(inputs, state) or __call__")

    def _call_built(self, inputs, state):
        if not self._built:
            self.build(inputs.shape if hasattr(inputs, "shape") else None)
            self._built = True
        return self.call(inputs, state)

    def __call__(self, inputs, state, scope=None):
        """One time step: (output, new_state). Variables are made on the first call, reused after."""
        inputs = convert_to_tensor(inputs) if not nest.is_sequence(inputs) else inputs
        if scope is not None:
            with variable_scope(scope):
                return self._call_built(inputs, state)
        if self._scope is None:
            with variable_scope(None, default_name=self._name or self._base_name) as s:
                self._scope = s
                return self._call_built(inputs, state)
        with variable_scope(self._scope, reuse=True):
            return self._call_built(inputs, state)

    def zero_state(self, batch_size, dtype):
        """Zeros of this cell's state structure for a batch."""
        with name_scope(type(self).__name__ + "ZeroState"):
            return nest.map_structure(lambda s: zeros(_batched(batch_size, s), dtype=dtype), self.state_size)


LayerRNNCell = RNNCell


def _batched(batch_size, size):
    dims = as_shape(size).as_list() if not isinstance(size, int) else [size]
    if isinstance(batch_size, int):
        return [batch_size] + dims
    from .concat_ops import stack
    return stack([convert_to_tensor(batch_size)] + dims)


def _input_depth(inputs, cell):
    d = inputs.shape[-1] if inputs.shape.ndims else None
    d = getattr(d, "value", d)
    if d is None:
        raise ValueError(f"Expected inputs.shape[-1] to be known for {type(cell).__name__}, saw shape: {inputs.shape}")
    return int(d)


class BasicRNNCell(RNNCell):
    """h' = activation(W [x, h] + b); its output is its state.

    >>> cell = tf.nn.rnn_cell.BasicRNNCell(num_units=150)
    """

    _base_name = "basic_rnn_cell"

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(name=name)
        self._num_units = num_units
        self._activation = activation or tanh

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = as_shape(inputs_shape)[-1]
        depth = getattr(depth, "value", depth)
        self._kernel = get_variable("kernel", [depth + self._num_units, self._num_units])
        self._bias = get_variable("bias", [self._num_units], initializer=init_ops.zeros_initializer())

    def call(self, inputs, state):
        out = self._activation(bias_add(matmul(concat([inputs, state], 1), self._kernel), self._bias))
        return out, out


class BasicLSTMCell(RNNCell):
    """The LSTM of Zaremba et al. (no peepholes, no projection); state LSTMStateTuple(c, h).

    >>> cell = tf.nn.rnn_cell.BasicLSTMCell(num_units=150, forget_bias=1.0)
    """

    _base_name = "basic_lstm_cell"

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True, activation=None, reuse=None, name=None,
                 dtype=None, **kwargs):
        super().__init__(name=name)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation or tanh

    @property
    def state_size(self):
        n = self._num_units
        return LSTMStateTuple(n, n) if self._state_is_tuple else 2 * n

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = getattr(as_shape(inputs_shape)[-1], "value", as_shape(inputs_shape)[-1])
        self._kernel = get_variable("kernel", [depth + self._num_units, 4 * self._num_units])
        self._bias = get_variable("bias", [4 * self._num_units], initializer=init_ops.zeros_initializer())

    def call(self, inputs, state):
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = split(state, 2, axis=1)
        gates = bias_add(matmul(concat([inputs, h], 1), self._kernel), self._bias)
        i, j, f, o = split(gates, 4, axis=1)
        new_c = c * sigmoid(f + self._forget_bias) + sigmoid(i) * self._activation(j)
        new_h = self._activation(new_c) * sigmoid(o)
        new_state = LSTMStateTuple(new_c, new_h) if self._state_is_tuple else concat([new_c, new_h], 1)
        return new_h, new_state


class LSTMCell(RNNCell):
    """The LSTM of Hochreiter & Schmidhuber with optional peepholes (use_peepholes), cell clipping
    and an output projection (num_proj); state LSTMStateTuple(c, m).

    >>> cell = tf.nn.rnn_cell.LSTMCell(128, use_peepholes=True, num_proj=64)
    """

    _base_name = "lstm_cell"

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None, num_proj=None,
                 proj_clip=None, num_unit_shards=None, num_proj_shards=None, forget_bias=1.0, state_is_tuple=True,
                 activation=None, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(name=name)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation or tanh

    @property
    def state_size(self):
        out = self._num_proj or self._num_units
        return LSTMStateTuple(self._num_units, out) if self._state_is_tuple else self._num_units + out

    @property
    def output_size(self):
        return self._num_proj or self._num_units

    def build(self, inputs_shape):
        depth = getattr(as_shape(inputs_shape)[-1], "value", as_shape(inputs_shape)[-1])
        h_depth = self._num_proj or self._num_units
        self._kernel = get_variable("kernel", [depth + h_depth, 4 * self._num_units], initializer=self._initializer)
        self._bias = get_variable("bias", [4 * self._num_units], initializer=init_ops.zeros_initializer())
        if self._use_peepholes:
            self._w_f_diag = get_variable("w_f_diag", [self._num_units], initializer=self._initializer)
            self._w_i_diag = get_variable("w_i_diag", [self._num_units], initializer=self._initializer)
            self._w_o_diag = get_variable("w_o_diag", [self._num_units], initializer=self._initializer)
        if self._num_proj is not None:
            self._proj_kernel = get_variable("projection/kernel", [self._num_units, self._num_proj],
                                             initializer=self._initializer)

    def call(self, inputs, state):
        from .clip_ops import clip_by_value
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev, m_prev = split(state, [self._num_units, self._num_proj or self._num_units], axis=1)
        lstm = bias_add(matmul(concat([inputs, m_prev], 1), self._kernel), self._bias)
        i, j, f, o = split(lstm, 4, axis=1)
        if self._use_peepholes:
            c = sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev + \
                sigmoid(i + self._w_i_diag * c_prev) * self._activation(j)
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * self._activation(j)
        if self._cell_clip is not None:
            c = clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = matmul(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else concat([c, m], 1)
        return m, new_state


class GRUCell(RNNCell):
    """The gated recurrent unit of Cho et al.; its output is its state.

    >>> cell = tf.nn.rnn_cell.GRUCell(num_units=100)
    """

    _base_name = "gru_cell"

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None, bias_initializer=None,
                 name=None, dtype=None, **kwargs):
        super().__init__(name=name)
        self._num_units = num_units
        self._activation = activation or tanh
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = getattr(as_shape(inputs_shape)[-1], "value", as_shape(inputs_shape)[-1])
        n = self._num_units
        self._gate_kernel = get_variable("gates/kernel", [depth + n, 2 * n], initializer=self._kernel_initializer)
        self._gate_bias = get_variable("gates/bias", [2 * n], initializer=self._bias_initializer or
                                       init_ops.constant_initializer(1.0))
        self._candidate_kernel = get_variable("candidate/kernel", [depth + n, n], initializer=self._kernel_initializer)
        self._candidate_bias = get_variable("candidate/bias", [n], initializer=self._bias_initializer or
                                            init_ops.zeros_initializer())

    def call(self, inputs, state):
        value = sigmoid(bias_add(matmul(concat([inputs, state], 1), self._gate_kernel), self._gate_bias))
        r, u = split(value, 2, axis=1)
        c = self._activation(bias_add(matmul(concat([inputs, r * state], 1), self._candidate_kernel),
                                      self._candidate_bias))
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class MultiRNNCell(RNNCell):
    """Cells stacked: each one's output is the next one's input; the state is a tuple of theirs.

    >>> cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicRNNCell(100) for _ in range(3)])
    """

    _base_name = "multi_rnn_cell"

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not state_is_tuple:
            raise NotImplementedError("MultiRNNCell(state_is_tuple=False) is deprecated in TF1 and not supported")
        self._cells = list(cells)

    @property
    def state_size(self):
        return tuple(c.state_size for c in self._cells)

    @property
    def output_size(self):
        return self._cells[-1].output_size

    def zero_state(self, batch_size, dtype):
        with name_scope("MultiRNNCellZeroState"):
            return tuple(c.zero_state(batch_size, dtype) for c in self._cells)

    def call(self, inputs, state):
        cur, new_states = inputs, []
        for i, cell in enumerate(self._cells):
            with variable_scope(f"cell_{i}"):
                cur, s = cell(cur, state[i])
            new_states.append(s)
        return cur, tuple(new_states)


class _CellAround(RNNCell):
    """A cell around another one, whose state and output sizes and zero state it has."""

    def __init__(self, cell):
        super().__init__()
        self._cell = cell

    @property
    def state_size(self):
        return self._cell.state_size

    @property
    def output_size(self):
        return self._cell.output_size

    def zero_state(self, batch_size, dtype):
        return self._cell.zero_state(batch_size, dtype)


class _WrapperCell(_CellAround):
    """A cell around another one, adding no variable scope of its own."""

    def __call__(self, inputs, state, scope=None):
        return self.call(inputs, state, scope)


class DropoutWrapper(_WrapperCell):
    """Dropout on a cell's inputs, outputs and/or state (keep probabilities may be tensors).

    >>> cell = tf.nn.rnn_cell.DropoutWrapper(cell, input_keep_prob=keep_prob)
    """

    def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0, state_keep_prob=1.0,
                 variational_recurrent=False, input_size=None, dtype=None, seed=None,
                 dropout_state_filter_visitor=None):
        super().__init__(cell)
        if variational_recurrent:
            raise NotImplementedError("DropoutWrapper(variational_recurrent=True) is not supported")
        self._input_keep_prob = input_keep_prob
        self._output_keep_prob = output_keep_prob
        self._state_keep_prob = state_keep_prob
        self._seed = seed

    @staticmethod
    def _keeps_all(p):
        return isinstance(p, (int, float)) and p >= 1

    def call(self, inputs, state, scope=None):
        if not self._keeps_all(self._input_keep_prob):
            inputs = dropout(inputs, self._input_keep_prob, seed=self._seed)
        output, new_state = self._cell(inputs, state, scope)
        if not self._keeps_all(self._state_keep_prob):
            # As TF1: an LSTM's memory cell c is never dropped, only the other state parts.
            def drop(s, keep):
                return s if not keep else dropout(s, self._state_keep_prob, seed=self._seed)
            if isinstance(new_state, LSTMStateTuple):
                new_state = LSTMStateTuple(new_state.c, drop(new_state.h, True))
            else:
                new_state = nest.map_structure(lambda s: drop(s, True), new_state)
        if not self._keeps_all(self._output_keep_prob):
            output = dropout(output, self._output_keep_prob, seed=self._seed)
        return output, new_state


class OutputProjectionWrapper(_CellAround):
    """A cell whose output goes through a dense layer to `output_size` units (tf.contrib.rnn).

    >>> cell = tf.contrib.rnn.OutputProjectionWrapper(tf.nn.rnn_cell.BasicRNNCell(100), output_size=1)
    """

    _base_name = "output_projection_wrapper"

    def __init__(self, cell, output_size, activation=None, reuse=None):
        if output_size < 1:
            raise ValueError(f"Parameter output_size must be > 0: {output_size}.")
        super().__init__(cell)
        self._output_size = output_size
        self._activation = activation

    @property
    def output_size(self):
        return self._output_size

    def call(self, inputs, state):
        output, new_state = self._cell(inputs, state)
        depth = _input_depth(output, self)
        kernel = get_variable("kernel", [depth, self._output_size])
        bias = get_variable("bias", [self._output_size], initializer=init_ops.zeros_initializer())
        projected = bias_add(matmul(output, kernel), bias)
        if self._activation is not None:
            projected = self._activation(projected)
        return projected, new_state
