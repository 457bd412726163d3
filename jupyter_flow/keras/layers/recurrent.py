"""Keras' recurrent layers for TF1 graphs: RNN (any Keras cell over the time axis), SimpleRNNCell and SimpleRNN.
LSTM is in recurrent_lstm.py, GRU in recurrent_gru.py; the options every cell shares are in recurrent_cells.py.

The time loop is one tf.while_loop over TensorArrays (as TF 1.x keras' backend.rnn), so inputs may have a
None time axis. Weights live in the cell, named <layer>/<cell>/kernel, recurrent_kernel, bias as TF 1.x.

>>> h = tf.keras.layers.SimpleRNN(32)(x)                          # x [batch, time, features] -> [batch, 32]
>>> seq, h, c = tf.keras.layers.LSTM(32, return_sequences=True, return_state=True)(x)
"""
import inspect

from .. import regularizers
from ..engine.base_layer import InputSpec, Layer
from .recurrent_cells import RecurrentCellOptions, cell_config
from ...framework import nest
from ...framework.graph import get_default_graph
from ...framework.tensor_shape import TensorShape
from ...ops.constant_op import convert_to_tensor
from ...ops.control_flow_loop import while_loop
from ...ops.linalg_ops import matmul, transpose
from ...ops.nn_layers_ops import bias_add
from ...ops.math_ops import add
from ...ops.reduction_ops import reduce_sum
from ...ops.shape_ops import expand_dims, reverse, shape, tile
from ...ops.tensor_array import TensorArray
from ...ops.array_ops import where, zeros_like


def _state_sizes(cell):
    sizes = cell.state_size
    return [int(s) for s in sizes] if isinstance(sizes, (list, tuple)) else [int(sizes)]


def _output_size(cell):
    return int(cell.output_size) if hasattr(cell, "output_size") else _state_sizes(cell)[0]


def _zero_state(time_major_inputs, size):
    # As keras: zeros [batch, size] built from the inputs, so an unknown batch size works.
    per_example = reduce_sum(zeros_like(time_major_inputs), axis=[0, 2])
    return tile(expand_dims(per_example, 1), [1, size])


class RNN(Layer):
    """A Keras cell (call(inputs, states) -> (output, new_states), state_size) run over axis 1 of
    [batch, time, features] inputs (axis 0 with time_major). Returns the last output, or all outputs with
    return_sequences; with return_state, [output] + the final states. go_backwards reads time in reverse
    (the sequence outputs stay in the order processed, as Keras). A `mask=` [batch, time] bool tensor skips
    steps: their states are kept and their output repeats the previous one (zeros with zero_output_for_mask).
    Masks are not propagated from Embedding(mask_zero=True) or Masking layers in jupyter_flow: pass them."""

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False, stateful=False,
                 unroll=False, time_major=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            raise NotImplementedError("RNN over a list of cells (StackedRNNCells) is not supported by jupyter_flow; "
                                      "stack RNN layers with return_sequences=True instead.")
        if not hasattr(cell, "call") or not hasattr(cell, "state_size"):
            raise ValueError(f"RNN's cell should have a `call` method and a `state_size` attribute; got {cell!r}")
        if stateful:
            raise NotImplementedError(f"{type(self).__name__}(stateful=True) is not supported by jupyter_flow: "
                                      f"carry the states yourself with return_state=True and initial_state=...")
        zero_output_for_mask = kwargs.pop("zero_output_for_mask", False)
        super().__init__(**kwargs)
        self.supports_masking = True
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.cell = cell
        self.return_sequences, self.return_state = bool(return_sequences), bool(return_state)
        self.go_backwards, self.stateful, self.unroll = bool(go_backwards), False, bool(unroll)
        self.time_major = bool(time_major)
        self.input_spec = InputSpec(ndim=3)

    def __getattr__(self, name):
        # units, activation, dropout, ...: the cell's options read through the layer, as in Keras.
        if name in RecurrentCellOptions.NAMES and "cell" in self.__dict__:
            return getattr(self.__dict__["cell"], name)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    @property
    def states(self):
        return [None] * len(_state_sizes(self.cell))

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        if input_shape.ndims != 3:
            raise ValueError(f"Layer {self.name} expects inputs of shape [batch, time, features], got "
                             f"{input_shape.as_list()}")
        batch, features = input_shape[1 if self.time_major else 0].value, input_shape[2].value
        if features is None:
            raise ValueError(f"The last dimension (features) of the inputs to {self.name} should be defined. "
                             f"Found `None` in {input_shape.as_list()}.")
        self.input_spec = InputSpec(ndim=3, axes={-1: features})
        if isinstance(self.cell, Layer) and not self.cell.built:
            with get_default_graph().name_scope(self.cell.name):
                self.cell.build(TensorShape([batch, features]))
                self.cell.built = True
        self.built = True

    def call(self, inputs, mask=None, training=None, initial_state=None, constants=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        if constants is not None:
            raise NotImplementedError(f"Layer {self.name}: RNN(constants=...) is not supported by jupyter_flow.")
        sizes = _state_sizes(self.cell)
        x = inputs if self.time_major else transpose(inputs, [1, 0, 2])
        if initial_state is None:
            states = [_zero_state(x, size) for size in sizes]
        else:
            states = [convert_to_tensor(s) for s in nest.flatten(initial_state)]
            if len(states) != len(sizes):
                raise ValueError(f"Layer {self.name} has {len(sizes)} states but was passed {len(states)} initial "
                                 f"states: {[s.name for s in states]}")
        if isinstance(self.cell, RecurrentCellOptions):
            self.cell.prepare_dropout_masks(x[0], training)
        cell_call = self.cell.call
        takes_training = "training" in inspect.signature(cell_call).parameters
        if mask is not None:
            mask = convert_to_tensor(mask)
            mask = mask if self.time_major else transpose(mask, [1, 0])
        if self.go_backwards:
            x = reverse(x, [0])
            mask = None if mask is None else reverse(mask, [0])
        steps = shape(x)[0]
        step_shape = x.shape[1:]
        input_ta = TensorArray(x.dtype, size=steps, element_shape=step_shape).unstack(x)
        mask_ta = None if mask is None else TensorArray(mask.dtype, size=steps, element_shape=mask.shape[1:]) \
            .unstack(mask)
        output_ta = TensorArray(x.dtype, size=steps, element_shape=None)

        def body(time, output_ta, states, previous_output):
            x_t = input_ta.read(time)
            x_t.set_shape(step_shape)
            output, new_states = cell_call(x_t, list(states), training=training) if takes_training \
                else cell_call(x_t, list(states))
            new_states = nest.flatten(new_states)
            for new, old in zip(new_states, states):
                new.set_shape(old.shape)
            if mask_ta is not None:
                # As Keras: a masked step keeps the states and repeats the previous output (or outputs zeros).
                keep = mask_ta.read(time)
                new_states = [where(keep, new, old) for new, old in zip(new_states, states)]
                output = where(keep, output, zeros_like(output) if self.zero_output_for_mask else previous_output)
            return time + 1, output_ta.write(time, output), new_states, output

        first_output = _zero_state(x, _output_size(self.cell))
        _, output_ta, final_states, last_output = while_loop(
            lambda time, *_: time < steps, body,
            (convert_to_tensor(0, name="time"), output_ta, states, first_output),
            parallel_iterations=32, return_same_structure=True)
        outputs = output_ta.stack()
        outputs.set_shape(TensorShape([x.shape[0].value, x.shape[1].value]).concatenate(
            outputs.shape[2:] if outputs.shape.ndims is not None else [None]))
        output = (outputs if self.time_major else transpose(outputs, [1, 0, 2])) if self.return_sequences \
            else (outputs[-1] if mask is None else last_output)
        if self.return_state:
            return [output] + list(final_states)
        return output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(_state_sizes(self.cell))
        return output_mask

    def compute_output_shape(self, input_shape):
        input_shape = TensorShape(input_shape).as_list()
        time, batch = (input_shape[0], input_shape[1]) if self.time_major else (input_shape[1], input_shape[0])
        units = _output_size(self.cell)
        output = TensorShape(([time, batch] if self.time_major else [batch, time]) + [units]) \
            if self.return_sequences else TensorShape([batch, units])
        if self.return_state:
            return [output] + [TensorShape([batch, size]) for size in _state_sizes(self.cell)]
        return output

    # -- the cell's weights and losses are the layer's -----------------------------------------------
    def _cell_layer(self):
        return self.cell if isinstance(self.cell, Layer) else None

    @property
    def trainable_weights(self):
        cell = self._cell_layer()
        return (cell.trainable_weights if cell is not None else []) if self.trainable else []

    @property
    def non_trainable_weights(self):
        cell = self._cell_layer()
        if cell is None:
            return []
        return cell.non_trainable_weights if self.trainable else cell.weights

    @property
    def losses(self):
        cell = self._cell_layer()
        return list(self._losses) + (cell.losses if cell is not None else [])

    def get_config(self):
        config = super().get_config()
        config.update(return_sequences=self.return_sequences, return_state=self.return_state,
                      go_backwards=self.go_backwards, stateful=False, unroll=self.unroll,
                      time_major=self.time_major)
        return config


class SimpleRNNCell(RecurrentCellOptions):
    """h = activation(x @ kernel + h_prev @ recurrent_kernel + bias); kernel [features, units]."""

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                         recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
                         bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                         recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
                         recurrent_dropout=recurrent_dropout, gates=1, **kwargs)

    def call(self, inputs, states, training=None):
        (h_prev,) = states
        x, h = self.masked(inputs, 0), self.masked_recurrent(h_prev, 0)
        z = matmul(x, self.kernel)
        if self.use_bias:
            z = bias_add(z, self.bias)
        output = self.activation(add(z, matmul(h, self.recurrent_kernel)))
        return output, [output]


def _rnn_layer_kwargs(kwargs):
    """The layer-level keyword arguments of SimpleRNN/LSTM/GRU, and the cell's dtype/trainable."""
    layer_kwargs = {k: kwargs.pop(k) for k in list(kwargs) if k in (
        "return_sequences", "return_state", "go_backwards", "stateful", "unroll", "time_major")}
    if "activity_regularizer" in kwargs:
        kwargs["activity_regularizer"] = regularizers.get(kwargs["activity_regularizer"])
    kwargs.pop("implementation", None)
    return layer_kwargs, {"dtype": kwargs.get("dtype"), "trainable": kwargs.get("trainable", True)}


class SimpleRNN(RNN):
    """A fully-connected RNN: SimpleRNNCell over time (weights simple_rnn/simple_rnn_cell/kernel:0, ...)."""

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, **kwargs):
        layer_kwargs, cell_kwargs = _rnn_layer_kwargs(kwargs)
        cell = SimpleRNNCell(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                             recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
                             kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
                             bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                             recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
                             dropout=dropout, recurrent_dropout=recurrent_dropout, name="simple_rnn_cell",
                             **cell_kwargs)
        super().__init__(cell, **layer_kwargs, **kwargs)

    def get_config(self):
        return dict(super().get_config(), **cell_config(self.cell))

