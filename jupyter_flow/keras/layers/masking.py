"""Keras' Masking: time steps whose features all equal `mask_value` are skipped by the recurrent layers after
it (their outputs here are zeros), as Embedding(mask_zero=True) does for id 0.

>>> h = tf.keras.layers.LSTM(32)(tf.keras.layers.Masking(0.0)(padded))    # [batch, time, features]
"""
from ..engine.base_layer import Layer
from ...framework.tensor_shape import TensorShape
from ...ops.math_ops import cast, multiply, not_equal
from ...ops.reduction_ops import reduce_any


class Masking(Layer):
    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value
        self.supports_masking = True

    def _kept(self, inputs, keepdims):
        return reduce_any(not_equal(inputs, self.mask_value), axis=-1, keepdims=keepdims)

    def call(self, inputs):
        return multiply(inputs, cast(self._kept(inputs, True), inputs.dtype))

    def compute_mask(self, inputs, mask=None):
        return self._kept(inputs, False)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        return dict(super().get_config(), mask_value=self.mask_value)
