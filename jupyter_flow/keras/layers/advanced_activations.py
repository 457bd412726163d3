"""Keras' activation layers: LeakyReLU, ReLU, ELU, Softmax (weightless) and PReLU (a learned slope)."""
from .. import activations, initializers
from ..engine.base_layer import Layer
from ...framework.tensor_shape import TensorShape
from ...ops.math_ops import abs as abs_, relu as _relu
from ...ops.nn_layers_ops import leaky_relu


class _Elementwise(Layer):
    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)


class LeakyReLU(_Elementwise):
    """x if x > 0 else alpha * x (alpha 0.3 by default, as Keras)."""

    def __init__(self, alpha=0.3, **kwargs):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs):
        return leaky_relu(inputs, alpha=self.alpha)

    def get_config(self):
        return dict(super().get_config(), alpha=self.alpha)


class ReLU(_Elementwise):
    """max(x, 0), with an optional negative slope and cap."""

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        self.max_value, self.negative_slope, self.threshold = max_value, float(negative_slope), float(threshold)

    def call(self, inputs):
        return activations.relu(inputs, alpha=self.negative_slope, max_value=self.max_value,
                                threshold=self.threshold)


class ELU(_Elementwise):
    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs):
        return activations.elu(inputs, alpha=self.alpha)


class Softmax(_Elementwise):
    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs):
        return activations.softmax(inputs, axis=self.axis)


class PReLU(_Elementwise):
    """relu(x) - alpha * relu(-x) with a learned alpha of the input's shape (without the batch axis)."""

    def __init__(self, alpha_initializer="zeros", alpha_regularizer=None, alpha_constraint=None, shared_axes=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer, self.alpha_constraint = alpha_regularizer, alpha_constraint
        self.shared_axes = None if shared_axes is None else list(
            shared_axes if isinstance(shared_axes, (list, tuple)) else [shared_axes])

    def build(self, input_shape):
        shape = TensorShape(input_shape).as_list()[1:]
        for axis in self.shared_axes or []:
            shape[axis - 1] = 1
        self.alpha = self.add_weight("alpha", shape=shape, initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer, constraint=self.alpha_constraint)
        self.built = True

    def call(self, inputs):
        # relu(x) - alpha * relu(-x), written as TF 1.x keras does (same op names).
        return _relu(inputs) + self.alpha * (inputs - abs_(inputs)) * 0.5
