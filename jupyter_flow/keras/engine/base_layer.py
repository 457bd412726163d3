"""tf.keras.layers.Layer for TF1 graph programs: a named, callable object that makes its weights once
(at the first call, from the input shape) and records each call for the functional API.

A layer's name is unique per graph (dense, dense_1, ...: keras' uid counter, not the name scopes);
each call opens a name scope of that name (made unique by the graph, so a second call's ops go to
dense_1/...), and weights made in build are named <scope>/kernel as in TF1 keras. Every output
tensor gets `_keras_history = (layer, node_index, tensor_index)` and the layer's `_inbound_nodes`
gets Node(input_tensors, output_tensors, call_kwargs): Model/Sequential re-apply layers from these.
"""
import collections
import re

import numpy as np

from .. import backend
from ...framework import dtypes, nest
from ...framework.graph import Tensor, get_default_graph
from ...framework.tensor_shape import TensorShape
from ...ops.constant_op import convert_to_tensor

# One call of a layer: its inputs (as passed, nested), its outputs and the keyword arguments of the call.
Node = collections.namedtuple("Node", ["input_tensors", "output_tensors", "call_kwargs"])
KerasHistory = collections.namedtuple("KerasHistory", ["layer", "node_index", "tensor_index"])


def to_snake_case(name):
    """Conv2D -> conv2d, BatchNormalization -> batch_normalization, SimpleRNN -> simple_rnn (TF1's rule)."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return insecure if insecure[0] != "_" else "private" + insecure


class InputSpec:
    """What a layer accepts: dtype, shape, ndim, max_ndim, min_ndim and axes ({axis: size})."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None):
        self.dtype = None if dtype is None else dtypes.as_dtype(dtype).name
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(shape) if shape is not None else ndim
        self.max_ndim, self.min_ndim = max_ndim, min_ndim
        self.axes = dict(axes or {})

    def __repr__(self):
        fields = [f"{k}={v}" for k, v in (("dtype", self.dtype), ("shape", self.shape), ("ndim", self.ndim),
                                          ("max_ndim", self.max_ndim), ("min_ndim", self.min_ndim),
                                          ("axes", self.axes or None)) if v is not None]
        return f"InputSpec({', '.join(fields)})"


def _check_input_spec(layer, spec, x, index):
    shape = x.shape
    where = f"Input {index} of layer {layer.name} is incompatible with the layer"
    if shape.ndims is None:
        return
    if spec.ndim is not None and shape.ndims != spec.ndim:
        raise ValueError(f"{where}: expected ndim={spec.ndim}, found ndim={shape.ndims}. Full shape received: "
                         f"{shape.as_list()} (tensor '{x.name}')")
    if spec.max_ndim is not None and shape.ndims > spec.max_ndim:
        raise ValueError(f"{where}: expected max_ndim={spec.max_ndim}, found ndim={shape.ndims} ('{x.name}')")
    if spec.min_ndim is not None and shape.ndims < spec.min_ndim:
        raise ValueError(f"{where}: expected min_ndim={spec.min_ndim}, found ndim={shape.ndims}. Full shape "
                         f"received: {shape.as_list()} (tensor '{x.name}')")
    for axis, size in spec.axes.items():
        got = shape[int(axis)].value
        if size is not None and got not in (size, None):
            raise ValueError(f"{where}: expected axis {axis} of input shape to have value {size} but received "
                             f"input with shape {shape.as_list()} (tensor '{x.name}')")


def _input_masks(flat_inputs):
    # Masks ride on tensors as `_keras_mask` (Embedding(mask_zero=True), Masking): one input, its mask.
    masks = [getattr(t, "_keras_mask", None) for t in flat_inputs]
    if all(m is None for m in masks):
        return None
    return masks[0] if len(masks) == 1 else masks


def _call_takes_mask(layer):
    import inspect
    return "mask" in inspect.signature(layer.call).parameters


def _set_output_masks(outputs, masks):
    flat = nest.flatten(outputs)
    masks = masks if isinstance(masks, (list, tuple)) else [masks] * len(flat)
    for out, mask in zip(flat, masks):
        if isinstance(out, Tensor) and mask is not None:
            out._keras_mask = mask


class Layer:
    """The base of every Keras layer: subclasses define build(input_shape) (make weights with add_weight)
    and call(inputs, **kwargs) (the graph ops); calling the layer does the rest.

    >>> h = tf.keras.layers.Dense(64, activation='relu')(x)
    """

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        allowed = {"input_shape", "batch_input_shape", "batch_size", "weights", "activity_regularizer"}
        unknown = set(kwargs) - allowed
        if unknown:
            raise TypeError(f"Keyword argument not understood: {sorted(unknown)} (layer {type(self).__name__})")
        if "batch_input_shape" in kwargs:
            self._batch_input_shape = tuple(kwargs["batch_input_shape"])
        elif "input_shape" in kwargs:
            self._batch_input_shape = (kwargs.get("batch_size"),) + tuple(kwargs["input_shape"])
        self._initial_weights = kwargs.get("weights")
        self.activity_regularizer = kwargs.get("activity_regularizer")
        self.trainable = trainable
        self._dtype = None if dtype is None else dtypes.as_dtype(dtype).name
        self._name = name if name else backend.unique_object_name(to_snake_case(type(self).__name__))
        self.built = False
        self.input_spec = None
        self.supports_masking = False
        self._trainable_weights, self._non_trainable_weights = [], []
        self._losses, self._updates = [], []
        self._constraints = {}
        self._inbound_nodes, self._outbound_nodes = [], []

    # -- what subclasses define --------------------------------------------------------------------
    def build(self, input_shape):
        """Make the weights for inputs of `input_shape` (a TensorShape, or a list of them)."""
        self.built = True

    def call(self, inputs, **kwargs):
        """The layer's ops on `inputs` (tensors); the base layer passes them through."""
        return inputs

    def compute_mask(self, inputs, mask=None):
        """The mask of the outputs (Keras' `_keras_mask`): the input mask when the layer supports masking, else
        None (TF1 raises a TypeError there instead; jupyter_flow drops the mask)."""
        return mask if self.supports_masking else None

    def compute_output_shape(self, input_shape):
        raise NotImplementedError(f"Layer {type(self).__name__} does not define compute_output_shape; call it "
                                  f"on a placeholder of that shape and read the output's .shape instead.")

    # -- calling -----------------------------------------------------------------------------------
    @property
    def name(self):
        return self._name

    @property
    def dtype(self):
        return self._dtype

    def __call__(self, inputs, *args, **kwargs):
        g = get_default_graph()
        with g.name_scope(self._name):
            inputs = nest.map_structure(self._convert_input, inputs)
            flat_inputs = nest.flatten(inputs)
            self._check_inputs(flat_inputs)
            if not self.built:
                if self._dtype is None and flat_inputs and flat_inputs[0].dtype.is_floating:
                    self._dtype = flat_inputs[0].dtype.base_dtype.name
                self.build(nest.map_structure(lambda t: t.shape, inputs))
                self.built = True
                if self._initial_weights is not None:
                    self.set_weights(self._initial_weights)
                    self._initial_weights = None
            input_mask = _input_masks(flat_inputs)
            if input_mask is not None and "mask" not in kwargs and _call_takes_mask(self):
                kwargs["mask"] = input_mask
            outputs = self.call(inputs, *args, **kwargs)
            _set_output_masks(outputs, self.compute_mask(inputs, kwargs.get("mask", input_mask)))
            if self.activity_regularizer is not None:
                with g.name_scope("ActivityRegularizer"):
                    for out in nest.flatten(outputs):
                        self.add_loss(self.activity_regularizer(out))
        self._record_node(inputs, outputs, kwargs)
        return outputs

    def _convert_input(self, x):
        if isinstance(x, Tensor) or hasattr(x, "_snapshot"):
            return convert_to_tensor(x)
        return convert_to_tensor(x, dtype=self._dtype or backend.floatx())

    def _check_inputs(self, flat_inputs):
        if self.input_spec is None:
            return
        specs = self.input_spec if isinstance(self.input_spec, (list, tuple)) else [self.input_spec]
        if len(specs) != len(flat_inputs):
            raise ValueError(f"Layer {self.name} expects {len(specs)} input(s), but it received "
                             f"{len(flat_inputs)} input tensors: {[t.name for t in flat_inputs]}")
        for index, (spec, x) in enumerate(zip(specs, flat_inputs)):
            if spec is not None:
                _check_input_spec(self, spec, x, index)

    def _record_node(self, inputs, outputs, kwargs):
        node_index = len(self._inbound_nodes)
        self._inbound_nodes.append(Node(inputs, outputs, dict(kwargs)))
        for tensor_index, out in enumerate(nest.flatten(outputs)):
            if isinstance(out, Tensor):
                out._keras_history = KerasHistory(self, node_index, tensor_index)
        for x in nest.flatten(inputs):
            history = getattr(x, "_keras_history", None)
            if history is not None:
                history.layer._outbound_nodes.append(self._inbound_nodes[-1])

    # -- weights -----------------------------------------------------------------------------------
    def add_weight(self, name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                   constraint=None, **kwargs):
        """A TF1 variable <layer scope>/<name> (in TRAINABLE_VARIABLES if trainable); its regularizer's
        penalty goes to layer.losses (named <scope>/<name>/Regularizer/...)."""
        from .. import constraints, initializers, regularizers
        from ...ops.variables import Variable
        unknown = set(kwargs) - {"partitioner", "use_resource", "synchronization", "aggregation", "getter"}
        if unknown:
            raise TypeError(f"add_weight got unexpected keyword arguments {sorted(unknown)}")
        dtype = dtypes.as_dtype(dtype or self._dtype or backend.floatx())
        if initializer is None:
            initializer = "glorot_uniform" if dtype.is_floating else "zeros"
        init = initializers.get(initializer)
        trainable = self.trainable if trainable is None else bool(trainable)
        shape = [int(d) for d in (shape or ())]
        g = get_default_graph()

        def initial_value():
            with g.name_scope("Initializer"):
                return init(shape, dtype=dtype)

        var = Variable(initial_value, trainable=trainable, name=name, dtype=dtype)
        (self._trainable_weights if trainable else self._non_trainable_weights).append(var)
        regularizer = regularizers.get(regularizer)
        if regularizer is not None:
            with g.name_scope(var.op.name + "/Regularizer/"):
                self.add_loss(regularizer(var))
        constraint = constraints.get(constraint)
        if constraint is not None:
            self._constraints[var.op.name] = constraint
            var.constraint = constraint
        return var

    def add_loss(self, losses, inputs=None):
        self._losses.extend(losses if isinstance(losses, (list, tuple)) else [losses])

    def add_update(self, updates, inputs=None):
        self._updates.extend(updates if isinstance(updates, (list, tuple)) else [updates])

    @property
    def losses(self):
        return list(self._losses)

    @property
    def updates(self):
        return list(self._updates)

    @property
    def trainable_weights(self):
        return list(self._trainable_weights) if self.trainable else []

    @property
    def non_trainable_weights(self):
        if self.trainable:
            return list(self._non_trainable_weights)
        return list(self._trainable_weights) + list(self._non_trainable_weights)

    @property
    def weights(self):
        return self.trainable_weights + self.non_trainable_weights

    variables = weights
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    def get_weights(self):
        """The weights' values as NumPy arrays, read in backend.get_session() (which initializes the weights it
        has not initialized yet, as TF1's Keras session does)."""
        from .session_access import session
        weights = self.weights
        return list(session(weights).run(weights)) if weights else []

    def set_weights(self, weights):
        """Load NumPy values into the weights (same order and shapes as get_weights) in backend.get_session()."""
        params = self.weights
        if len(params) != len(weights):
            raise ValueError(f"You called `set_weights(weights)` on layer \"{self.name}\" with a weight list of "
                             f"length {len(weights)}, but the layer was expecting {len(params)} weights. Provided "
                             f"weights: {str(weights)[:50]}...")
        from .session_access import session as keras_session
        session = keras_session(params)
        for var, value in zip(params, weights):
            value = np.asarray(value)
            if not var.shape.is_compatible_with(TensorShape(value.shape)):
                raise ValueError(f"Layer weight shape {tuple(var.shape.as_list())} not compatible with provided "
                                 f"weight shape {value.shape} (weight '{var.name}' of layer {self.name})")
            var.load(value, session)

    def count_params(self):
        if not self.built:
            raise ValueError(f"You tried to call `count_params` on {self.name}, but the layer isn't built. You "
                             f"can build it manually via: `{self.name}.build(batch_input_shape)`.")
        return int(sum(np.prod(w.shape.as_list(), dtype=np.int64) for w in self.weights))

    # -- configuration -----------------------------------------------------------------------------
    def get_config(self):
        config = {"name": self.name, "trainable": self.trainable}
        if hasattr(self, "_batch_input_shape"):
            config["batch_input_shape"] = self._batch_input_shape
        config["dtype"] = self._dtype
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__name__} name={self.name}, built={self.built}>"

