"""The layer-graph half of tf.keras.Model (TF1's Network): a model is either a graph of layers found by walking
back from `outputs` through each tensor's `_keras_history` (the functional API), or a subclass whose layers are
the Layer-like objects assigned as attributes and whose forward pass is `call()`. Weight bookkeeping, summary()
and save/load of weights live here; compile/fit live in training.py."""
import json

import numpy as np

import jupyter_flow as tf

from . import model_summary
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


class Network:
    """Layers, weights and the forward pass of a Keras model."""

    _default_name = "model"

    def __init__(self, *args, **kwargs):
        object.__setattr__(self, "_tracked_layers", [])
        inputs = kwargs.pop("inputs", args[0] if len(args) > 0 else None)
        outputs = kwargs.pop("outputs", args[1] if len(args) > 1 else None)
        name = kwargs.pop("name", None)
        kwargs.pop("trainable", None)
        if kwargs:
            raise TypeError(f"Model got unexpected keyword arguments {sorted(kwargs)}")
        self.name = name or _unique_model_name(self._default_name)
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
            if not node_inputs or not all(id(t) in new for t in node_inputs):
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
            self._build_subclassed(inputs)
        return self.call(inputs, **kwargs) if not self._nodes else self.call(inputs)

    def _build_subclassed(self, inputs):
        """A subclassed model is built on its first call: these inputs/outputs become its graph ends."""
        self.built = True
        self.inputs = _flat(inputs)
        self.outputs = _flat(self.call(inputs))

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
        found = []
        for layer in self.layers:
            found.extend(getattr(layer, "losses", []))
        return found

    @property
    def updates(self):
        found = []
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
        if _is_h5(filepath, save_format):
            h5py = _h5py("save_weights")
            with h5py.File(filepath, "w") as f:
                for w, value in zip(self.weights, self.get_weights()):
                    f.create_dataset(w.op.name, data=value)
            return
        tf.train.Saver(var_list=self.weights).save(session(self.weights), filepath)

    def load_weights(self, filepath, by_name=False):
        if _is_h5(filepath, None):
            h5py = _h5py("load_weights")
            with h5py.File(filepath, "r") as f:
                self.set_weights([np.asarray(f[w.op.name]) for w in self.weights])
            return
        tf.train.Saver(var_list=self.weights).restore(session(self.weights), filepath)

    def save(self, filepath, overwrite=True, include_optimizer=True):
        raise NotImplementedError(f"Model.save({filepath!r}): saving whole models is not provided by jupyter_flow; "
                                  f"use model.save_weights(path) and rebuild the model in code before "
                                  f"load_weights(path)")

    def get_config(self):
        layers = []
        for layer in self.layers:
            config = layer.get_config() if hasattr(layer, "get_config") else {"name": layer.name}
            layers.append({"class_name": type(layer).__name__, "config": config})
        return {"name": self.name, "layers": layers}

    def to_json(self, **kwargs):
        return json.dumps({"class_name": type(self).__name__, "config": self.get_config()}, default=str, **kwargs)

    def summary(self, line_length=None, positions=None, print_fn=None):
        model_summary.print_summary(self, line_length, positions, print_fn or print)


def _node_outputs(node):
    for attr in ("output_tensors", "outputs"):
        if hasattr(node, attr):
            return _flat(getattr(node, attr))
    return _flat(node[1])


def _is_h5(filepath, save_format):
    return save_format == "h5" or str(filepath).endswith((".h5", ".keras", ".hdf5"))


def _h5py(what):
    try:
        import h5py
    except ImportError:
        raise ImportError(f"{what} to an .h5 file needs h5py, which is not installed (pip install h5py); "
                          f"or give a path without .h5 to use the TensorFlow checkpoint format") from None
    return h5py
