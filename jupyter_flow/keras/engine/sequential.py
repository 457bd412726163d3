"""tf.keras.Sequential: a linear stack of layers, built as a functional model as soon as its input shape is known
(input_shape=/batch_input_shape= on the first layer, an InputLayer, or the first array fit() sees)."""
import numpy as np

from .functional import _node_outputs
from .training import Model


def _declared_batch_shape(layer):
    shape = getattr(layer, "_batch_input_shape", None) or getattr(layer, "batch_input_shape", None)
    if shape is None and getattr(layer, "input_shape_arg", None) is not None:
        shape = (None,) + tuple(layer.input_shape_arg)
    return shape


class Sequential(Model):
    _default_name = "sequential"

    def __init__(self, layers=None, name=None):
        super().__init__(name=name)
        self._stack = []
        for layer in layers or []:
            self.add(layer)

    def add(self, layer):
        from ..engine import input_layer
        if hasattr(layer, "_keras_history") and not callable(layer):
            layer = layer._keras_history[0]  # an Input(...) tensor: its InputLayer starts the stack
        if not callable(layer) or not hasattr(layer, "trainable_weights"):
            raise TypeError(f"The added layer must be an instance of class Layer. Found: {layer!r}")
        if not self._stack and not self.built:
            if type(layer).__name__ == "InputLayer":
                self._start(_node_outputs(layer._inbound_nodes[0]))
                return
            if getattr(layer, "_nodes", None) and len(layer.inputs) == 1 and len(layer.outputs) == 1:
                # As TF1: a functional model as the first layer lends its own input and output tensors.
                self._stack.append(layer)
                self._input_tensors = list(layer.inputs)
                self._init_graph_network(self._input_tensors, list(layer.outputs))
                self._array_graph, self._dataset_graphs = None, {}
                return
            shape = _declared_batch_shape(layer)
            if shape is not None:
                # As TF1: the input placeholder is named for the first layer (dense_input).
                self._start([input_layer.Input(batch_shape=shape, dtype=getattr(layer, "dtype", None),
                                               name=f"{layer.name}_input")])
        self._stack.append(layer)
        if self.built:
            self._extend(layer)

    def _start(self, inputs):
        self._input_tensors = inputs
        self._init_graph_network(inputs, inputs)
        for layer in self._stack:
            self._extend(layer)

    def _extend(self, layer):
        output = layer(self.outputs[0])
        self._init_graph_network(self._input_tensors, output)
        self._array_graph, self._dataset_graphs = None, {}

    def _ensure_built(self, x):
        if not self.built:
            from ..engine import input_layer
            self._start([input_layer.Input(batch_shape=(None,) + tuple(np.shape(x)[1:]))])

    @property
    def layers(self):
        return list(self._stack)

    def pop(self):
        if not self._stack:
            raise TypeError("There are no layers in the model.")
        self._stack.pop()
        if self.built:
            self._start(self._input_tensors)
