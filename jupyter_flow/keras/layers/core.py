"""Keras' core layers: Dense, Activation, Dropout, Flatten, Reshape, Lambda, on our tf ops (the same ops
tf.layers uses, so values match tf.layers.dense etc.).

>>> h = tf.keras.layers.Dense(64, activation='relu')(x)      # dense/kernel:0, dense/bias:0, dense/Relu:0
>>> h = tf.keras.layers.Dropout(0.5)(h)                     # drops only when keras_learning_phase is fed True
"""
import numbers

import numpy as np

from .. import activations, backend, initializers, regularizers
from ..engine.base_layer import InputSpec, Layer
from .kernel_bias_options import set_kernel_bias_options
from ...framework.graph import Tensor
from ...framework.tensor_shape import TensorShape
from ...ops.array_ops import identity
from ...ops.linalg_ops import matmul, transpose
from ...ops.math_ops import cast, multiply, subtract
from ...ops.nn_layers_ops import bias_add, dropout as _nn_dropout, flatten as _flatten


def _serialize(obj, module):
    return None if obj is None else module.serialize(obj)


class Dense(Layer):
    """activation(inputs @ kernel + bias) on the last axis; kernel [in, units] (glorot_uniform), bias [units] (zeros)."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        if "input_dim" in kwargs and "input_shape" not in kwargs:
            kwargs["input_shape"] = (kwargs.pop("input_dim"),)
        super().__init__(activity_regularizer=regularizers.get(activity_regularizer), **kwargs)
        if not isinstance(units, numbers.Integral) or units <= 0:
            raise ValueError(f"Dense's units must be a positive int, got {units!r}")
        self.units = int(units)
        set_kernel_bias_options(self, activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
                                bias_regularizer, kernel_constraint, bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        if input_shape[-1].value is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. Found `None`.")
        last = input_shape[-1].value
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last})
        self.kernel = self.add_weight("kernel", shape=[last, self.units], initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.bias = self.add_weight("bias", shape=[self.units], initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer, constraint=self.bias_constraint) \
            if self.use_bias else None
        self.built = True

    def call(self, inputs):
        from ...layers import _last_axis_matmul
        outputs = matmul(inputs, self.kernel) if inputs.shape.ndims == 2 else _last_axis_matmul(inputs, self.kernel)
        if self.use_bias:
            outputs = bias_add(outputs, self.bias)
        return self.activation(outputs) if self.activation is not activations.linear else outputs

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)[:-1].concatenate([self.units])

    def get_config(self):
        config = super().get_config()
        config.update(units=self.units, activation=activations.serialize(self.activation), use_bias=self.use_bias,
                      kernel_initializer=initializers.serialize(self.kernel_initializer),
                      bias_initializer=initializers.serialize(self.bias_initializer),
                      kernel_regularizer=_serialize(self.kernel_regularizer, regularizers),
                      bias_regularizer=_serialize(self.bias_regularizer, regularizers),
                      activity_regularizer=_serialize(self.activity_regularizer, regularizers),
                      kernel_constraint=None, bias_constraint=None)
        return config


class Activation(Layer):
    """activation(inputs), e.g. Activation('relu')."""

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        return dict(super().get_config(), activation=activations.serialize(self.activation))


def _training_flag(training):
    # TF1 keras: an unset `training` means the graph's learning phase (a placeholder defaulting to False).
    return backend.learning_phase() if training is None else training


class Dropout(Layer):
    """Zero a `rate` fraction of inputs while training (kept ones scaled by 1 / (1 - rate)), identity otherwise.
    Training is the call's `training=` argument, else tf.keras.backend.learning_phase()."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate < 1:
            raise ValueError(f"Dropout's rate must be in [0, 1), got {rate!r}")
        self.rate, self.noise_shape, self.seed = float(rate), noise_shape, seed
        self.supports_masking = True

    def call(self, inputs, training=None):
        training = _training_flag(training)
        if self.rate == 0:
            return identity(inputs)
        if isinstance(training, (bool, int, np.bool_)) and not isinstance(training, Tensor):
            return _nn_dropout(inputs, rate=self.rate, noise_shape=self.noise_shape, seed=self.seed) \
                if training else identity(inputs)
        # keep_prob is 1 (nothing dropped, scale 1) while training is false.
        rate = multiply(self.rate, cast(training, inputs.dtype))
        return _nn_dropout(inputs, keep_prob=subtract(1.0, rate), noise_shape=self.noise_shape, seed=self.seed)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        return dict(super().get_config(), rate=self.rate, noise_shape=self.noise_shape, seed=self.seed)


class Flatten(Layer):
    """[batch, d1, d2, ...] -> [batch, d1 * d2 * ...]; channels_first inputs are moved to channels last first."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format or "channels_last"
        if self.data_format not in ("channels_last", "channels_first"):
            raise ValueError(f"data_format must be 'channels_last' or 'channels_first', got {data_format!r}")

    def call(self, inputs):
        rank = inputs.shape.ndims
        if self.data_format == "channels_first" and rank is not None and rank > 2:
            inputs = transpose(inputs, [0] + list(range(2, rank)) + [1])
        if rank == 1:
            from ...ops.array_ops import expand_dims
            return expand_dims(inputs, 1)
        return _flatten(inputs)

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        rest = dims[1:]
        return TensorShape([dims[0], int(np.prod(rest)) if None not in rest else None])

    def get_config(self):
        return dict(super().get_config(), data_format=self.data_format)


class Reshape(Layer):
    """[batch, ...] -> [batch, *target_shape] (one entry of target_shape may be -1)."""

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(int(d) for d in target_shape)

    def call(self, inputs):
        from ...ops.concat_ops import concat
        from ...ops.shape_ops import reshape, shape
        outputs = reshape(inputs, concat([shape(inputs)[:1], list(self.target_shape)], 0))
        outputs.set_shape(self.compute_output_shape(inputs.shape))
        return outputs

    def compute_output_shape(self, input_shape):
        input_shape = TensorShape(input_shape)
        target = list(self.target_shape)
        if -1 in target:
            known = input_shape[1:]
            total = int(np.prod(known.as_list())) if known.is_fully_defined() else None
            rest = int(np.prod([d for d in target if d != -1]))
            if total is not None and total % rest:
                raise ValueError(f"total size of new array must be unchanged: input shape {input_shape.as_list()} "
                                 f"cannot be reshaped to {self.target_shape}")
            target[target.index(-1)] = None if total is None else total // rest
        return TensorShape([input_shape[0].value if input_shape.ndims else None] + target)

    def get_config(self):
        return dict(super().get_config(), target_shape=self.target_shape)


class Lambda(Layer):
    """function(inputs, **arguments) as a layer (no weights)."""

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.function, self._output_shape, self.arguments = function, output_shape, dict(arguments or {})

    def call(self, inputs, mask=None, training=None):
        return self.function(inputs, **self.arguments)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape):
            return TensorShape(self._output_shape(input_shape))
        return TensorShape([TensorShape(input_shape)[0].value] + list(self._output_shape))
