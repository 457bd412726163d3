"""Keras' layer wrappers: Bidirectional (a recurrent layer run forwards and backwards, outputs merged) and
TimeDistributed (a layer applied to every time step), as TF 1.x keras builds them.

>>> h = tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(64))(x)            # [batch, 128]
>>> y = tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(10))(seq)      # [batch, time, 10]
"""
import inspect

from ..engine.base_layer import InputSpec, Layer
from ...framework.tensor_shape import TensorShape
from ...framework.graph import get_default_graph
from ...ops.concat_ops import concat, stack
from ...ops.math_ops import add, multiply
from ...ops.shape_ops import reshape, reverse, shape


def _layer_config(layer):
    return {"class_name": type(layer).__name__, "config": layer.get_config()}


def _layer_from_config(config):
    from .. import layers
    cls = getattr(layers, config["class_name"], None)
    if cls is None:
        raise ValueError(f"Unknown layer: {config['class_name']} (not in tf.keras.layers)")
    return cls.from_config(config["config"])


class Wrapper(Layer):
    """A layer around another layer (`self.layer`), whose weights are the wrapper's."""

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(f"Please initialize `{type(self).__name__}` layer with a `Layer` instance. You "
                             f"passed: {layer!r}")
        super().__init__(**kwargs)
        self.layer = layer

    def _wrapped(self):
        return [self.layer]

    @property
    def trainable_weights(self):
        return [w for layer in self._wrapped() for w in layer.trainable_weights] if self.trainable else []

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return [w for layer in self._wrapped() for w in layer.weights]
        return [w for layer in self._wrapped() for w in layer.non_trainable_weights]

    @property
    def losses(self):
        return list(self._losses) + [loss for layer in self._wrapped() for loss in layer.losses]

    @property
    def updates(self):
        return list(self._updates) + [u for layer in self._wrapped() for u in layer.updates]

    def get_config(self):
        return dict(super().get_config(), layer=_layer_config(self.layer))

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        return cls(_layer_from_config(config.pop("layer")), **config)


_MERGES = {"sum": add, "mul": multiply, "ave": lambda a, b: multiply(add(a, b), 0.5),
           "concat": lambda a, b: concat([a, b], -1), None: None}


class Bidirectional(Wrapper):
    """A copy of the recurrent `layer` named forward_<name> and one with go_backwards flipped named
    backward_<name> (weights bidirectional/forward_lstm/lstm_cell/kernel:0, ...); the backward sequence
    outputs are put back in time order, then merged: 'concat' (default), 'sum', 'mul', 'ave', or None (a
    list [forward, backward])."""

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if merge_mode not in _MERGES:
            raise ValueError(f"Invalid merge mode. Merge mode should be one of {{'sum', 'mul', 'ave', 'concat', "
                             f"None}}, got {merge_mode!r}")
        if backward_layer is not None:
            raise NotImplementedError("Bidirectional(backward_layer=...) is not supported by jupyter_flow; the "
                                      "backward layer is a copy of `layer` with go_backwards flipped.")
        super().__init__(layer, **kwargs)
        if getattr(layer, "stateful", False):
            raise NotImplementedError("Bidirectional of a stateful layer is not supported by jupyter_flow.")
        config = layer.get_config()
        self.forward_layer = type(layer).from_config(dict(config, name="forward_" + layer.name))
        self.backward_layer = type(layer).from_config(dict(config, name="backward_" + layer.name,
                                                           go_backwards=not config["go_backwards"]))
        self.merge_mode = merge_mode
        self.return_sequences, self.return_state = layer.return_sequences, layer.return_state
        # As Keras: merged sequences show zeros at masked steps (not the previous step's output).
        self.forward_layer.zero_output_for_mask = self.backward_layer.zero_output_for_mask = self.return_sequences
        self._initial_weights = weights
        self.input_spec = InputSpec(ndim=3)
        self.supports_masking = True

    def _wrapped(self):
        return [self.forward_layer, self.backward_layer]

    def build(self, input_shape):
        # The two layers' weights exist once the wrapper is built (so Bidirectional(weights=...) can load them).
        for layer in self._wrapped():
            with get_default_graph().name_scope(layer.name):
                layer.build(input_shape)
                layer.built = True
        self.built = True

    def call(self, inputs, training=None, mask=None, initial_state=None):
        kwargs = {} if training is None else {"training": training}
        if mask is not None:
            kwargs["mask"] = mask
        forward_state = backward_state = None
        if initial_state is not None:
            half = len(initial_state) // 2
            forward_state, backward_state = list(initial_state[:half]), list(initial_state[half:])
        y = self.forward_layer(inputs, initial_state=forward_state, **kwargs)
        y_rev = self.backward_layer(inputs, initial_state=backward_state, **kwargs)
        states = []
        if self.return_state:
            states = y[1:] + y_rev[1:]
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = reverse(y_rev, [0 if self.layer.time_major else 1])
        merge = _MERGES[self.merge_mode]
        output = [y, y_rev] if merge is None else merge(y, y_rev)
        if self.return_state:
            return (output if merge is None else [output]) + states
        return output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        outputs = [output_mask, output_mask] if self.merge_mode is None else [output_mask]
        if self.return_state:
            return outputs + [None] * (len(self.forward_layer.states) * 2)
        return outputs if self.merge_mode is None else output_mask

    def compute_output_shape(self, input_shape):
        shapes = self.forward_layer.compute_output_shape(input_shape)
        output = shapes[0] if self.return_state else shapes
        if self.merge_mode == "concat":
            dims = output.as_list()
            output = TensorShape(dims[:-1] + [None if dims[-1] is None else 2 * dims[-1]])
        outputs = [output, output] if self.merge_mode is None else [output]
        if self.return_state:
            return outputs + shapes[1:] + shapes[1:]
        return outputs if self.merge_mode is None else output

    def get_config(self):
        return dict(super().get_config(), merge_mode=self.merge_mode)


class TimeDistributed(Wrapper):
    """`layer` applied to each [batch, ...] slice along axis 1 of [batch, time, ...]: the time axis is folded
    into the batch (reshape), the layer runs once, and the result is unfolded. The inner layer's weights are
    made in the wrapper's scope (time_distributed/kernel:0, as TF 1.x keras)."""

    def __init__(self, layer, **kwargs):
        super().__init__(layer, **kwargs)
        self.input_spec = InputSpec(min_ndim=3)
        self.supports_masking = True   # the [batch, time] mask passes through to the outputs

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        if input_shape.ndims is None or input_shape.ndims < 3:
            raise ValueError(f"`TimeDistributed` Layer should be passed an `input_shape` with at least 3 "
                             f"dimensions, received: {input_shape}")
        self.input_spec = InputSpec(shape=[None] + input_shape.as_list()[1:])
        if not self.layer.built:
            self.layer.build(TensorShape([None]).concatenate(input_shape[2:]))
            self.layer.built = True
        self.built = True

    def call(self, inputs, training=None, mask=None):
        if mask is not None and "mask" in inspect.signature(self.layer.call).parameters:
            raise NotImplementedError(f"Layer {self.name}: passing the mask to the wrapped layer "
                                      f"{self.layer.name} is not supported by jupyter_flow")
        kwargs = {}
        if training is not None and "training" in inspect.signature(self.layer.call).parameters:
            kwargs["training"] = training
        inner_shape = inputs.shape.as_list()[2:]
        if None in inner_shape:
            raise ValueError(f"TimeDistributed needs the per-step shape of its inputs, got {inputs.shape} "
                             f"('{inputs.name}')")
        steps = inputs.shape[1].value
        folded = reshape(inputs, [-1] + inner_shape)
        y = self.layer(folded, **kwargs)
        out_inner = y.shape.as_list()[1:]
        if None in out_inner:
            raise ValueError(f"TimeDistributed: the per-step output shape of {self.layer.name} must be known, "
                             f"got {y.shape} ('{y.name}')")
        outputs = reshape(y, [-1, steps] + out_inner if steps is not None else
                          stack([-1, shape(inputs)[1]] + out_inner))
        outputs.set_shape(TensorShape([inputs.shape[0].value, steps] + out_inner))
        return outputs

    def compute_output_shape(self, input_shape):
        input_shape = TensorShape(input_shape)
        inner = self.layer.compute_output_shape(TensorShape([input_shape[0].value]).concatenate(input_shape[2:]))
        return TensorShape([input_shape[0].value, input_shape[1].value]).concatenate(TensorShape(inner)[1:])
