"""What SimpleRNNCell, LSTMCell and GRUCell share: their options (units, activations, initializers,
regularizers, constraints, dropout), their weights (kernel [features, gates * units], recurrent_kernel
[units, gates * units], bias) and their dropout masks.

As TF 1.x keras, each dropout mask is drawn once per layer call (not per time step) from the learning phase
(or the call's `training=`), one independent mask per gate.
"""
import numpy as np

from .. import activations, backend, constraints, initializers, regularizers
from ..engine.base_layer import Layer
from ...framework.graph import Tensor
from ...framework.tensor_shape import TensorShape
from ...ops.array_ops import ones_like, zeros_like
from ...ops.math_ops import cast, multiply, subtract
from ...ops.nn_layers_ops import dropout as _nn_dropout
from ...ops.reduction_ops import reduce_sum
from ...ops.shape_ops import expand_dims, tile


def dropout_masks(template, rate, training, count):
    """`count` independent dropout masks shaped like `template` (kept entries 1 / (1 - rate), dropped 0) while
    training, else None (no masking)."""
    if not rate:
        return None
    training = backend.learning_phase() if training is None else training
    if isinstance(training, (bool, int, np.bool_)) and not isinstance(training, Tensor):
        if not training:
            return None
        keep = 1.0 - rate
    else:
        # keep_prob 1 (every entry kept, scale 1) while the learning phase is false.
        keep = subtract(1.0, multiply(rate, cast(training, template.dtype)))
    ones = ones_like(template)
    return [_nn_dropout(ones, keep_prob=keep) for _ in range(count)]


def _serialized(obj, module):
    return None if obj is None else module.serialize(obj)


class RecurrentCellOptions(Layer):
    """The base of the Keras recurrent cells; `gates` is how many units-wide blocks the kernels have
    (1 SimpleRNN, 3 GRU, 4 LSTM)."""

    NAMES = ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
             "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
             "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
             "bias_constraint", "dropout", "recurrent_dropout", "implementation", "reset_after")

    def __init__(self, units, activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer,
                 kernel_regularizer, recurrent_regularizer, bias_regularizer, kernel_constraint,
                 recurrent_constraint, bias_constraint, dropout, recurrent_dropout, gates, implementation=1,
                 **kwargs):
        super().__init__(**kwargs)
        if int(units) != units or units <= 0:
            raise ValueError(f"{type(self).__name__}'s units must be a positive int, got {units!r}")
        if implementation not in (1, 2):
            raise ValueError(f"implementation must be 1 or 2, got {implementation!r}")
        self.units, self.gates, self.implementation = int(units), gates, implementation
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        for name, rate in (("dropout", dropout), ("recurrent_dropout", recurrent_dropout)):
            if not 0 <= rate < 1:
                raise ValueError(f"{type(self).__name__}'s {name} must be in [0, 1), got {rate!r}")
        self.dropout, self.recurrent_dropout = float(dropout), float(recurrent_dropout)
        self._masks, self._recurrent_masks = None, None

    @property
    def state_size(self):
        return self.units

    @property
    def output_size(self):
        return self.units

    def bias_shape(self):
        return [self.gates * self.units]

    def bias_initial_value(self):
        return self.bias_initializer

    def build(self, input_shape):
        features = TensorShape(input_shape)[-1].value
        if features is None:
            raise ValueError(f"{type(self).__name__} needs a known input depth, got input shape {input_shape}")
        width = self.gates * self.units
        self.kernel = self.add_weight("kernel", shape=[features, width], initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight("recurrent_kernel", shape=[self.units, width],
                                                initializer=self.recurrent_initializer,
                                                regularizer=self.recurrent_regularizer,
                                                constraint=self.recurrent_constraint)
        self.bias = self.add_weight("bias", shape=self.bias_shape(), initializer=self.bias_initial_value(),
                                    regularizer=self.bias_regularizer, constraint=self.bias_constraint) \
            if self.use_bias else None
        self.built = True

    def prepare_dropout_masks(self, step_inputs, training):
        """Draw this call's masks: for the [batch, features] inputs and for the [batch, units] states."""
        self._masks = dropout_masks(step_inputs, self.dropout, training, self.gates)
        self._recurrent_masks = None
        if self.recurrent_dropout:
            self._recurrent_masks = dropout_masks(_batch_units(step_inputs, self.units), self.recurrent_dropout,
                                                  training, self.gates)

    def masked(self, inputs, gate):
        return inputs if self._masks is None else multiply(inputs, self._masks[gate])

    def masked_recurrent(self, h, gate):
        return h if self._recurrent_masks is None else multiply(h, self._recurrent_masks[gate])


def _batch_units(step_inputs, units):
    """zeros [batch, units] (a template for the state masks) from [batch, features] inputs."""
    return tile(expand_dims(reduce_sum(zeros_like(step_inputs), axis=[1]), 1), [1, units])


def cell_config(cell):
    """The cell's options as TF 1.x keras' recurrent layers list them in get_config()."""
    config = {"units": cell.units, "activation": activations.serialize(cell.activation)}
    if hasattr(cell, "recurrent_activation"):
        config["recurrent_activation"] = activations.serialize(cell.recurrent_activation)
    config.update(use_bias=cell.use_bias, kernel_initializer=initializers.serialize(cell.kernel_initializer),
                  recurrent_initializer=initializers.serialize(cell.recurrent_initializer),
                  bias_initializer=initializers.serialize(cell.bias_initializer))
    if hasattr(cell, "unit_forget_bias"):
        config["unit_forget_bias"] = cell.unit_forget_bias
    config.update(kernel_regularizer=_serialized(cell.kernel_regularizer, regularizers),
                  recurrent_regularizer=_serialized(cell.recurrent_regularizer, regularizers),
                  bias_regularizer=_serialized(cell.bias_regularizer, regularizers),
                  kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                  dropout=cell.dropout, recurrent_dropout=cell.recurrent_dropout)
    if cell.gates > 1:
        config["implementation"] = cell.implementation
    if hasattr(cell, "reset_after"):
        config["reset_after"] = cell.reset_after
    return config
