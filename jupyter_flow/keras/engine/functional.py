"""The layer-graph half of tf.keras.Model (TF1's Network): a model is either a graph of layers found by walking
back from `outputs` through each tensor's `_keras_history` (the functional API), or a subclass whose layers are
the Layer-like objects assigned as attributes and whose forward pass is `call()`. Weight bookkeeping, summary()
and save/load of weights live here; compile/fit live in training.py.

A Network is a Layer (as in TF1): `encoder(x)` on a new tensor re-applies its layers (same weights) inside the
name scope of the model, and records the call as one node of the model, so an outer functional model or a
Sequential sees the encoder as one layer (its weights, its row in summary(), its entry in get_config()). A
functional model's node 0 is its own graph (inputs -> outputs), as in Keras; calls add nodes 1, 2, ..."""
import numpy as np

import jupyter_flow as tf

from . import model_summary
from .base_layer import Layer, Node, to_snake_case
from .session_access import session


def _is_layer(value):
    return hasattr(value, "trainable_weights") and callable(value) and hasattr(value, "name")


def _flat(value):
    if isinstance(value, (list, tuple)):
        return [t for item in value for t in _flat(item)]
    return [value]


def node_inputs_and_kwargs(node):
    """(input tensors, call kwargs) of one inbound-node record, whatever container keraslayers uses for it."""
    for inputs_attr in ("input_tensors", "inputs"):
        if hasattr(node, inputs_attr):
            kwargs = getattr(node, "call_kwargs", None) or getattr(node, "arguments", None) or {}
            return _flat(getattr(node, inputs_attr)), dict(kwargs)
    kwargs = node[2] if len(node) > 2 and isinstance(node[2], dict) else {}
    return _flat(node[0]), dict(kwargs)


def _unique_model_name(base):
    graph = tf.get_default_graph()
    counts = graph.__dict__.setdefault("_keras_model_name_counts", {})
    index = counts.get(base, 0)
    counts[base] = index + 1
    return base if index == 0 else f"{base}_{index}"


class Network(Layer):
    """Layers, weights and the forward pass of a Keras model."""

    _default_name = "model"

    def __init__(self, *args, **kwargs):
        object.__setattr__(self, "_tracked_layers", [])
        inputs = kwargs.pop("inputs", args[0] if len(args) > 0 else None)
        outputs = kwargs.pop("outputs", args[1] if len(args) > 1 else None)
        name = kwargs.pop("name", None)
        trainable = kwargs.pop("trainable", True)
        if kwargs:
            raise TypeError(f"Model got unexpected keyword arguments {sorted(kwargs)}")
        if not name:  # Model(...) -> model, model_1; a subclass MyModel -> my_model (TF1's names)
            subclassed = type(self).__name__ not in ("Model", "Sequential", "Network")
            name = _unique_model_name(to_snake_case(type(self).__name__) if subclassed else self._default_name)
        super().__init__(trainable=trainable, name=name)
        self.built = False
        self.stop_training = False
        self.inputs, self.outputs, self._nodes = [], [], []
        if inputs is not None or outputs is not None:
            if inputs is None or outputs is None:
                raise ValueError("Model(inputs, outputs): give both the Input tensor(s) and the output tensor(s)")
            self._init_graph_network(inputs, outputs)

    def __setattr__(self, key, value):
        if _is_layer(value) and value is not self and value not in self._tracked_layers:
            self._tracked_layers.append(value)
        object.__setattr__(self, key, value)

    # -- the functional graph ------------------------------------------------------------------------------------
    def _init_graph_network(self, inputs, outputs):
        self._nested_inputs, self._nested_outputs = inputs, outputs
        self.inputs, self.outputs = _flat(inputs), _flat(outputs)
        for t in self.inputs + self.outputs:
            if not hasattr(t, "_keras_history"):
                raise ValueError(f"Model: tensor {getattr(t, 'name', t)} was not made by a Keras layer or Input; "
                                 f"build the model from tf.keras.Input(...) through Keras layers")
        self._nodes = self._nodes_in_order()
        own = Node(list(self.inputs), list(self.outputs), {})
        if self._inbound_nodes and self._inbound_nodes[0] is getattr(self, "_own_node", None):
            self._inbound_nodes[0] = own
        elif not self._inbound_nodes:
            self._inbound_nodes.append(own)
        self._own_node = own
        layers = []
        for layer, _node in self._nodes:
            if layer not in layers:
                layers.append(layer)
        self._graph_layers = layers
        self.built = True

    def _nodes_in_order(self):
        """(layer, node record) pairs in an order where every node comes after the nodes making its inputs."""
        input_ids = {id(t) for t in self.inputs}
        order, seen = [], set()

        def visit(tensor):
            layer, node_index, _ = tensor._keras_history
            key = (id(layer), node_index)
            if key in seen:
                return
            seen.add(key)
            node = layer._inbound_nodes[node_index]
            if id(tensor) not in input_ids:
                for parent in node_inputs_and_kwargs(node)[0]:
                    if hasattr(parent, "_keras_history"):
                        visit(parent)
            order.append((layer, node))

        for t in self.inputs:
            visit(t)
        for t in self.outputs:
            visit(t)
        return order

    def call(self, inputs, training=None):
        """The forward pass of a functional model on new tensors: every layer applied again, in order."""
        if not self._nodes:
            raise NotImplementedError(f"{type(self).__name__}: a subclassed Model must define call(inputs)")
        new = {id(old): t for old, t in zip(self.inputs, _flat(inputs))}
        for layer, node in self._nodes:
            node_inputs, kwargs = node_inputs_and_kwargs(node)
            if not node_inputs or not all(id(t) in new for t in node_inputs) or node is getattr(
                    layer, "_inbound_nodes", [None])[0] and type(layer).__name__ == "InputLayer":
                continue  # an InputLayer's node: its tensor is one of the model inputs, replaced above
            args = [new[id(t)] for t in node_inputs]
            result = layer(args[0] if len(args) == 1 else args, **kwargs)
            old_outputs = _node_outputs(node)
            for old, fresh in zip(old_outputs, _flat(result)):
                new.setdefault(id(old), fresh)
        outs = [new[id(t)] for t in self.outputs]
        return outs[0] if len(outs) == 1 else outs

    def __call__(self, inputs, **kwargs):
        if not self.built:
            return self._build_subclassed(inputs, **kwargs)
        if not self._nodes:
            return self.call(inputs, **kwargs)
        with tf.name_scope(self.name):
            outputs = self.call(inputs)
        self._record_node(inputs, outputs, {})
        return outputs

    def _build_subclassed(self, inputs, **kwargs):
        """A subclassed model is built on its first call: these inputs/outputs become its graph ends."""
        self.built = True
        self.inputs = _flat(inputs)
        outputs = self.call(inputs, **kwargs)
        self.outputs = _flat(outputs)
        return outputs

    # -- the graph ends, as tf.keras names them --------------------------------------------------------------------
    def _ends(self, tensors, what):
        if not tensors:
            raise AttributeError(f"Model '{self.name}' has no {what} yet: it gets one when it is built (give the first "
                                 f"layer an input_shape, or call the model on a tensor)")
        return tensors[0] if len(tensors) == 1 else list(tensors)

    @property
    def input(self):
        return self._ends(self.inputs, "input")

    @property
    def output(self):
        return self._ends(self.outputs, "output")

    @property
    def input_shape(self):
        shapes = [tuple(t.shape.as_list()) for t in self.inputs]
        return self._ends(shapes, "input shape")

    @property
    def output_shape(self):
        shapes = [tuple(t.shape.as_list()) for t in self.outputs]
        return self._ends(shapes, "output shape")

    # -- layers and weights --------------------------------------------------------------------------------------
    @property
    def layers(self):
        if self._nodes:
            return [layer for layer in self._graph_layers if type(layer).__name__ != "InputLayer"] \
                if self._hides_input_layer() else list(self._graph_layers)
        return list(self._tracked_layers)

    def _hides_input_layer(self):
        return False

    def get_layer(self, name=None, index=None):
        layers = self.layers
        if index is not None:
            if index >= len(layers):
                raise ValueError(f"Was asked to retrieve layer at index {index} but model only has "
                                 f"{len(layers)} layers.")
            return layers[index]
        for layer in layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No such layer: {name}. The model's layers are {[layer.name for layer in layers]}")

    def _collect(self, attribute):
        found, seen = [], set()
        for layer in self.layers:
            if attribute == "trainable_weights" and not self.trainable:
                break
            for w in getattr(layer, attribute):
                if id(w) not in seen:
                    seen.add(id(w))
                    found.append(w)
        return found

    @property
    def trainable_weights(self):
        return self._collect("trainable_weights")

    @property
    def non_trainable_weights(self):
        trainable = {id(w) for w in self.trainable_weights}
        return [w for w in self._collect("weights") if id(w) not in trainable]

    @property
    def weights(self):
        return self.trainable_weights + self.non_trainable_weights

    trainable_variables = trainable_weights
    variables = weights

    @property
    def losses(self):
        found = list(self._losses)
        for layer in self.layers:
            found.extend(getattr(layer, "losses", []))
        return found

    @property
    def updates(self):
        found = list(self._updates)
        for layer in self.layers:
            found.extend(getattr(layer, "updates", []))
        return found

    def count_params(self):
        return int(sum(np.prod(w.shape.as_list()) for w in self.weights))

    def get_weights(self):
        return session(self.weights).run(self.weights)

    def set_weights(self, values):
        weights = self.weights
        if len(values) != len(weights):
            raise ValueError(f"set_weights: the model has {len(weights)} weights but {len(values)} arrays were "
                             f"given")
        sess = session(weights)
        for w, v in zip(weights, values):
            w.load(np.asarray(v), sess)

    # -- saving --------------------------------------------------------------------------------------------------
    def save_weights(self, filepath, overwrite=True, save_format=None):
        """A TF checkpoint (tf.train.Saver), or with an .h5 path (save_format='h5') Keras's HDF5 weights file."""
        if _is_h5(filepath, save_format):
            from ..saving import h5py_module, save_weights_to_group
            with h5py_module("save_weights").File(filepath, "w") as f:
                save_weights_to_group(f, self.layers)
            return
        tf.train.Saver(var_list=self.weights).save(session(self.weights), filepath)

    def load_weights(self, filepath, by_name=False):
        if _is_h5(filepath, None):
            from ..saving import h5py_module, load_weights_from_group
            with h5py_module("load_weights").File(filepath, "r") as f:
                load_weights_from_group(f["model_weights"] if "model_weights" in f else f, self.layers, by_name)
            return
        tf.train.Saver(var_list=self.weights).restore(session(self.weights), filepath)

    def save(self, filepath, overwrite=True, include_optimizer=True, save_format=None):
        """The whole model (architecture, weights, training config) to a Keras HDF5 file (needs h5py)."""
        from ..saving import save_model
        save_model(self, filepath, overwrite, include_optimizer)

    def get_config(self):
        from ..saving_config import model_config
        return model_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ..saving_config import model_from_config
        return model_from_config({"class_name": cls.__name__, "config": config}, custom_objects)

    def to_json(self, **kwargs):
        from ..saving_config import to_json
        return to_json(self, **kwargs)

    def summary(self, line_length=None, positions=None, print_fn=None):
        model_summary.print_summary(self, line_length, positions, print_fn or print)


def _node_outputs(node):
    for attr in ("output_tensors", "outputs"):
        if hasattr(node, attr):
            return _flat(getattr(node, attr))
    return _flat(node[1])


def _is_h5(filepath, save_format):
    return save_format == "h5" or str(filepath).endswith((".h5", ".keras", ".hdf5"))
