"""Keras' GRUCell and GRU (TF 1.x keras' defaults: recurrent_activation='hard_sigmoid', reset_after=False).
The kernels hold the gates in the order z (update), r (reset), h (candidate), as Keras; with reset_after the
bias is [2, 3 * units]: row 0 for the inputs, row 1 for the recurrent part (CuDNN's convention).

>>> h = tf.keras.layers.GRU(64)(x)                 # gru/gru_cell/kernel:0 [features, 192]
"""
from .. import activations
from .recurrent import RNN, _rnn_layer_kwargs
from .recurrent_cells import RecurrentCellOptions, cell_config
from .recurrent_lstm import gate_inputs
from ...ops.linalg_ops import matmul
from ...ops.math_ops import add, multiply, subtract
from ...ops.nn_layers_ops import bias_add


class GRUCell(RecurrentCellOptions):
    """One GRU step: z, r = recurrent_activation(...), candidate = activation(x_h + (r * h) @ U_h) (or
    x_h + r * (h @ U_h + b_h) with reset_after), h = z * h_prev + (1 - z) * candidate."""

    def __init__(self, units, activation="tanh", recurrent_activation="hard_sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                 implementation=1, reset_after=False, **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                         recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
                         bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                         recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
                         recurrent_dropout=recurrent_dropout, gates=3, implementation=implementation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = bool(reset_after)

    def bias_shape(self):
        return [2, 3 * self.units] if self.reset_after else [3 * self.units]

    def call(self, inputs, states, training=None):
        (h_prev,) = states
        u = self.units
        if self.reset_after:
            (x_z, x_r, x_h), (h_z, h_r, h_h) = gate_inputs(self, inputs, h_prev)
            if self.use_bias:
                recurrent_bias = self.bias[1]
                h_z, h_r, h_h = (bias_add(t, recurrent_bias[g * u:(g + 1) * u]) for g, t in
                                 enumerate((h_z, h_r, h_h)))
            z = self.recurrent_activation(add(x_z, h_z))
            r = self.recurrent_activation(add(x_r, h_r))
            candidate = self.activation(add(x_h, multiply(r, h_h)))
        else:
            (x_z, x_r, x_h), _ = gate_inputs(self, inputs)
            h_z = matmul(self.masked_recurrent(h_prev, 0), self.recurrent_kernel[:, :u])
            h_r = matmul(self.masked_recurrent(h_prev, 1), self.recurrent_kernel[:, u:2 * u])
            z = self.recurrent_activation(add(x_z, h_z))
            r = self.recurrent_activation(add(x_r, h_r))
            reset = multiply(r, self.masked_recurrent(h_prev, 2))
            candidate = self.activation(add(x_h, matmul(reset, self.recurrent_kernel[:, 2 * u:])))
        h = add(multiply(z, h_prev), multiply(subtract(1.0, z), candidate))
        return h, [h]


class GRU(RNN):
    """Gated Recurrent Unit over time (weights gru/gru_cell/kernel:0, recurrent_kernel:0, bias:0)."""

    def __init__(self, units, activation="tanh", recurrent_activation="hard_sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                 implementation=1, reset_after=False, **kwargs):
        layer_kwargs, cell_kwargs = _rnn_layer_kwargs(kwargs)
        cell = GRUCell(units, activation=activation, recurrent_activation=recurrent_activation, use_bias=use_bias,
                       kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
                       bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                       recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
                       kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
                       bias_constraint=bias_constraint, dropout=dropout, recurrent_dropout=recurrent_dropout,
                       implementation=implementation, reset_after=reset_after, name="gru_cell", **cell_kwargs)
        super().__init__(cell, **layer_kwargs, **kwargs)

    def get_config(self):
        return dict(super().get_config(), **cell_config(self.cell))
