"""Keras' shape layers beyond Flatten/Reshape: Permute and RepeatVector."""
from ..engine.base_layer import InputSpec, Layer
from ...framework.tensor_shape import TensorShape
from ...ops.shape_ops import expand_dims, tile
from ...ops.linalg_ops import transpose


class Permute(Layer):
    """Reorder the non-batch axes: Permute((2, 1)) swaps axes 1 and 2 (dims count from 1, as Keras)."""

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(int(d) for d in dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(f"Invalid permutation `dims` for Permute Layer: {dims}. The set of indices in `dims` "
                             f"must be consecutive and start from 1.")
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs):
        return transpose(inputs, perm=(0,) + self.dims)

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        return TensorShape([dims[0]] + [dims[d] for d in self.dims])

    def get_config(self):
        return dict(super().get_config(), dims=self.dims)


class RepeatVector(Layer):
    """[batch, features] -> [batch, n, features]."""

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = int(n)
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        return tile(expand_dims(inputs, 1), [1, self.n, 1])

    def compute_output_shape(self, input_shape):
        batch, features = TensorShape(input_shape).as_list()
        return TensorShape([batch, self.n, features])

    def get_config(self):
        return dict(super().get_config(), n=self.n)

