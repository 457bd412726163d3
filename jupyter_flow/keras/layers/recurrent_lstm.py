"""Keras' LSTMCell and LSTM (TF 1.x keras' defaults: recurrent_activation='hard_sigmoid', unit_forget_bias).
The kernels hold the gates side by side in the order i, f, c, o, as Keras, so Keras weights load unchanged.

>>> outputs = tf.keras.layers.LSTM(64, return_sequences=True)(x)   # lstm/lstm_cell/kernel:0 [features, 256]
"""
from .. import activations
from .recurrent import RNN, _rnn_layer_kwargs
from .recurrent_cells import RecurrentCellOptions, cell_config
from ...ops.concat_ops import concat, split
from ...ops.linalg_ops import matmul
from ...ops.math_ops import add, multiply
from ...ops.nn_layers_ops import bias_add


def gate_inputs(cell, x, h=None):
    """[x @ kernel_g + bias_g for each gate], [h @ recurrent_kernel_g for each gate] (None without h), with
    each gate's own dropout masks (one matmul for all gates when there are none)."""
    u, n = cell.units, cell.gates
    if cell._masks is None:
        z = matmul(x, cell.kernel)
        if cell.use_bias:
            z = bias_add(z, cell.bias if cell.bias.shape.ndims == 1 else cell.bias[0])
        from_x = split(z, n, axis=1)
    else:
        from_x = [matmul(cell.masked(x, g), cell.kernel[:, g * u:(g + 1) * u]) for g in range(n)]
        if cell.use_bias:
            bias = cell.bias if cell.bias.shape.ndims == 1 else cell.bias[0]
            from_x = [bias_add(z, bias[g * u:(g + 1) * u]) for g, z in enumerate(from_x)]
    if h is None:
        return from_x, None
    if cell._recurrent_masks is None:
        from_h = split(matmul(h, cell.recurrent_kernel), n, axis=1)
    else:
        from_h = [matmul(cell.masked_recurrent(h, g), cell.recurrent_kernel[:, g * u:(g + 1) * u])
                  for g in range(n)]
    return from_x, from_h


class _UnitForgetBias:
    """The LSTM bias initializer with unit_forget_bias: the forget gate's block starts at 1."""

    def __init__(self, initializer, units):
        self.initializer, self.units = initializer, units

    def __call__(self, shape, dtype=None, partition_info=None):
        from ...ops.array_ops import ones
        u = self.units
        return concat([self.initializer([u], dtype=dtype), ones([u], dtype=dtype),
                       self.initializer([2 * u], dtype=dtype)], 0)


class LSTMCell(RecurrentCellOptions):
    """One LSTM step: i, f, o = recurrent_activation(...), c = f * c_prev + i * activation(...),
    h = o * activation(c); states [h, c]."""

    def __init__(self, units, activation="tanh", recurrent_activation="hard_sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, implementation=1, **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                         recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
                         bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                         recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
                         recurrent_dropout=recurrent_dropout, gates=4, implementation=implementation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)

    @property
    def state_size(self):
        return [self.units, self.units]

    def bias_initial_value(self):
        return _UnitForgetBias(self.bias_initializer, self.units) if self.unit_forget_bias else self.bias_initializer

    def call(self, inputs, states, training=None):
        h_prev, c_prev = states
        (x_i, x_f, x_c, x_o), (h_i, h_f, h_c, h_o) = gate_inputs(self, inputs, h_prev)
        i = self.recurrent_activation(add(x_i, h_i))
        f = self.recurrent_activation(add(x_f, h_f))
        c = add(multiply(f, c_prev), multiply(i, self.activation(add(x_c, h_c))))
        o = self.recurrent_activation(add(x_o, h_o))
        h = multiply(o, self.activation(c))
        return h, [h, c]


class LSTM(RNN):
    """Long Short-Term Memory over time (weights lstm/lstm_cell/kernel:0, recurrent_kernel:0, bias:0);
    with return_state the states are [h, c]."""

    def __init__(self, units, activation="tanh", recurrent_activation="hard_sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, implementation=1, **kwargs):
        layer_kwargs, cell_kwargs = _rnn_layer_kwargs(kwargs)
        cell = LSTMCell(units, activation=activation, recurrent_activation=recurrent_activation, use_bias=use_bias,
                        kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
                        bias_initializer=bias_initializer, unit_forget_bias=unit_forget_bias,
                        kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
                        bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                        recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
                        recurrent_dropout=recurrent_dropout, implementation=implementation, name="lstm_cell",
                        **cell_kwargs)
        super().__init__(cell, **layer_kwargs, **kwargs)

    def get_config(self):
        return dict(super().get_config(), **cell_config(self.cell))
