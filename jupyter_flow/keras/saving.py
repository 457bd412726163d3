"""Whole-model files as TF1 Keras writes them: HDF5 (needs the optional h5py package) with the model config
(attrs['model_config'], JSON), the training config (attrs['training_config']: optimizer, loss, metrics), the
weights under model_weights/<layer name>/<weight name> with attrs['layer_names'] and each layer's
attrs['weight_names'], and the optimizer's slots under optimizer_weights (by our variable names, so training
resumes where it was; a file from real Keras keeps its slots in Keras's own layout, which is not read: that
optimizer starts afresh, with a warning). Real Keras reads these files and we read theirs. Weight-only .h5 files
(save_weights('w.h5')) use the same per-layer layout at the file's root."""
import json
import os
import warnings

import numpy as np

from .saving_config import _json_default, model_from_config

KERAS_VERSION = "2.2.4-tf"  # what TF 1.15's Keras writes


def h5py_module(what):
    try:
        import h5py
    except ImportError:
        raise ImportError(f"{what} with an HDF5 file needs the h5py package, which is not installed: "
                          f"`pip install h5py`. Without it, save weights in the TensorFlow checkpoint format "
                          f"(model.save_weights('path/ckpt'), a path without .h5).") from None
    return h5py


def _text(value):
    return value.decode("utf8") if isinstance(value, bytes) else str(value)


def save_weights_to_group(group, layers):
    group.attrs["layer_names"] = [layer.name.encode("utf8") for layer in layers]
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
    for layer in layers:
        layer_group = group.create_group(layer.name)
        weights = layer.weights
        values = layer.get_weights() if weights else []
        layer_group.attrs["weight_names"] = [w.name.encode("utf8") for w in weights]
        for w, value in zip(weights, values):
            dataset = layer_group.create_dataset(w.name, value.shape, dtype=value.dtype)
            if value.shape:
                dataset[:] = value
            else:
                dataset[()] = value


def _layer_values(group, name):
    layer_group = group[name]
    return [np.asarray(layer_group[_text(n)]) for n in layer_group.attrs.get("weight_names", [])]


def load_weights_from_group(group, layers, by_name=False):
    """Values into `layers` by order of the layers that have weights (Keras's rule), or by layer name."""
    names = [_text(n) for n in group.attrs["layer_names"]]
    if by_name:
        for layer in layers:
            if layer.name in names and layer.weights:
                layer.set_weights(_layer_values(group, layer.name))
        return
    stored = [n for n in names if len(group[n].attrs.get("weight_names", []))]
    with_weights = [layer for layer in layers if layer.weights]
    if len(stored) != len(with_weights):
        raise ValueError(f"You are trying to load a weight file containing {len(stored)} layers into a model with "
                         f"{len(with_weights)} layers (file layers {stored}, model layers "
                         f"{[layer.name for layer in with_weights]}); pass by_name=True to match layers by name.")
    for layer, name in zip(with_weights, stored):
        layer.set_weights(_layer_values(group, name))


def _training_config(model):
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        return None
    if not hasattr(optimizer, "get_config"):
        warnings.warn(f"{type(optimizer).__name__} is a tf.train optimizer, whose configuration Keras cannot save "
                      f"(as TF1); the file holds no training config: compile the loaded model yourself.",
                      stacklevel=4)
        return None
    loss = model.loss
    def as_name(fn):
        return fn if isinstance(fn, str) else getattr(fn, "__name__", str(fn))

    loss = [as_name(fn) for fn in loss] if isinstance(loss, (list, tuple)) else as_name(loss)
    return {"optimizer_config": {"class_name": type(optimizer).__name__, "config": optimizer.get_config()},
            "loss": loss, "metrics": [as_name(m) for m in model._compile_metrics], "weighted_metrics": None,
            "sample_weight_mode": None, "loss_weights": model._loss_weights}


def _optimizer_variables(model):
    return model.optimizer.variables() if getattr(model, "_array_graph", None) is not None else []


def _save_optimizer_weights(f, model):
    """The optimizer's slots (and Adam's beta powers), by variable name, once the training graph exists."""
    from .engine.session_access import session
    variables = _optimizer_variables(model)
    if not variables:
        return
    group = f.create_group("optimizer_weights")
    group.attrs["weight_names"] = [v.name.encode("utf8") for v in variables]
    for v, value in zip(variables, session(variables).run(variables)):
        group.create_dataset(v.name, data=value)


def _load_optimizer_weights(f, model):
    if "optimizer_weights" not in f:
        return
    group = f["optimizer_weights"]
    names = [_text(n) for n in group.attrs["weight_names"]]
    if model._array_graph is None:
        model._build_training_graph()
    variables = _optimizer_variables(model)
    shapes_match = len(names) == len(variables) and all(
        tuple(group[n].shape) == tuple(v.shape.as_list()) for n, v in zip(names, variables))
    if not shapes_match:
        warnings.warn(f"Error in loading the saved optimizer state: the file has {len(names)} optimizer weights "
                      f"({names[:3]}...), this {type(model.optimizer).__name__} has {len(variables)}; the optimizer "
                      f"starts from fresh slots (a file written by another Keras keeps them in its own layout).",
                      stacklevel=3)
        return
    from .engine.session_access import session
    sess = session(variables)
    for name, v in zip(names, variables):
        v.load(np.asarray(group[name]), sess)


def save_model(model, filepath, overwrite=True, include_optimizer=True):
    """model.save(path): architecture, weights and training config in one HDF5 file.

    >>> model.save('my_model.h5'); model = tf.keras.models.load_model('my_model.h5')
    """
    h5py = h5py_module(f"Model.save({str(filepath)!r})")
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} exists and overwrite=False")
    config = json.dumps({"class_name": type(model).__name__, "config": model.get_config()}, default=_json_default)
    with h5py.File(filepath, "w") as f:
        f.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = config.encode("utf8")
        save_weights_to_group(f.create_group("model_weights"), model.layers)
        training = _training_config(model) if include_optimizer else None
        if training is not None:
            f.attrs["training_config"] = json.dumps(training, default=_json_default).encode("utf8")
            _save_optimizer_weights(f, model)


def load_model(filepath, custom_objects=None, compile=True):  # noqa: A002 - Keras's parameter name
    """The model a Keras HDF5 file holds (ours or real Keras's), with its weights, compiled as it was saved."""
    h5py = h5py_module(f"load_model({str(filepath)!r})")
    with h5py.File(filepath, "r") as f:
        if "model_config" not in f.attrs:
            raise ValueError(f"No model found in config file {filepath}: it holds weights only; rebuild the "
                             f"model in code and call model.load_weights({str(filepath)!r})")
        model = model_from_config(json.loads(_text(f.attrs["model_config"])), custom_objects)
        load_weights_from_group(f["model_weights"], model.layers)
        training = f.attrs.get("training_config")
        if compile and training is not None:
            _compile_from(model, json.loads(_text(training)), custom_objects)
            _load_optimizer_weights(f, model)
    return model


def _compile_from(model, training, custom_objects):
    from . import optimizers
    custom = custom_objects or {}

    def resolve(name):  # a custom loss/metric saved by its function name
        return custom.get(name, name) if isinstance(name, str) else name

    loss = training["loss"]
    loss = [resolve(fn) for fn in loss] if isinstance(loss, list) else resolve(loss)
    model.compile(optimizer=optimizers.deserialize(training["optimizer_config"]), loss=loss,
                  metrics=[resolve(m) for m in training.get("metrics") or []],
                  loss_weights=training.get("loss_weights"))
