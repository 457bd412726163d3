"""A model's architecture as Keras config dicts (what to_json writes and model_from_json reads), in Keras's
layout so real Keras reads it too: a functional model lists its layers with their inbound nodes
([[layer name, node index, tensor index, call kwargs], ...] per call) and its input/output layers; a Sequential
lists its layers, the first with its batch_input_shape. Node indexes count the calls inside this model only; a
nested model's own graph is its node 0, so its calls count from 1 (Keras's rule)."""
import json

import numpy as np

from .engine.functional import _flat, _node_outputs, node_inputs_and_kwargs
from .utils.generic_utils import class_for


def _is_network(layer):
    return hasattr(layer, "_graph_layers") or hasattr(layer, "_tracked_layers")


def _layer_entry(layer):
    return {"class_name": type(layer).__name__, "config": layer.get_config()}


def _kept_node_indexes(model):
    """{(id(layer), raw node index): index among this model's nodes of that layer}."""
    kept, counters = {}, {}
    for layer, node in model._nodes:
        raw = next(i for i, n in enumerate(layer._inbound_nodes) if n is node)
        start = 1 if _is_network(layer) else 0
        index = counters.get(id(layer), start)
        kept[(id(layer), raw)] = index
        counters[id(layer)] = index + 1
    return kept


def _tensor_ref(t, kept, with_kwargs=None):
    layer, node_index, tensor_index = t._keras_history
    ref = [layer.name, kept.get((id(layer), node_index), node_index), tensor_index]
    return ref if with_kwargs is None else ref + [with_kwargs]


def functional_config(model):
    kept = _kept_node_indexes(model)
    layers = []
    for layer in model._graph_layers:
        entry = dict(_layer_entry(layer), name=layer.name, inbound_nodes=[])
        for owner, node in model._nodes:
            if owner is not layer or type(layer).__name__ == "InputLayer":
                continue
            inputs, kwargs = node_inputs_and_kwargs(node)
            kwargs = {k: v for k, v in kwargs.items() if isinstance(v, (int, float, str, bool, type(None)))}
            entry["inbound_nodes"].append([_tensor_ref(t, kept, kwargs) for t in inputs])
        layers.append(entry)
    return {"name": model.name, "layers": layers,
            "input_layers": [_tensor_ref(t, kept) for t in model.inputs],
            "output_layers": [_tensor_ref(t, kept) for t in model.outputs]}


def sequential_config(model):
    layers = [_layer_entry(layer) for layer in model.layers]
    if layers and model.built and "batch_input_shape" not in layers[0]["config"]:
        layers[0]["config"]["batch_input_shape"] = tuple(model.inputs[0].shape.as_list())
    return {"name": model.name, "layers": layers}


def model_config(model):
    if type(model).__name__ == "Sequential" or hasattr(model, "_stack"):
        return sequential_config(model)
    if not model._nodes:
        raise NotImplementedError(f"get_config of the subclassed model {model.name}: its architecture is Python "
                                  f"code (call()), which has no config; save its weights with save_weights and "
                                  f"rebuild it in code.")
    return functional_config(model)


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if hasattr(value, "as_list"):
        return value.as_list()
    if hasattr(value, "name") and hasattr(value, "is_floating"):
        return value.name  # a DType
    raise TypeError(f"Not JSON serializable: {value!r}")


def to_json(model, **kwargs):
    return json.dumps({"class_name": type(model).__name__, "config": model.get_config()}, default=_json_default,
                      **kwargs)


# -- from configs ----------------------------------------------------------------------------------------------
_IGNORED_INPUT_KEYS = ("ragged", "optional")  # written by newer Keras, meaningless here


def layer_from_config(entry, custom_objects=None):
    cls = class_for(entry["class_name"], custom_objects)
    config = dict(entry["config"])
    if cls.__name__ == "InputLayer":
        for key in _IGNORED_INPUT_KEYS:
            config.pop(key, None)
    if hasattr(cls, "_graph_layers") or cls.__name__ in ("Model", "Sequential") or _is_model_class(cls):
        return model_from_config({"class_name": entry["class_name"], "config": config}, custom_objects)
    return cls.from_config(config)


def _is_model_class(cls):
    from .engine.functional import Network
    return issubclass(cls, Network)


def model_from_config(config, custom_objects=None):
    """A new model (new layers, new weights) from {'class_name': ..., 'config': ...}."""
    cls = class_for(config["class_name"], custom_objects)
    body = config["config"]
    if isinstance(body, list) or "input_layers" not in body:  # a Sequential (old Keras: just the layer list)
        entries = body if isinstance(body, list) else body["layers"]
        model = cls(name=None if isinstance(body, list) else body.get("name"))
        for entry in entries:
            if entry["class_name"] == "InputLayer":
                from .engine.input_layer import Input
                shape = entry["config"].get("batch_input_shape")
                model.add(Input(batch_shape=shape, dtype=entry["config"].get("dtype")))
                continue
            model.add(layer_from_config(entry, custom_objects))
        return model
    return _functional_from_config(cls, body, custom_objects)


def _functional_from_config(cls, body, custom_objects):
    created = {}   # layer name -> layer
    outputs = {}   # (layer name, node index) -> output tensors
    pending = []
    for entry in body["layers"]:
        layer = layer_from_config(entry, custom_objects)
        created[entry["name"]] = layer
        if entry["class_name"] == "InputLayer":
            outputs[(entry["name"], 0)] = _node_outputs(layer._inbound_nodes[0])
        start = 1 if _is_network(layer) else 0
        for offset, node in enumerate(entry["inbound_nodes"]):
            pending.append((layer, entry["name"], start + offset, node))
    while pending:
        progressed = False
        for item in list(pending):
            layer, name, index, node = item
            refs = [ref for ref in node]
            if not all((ref[0], ref[1]) in outputs for ref in refs):
                continue
            inputs = [outputs[(ref[0], ref[1])][ref[2]] for ref in refs]
            kwargs = refs[0][3] if len(refs[0]) > 3 and refs[0][3] else {}
            result = layer(inputs[0] if len(inputs) == 1 else inputs, **kwargs)
            outputs[(name, index)] = _flat(result)
            pending.remove(item)
            progressed = True
        if not progressed:
            missing = sorted({ref[0] for _, _, _, node in pending for ref in node})
            raise ValueError(f"model config: the inbound nodes of {[p[1] for p in pending]} refer to layers that "
                             f"never produce them ({missing})")
    ins = [outputs[(ref[0], ref[1])][ref[2]] for ref in body["input_layers"]]
    outs = [outputs[(ref[0], ref[1])][ref[2]] for ref in body["output_layers"]]
    return cls(inputs=ins[0] if len(ins) == 1 else ins, outputs=outs[0] if len(outs) == 1 else outs,
               name=body.get("name"))


def model_from_json(json_string, custom_objects=None):
    """The model that `model.to_json()` describes, with new weights.

    >>> model = tf.keras.models.model_from_json(open('model.json').read())
    """
    return model_from_config(json.loads(json_string), custom_objects)
