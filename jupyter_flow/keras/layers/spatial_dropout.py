"""Keras' SpatialDropout1D/2D: Dropout of whole feature maps (one draw per example and channel, shared by
every step or pixel), for convolutional features whose neighbours are correlated.

The mask is a dropout of ones shaped [batch, 1, (1,) channels] broadcast over the inputs (tf.nn.dropout's
noise_shape needs static sizes, and the batch size is usually unknown)."""
from ..engine.base_layer import InputSpec, Layer
from .recurrent_cells import dropout_masks
from ...framework.tensor_shape import TensorShape
from ...ops.array_ops import identity
from ...ops.math_ops import multiply
from ...ops.reduction_ops import reduce_mean


class SpatialDropout1D(Layer):
    """[batch, steps, channels]: while training, each channel of each example is zeroed (probability `rate`)
    for all steps, the kept ones scaled by 1 / (1 - rate); identity otherwise."""

    rank = 3

    def __init__(self, rate, **kwargs):
        if kwargs.pop("data_format", None) not in (None, "channels_last"):
            raise NotImplementedError(f"{type(self).__name__} supports data_format='channels_last' only")
        super().__init__(**kwargs)
        if not 0 <= rate < 1:
            raise ValueError(f"{type(self).__name__}'s rate must be in [0, 1), got {rate!r}")
        self.rate = float(rate)
        self.supports_masking = True
        self.input_spec = InputSpec(ndim=self.rank)

    def call(self, inputs, training=None):
        per_channel = reduce_mean(inputs, axis=list(range(1, self.rank - 1)), keepdims=True)
        masks = dropout_masks(per_channel, self.rate, training, 1)
        return identity(inputs) if masks is None else multiply(inputs, masks[0])

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        return dict(super().get_config(), rate=self.rate)


class SpatialDropout2D(SpatialDropout1D):
    """[batch, rows, cols, channels]: each channel of each example is kept or dropped for all pixels."""

    rank = 4
