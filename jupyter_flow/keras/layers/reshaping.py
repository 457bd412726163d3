"""Keras' shape layers beyond Flatten/Reshape: Permute, RepeatVector, ZeroPadding2D, Cropping2D and
UpSampling2D (channels_last)."""
from ..engine.base_layer import InputSpec, Layer
from ...framework.tensor_shape import TensorShape
from ...ops.shape_ops import expand_dims, tile
from ...ops.linalg_ops import transpose
from ...ops.pad_ops import pad


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



def _padding_pairs(padding):
    """Keras' padding argument: n, (rows, cols) or ((top, bottom), (left, right))."""
    return _pairs_of_pairs(padding, "ZeroPadding2D", "padding")


def _pairs_of_pairs(padding, layer, what):
    if isinstance(padding, int):
        return ((padding, padding), (padding, padding))
    if len(padding) != 2:
        raise ValueError(f"{layer}: {what} should be an int, a tuple of 2 ints or a tuple of 2 tuples of 2 "
                         f"ints, got {padding!r}")
    pairs = tuple((p, p) if isinstance(p, int) else tuple(int(v) for v in p) for p in padding)
    if any(len(p) != 2 for p in pairs):
        raise ValueError(f"{layer}: each entry of {what} must be an int or a pair of ints, got {padding!r}")
    return pairs


class ZeroPadding2D(Layer):
    """Zeros around the rows and columns of NHWC images (the op is tf.pad, as in TF1 Keras)."""

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        if data_format not in (None, "channels_last"):
            raise NotImplementedError("ZeroPadding2D supports data_format='channels_last' only")
        self.padding = _padding_pairs(padding)
        self.data_format = "channels_last"
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        return pad(inputs, [[0, 0], list(self.padding[0]), list(self.padding[1]), [0, 0]])

    def compute_output_shape(self, input_shape):
        b, h, w, c = TensorShape(input_shape).as_list()
        (top, bottom), (left, right) = self.padding
        return TensorShape([b, None if h is None else h + top + bottom, None if w is None else w + left + right, c])

    def get_config(self):
        return dict(super().get_config(), padding=self.padding, data_format=self.data_format)


class Cropping2D(Layer):
    """Drop rows and columns at the edges of NHWC images: cropping n, (rows, cols) or
    ((top, bottom), (left, right))."""

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        if data_format not in (None, "channels_last"):
            raise NotImplementedError("Cropping2D supports data_format='channels_last' only")
        self.cropping = _pairs_of_pairs(cropping, "Cropping2D", "cropping")
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        (top, bottom), (left, right) = self.cropping
        out = inputs[:, top:(-bottom if bottom else None), left:(-right if right else None), :]
        out.set_shape(self.compute_output_shape(inputs.shape))
        return out

    def compute_output_shape(self, input_shape):
        b, h, w, c = TensorShape(input_shape).as_list()
        (top, bottom), (left, right) = self.cropping
        for size, cut, what in ((h, top + bottom, "height"), (w, left + right, "width")):
            if size is not None and size <= cut:
                raise ValueError(f"Cropping2D: cropping {self.cropping} removes the whole {what} ({size}) of "
                                 f"inputs of shape {[b, h, w, c]}")
        return TensorShape([b, None if h is None else h - top - bottom, None if w is None else w - left - right, c])

    def get_config(self):
        return dict(super().get_config(), cropping=self.cropping, data_format="channels_last")


class UpSampling2D(Layer):
    """Repeat rows size[0] times and columns size[1] times ('nearest'), or resize bilinearly ('bilinear'), with
    half-pixel centers as TF 1.x keras' tf.image.resize."""

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        if data_format not in (None, "channels_last"):
            raise NotImplementedError("UpSampling2D supports data_format='channels_last' only")
        if interpolation not in ("nearest", "bilinear"):
            raise ValueError(f"`interpolation` argument should be one of `\"nearest\"` or `\"bilinear\"`, got "
                             f"{interpolation!r}")
        self.size = (int(size), int(size)) if isinstance(size, int) else tuple(int(v) for v in size)
        self.interpolation = interpolation
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        from ...framework.graph import get_default_graph
        from ...ops.image_ops import resize_bilinear, resize_nearest_neighbor
        from ...ops.math_ops import multiply
        from ...ops.shape_ops import shape
        dims = inputs.shape.as_list()[1:3]
        if None in dims:
            new_size = multiply(shape(inputs)[1:3], list(self.size))
        else:
            new_size = [dims[0] * self.size[0], dims[1] * self.size[1]]
        resize = resize_nearest_neighbor if self.interpolation == "nearest" else resize_bilinear
        with get_default_graph().name_scope("resize"):
            out = resize(inputs, new_size, half_pixel_centers=True)
        out.set_shape(self.compute_output_shape(inputs.shape))
        return out

    def compute_output_shape(self, input_shape):
        b, h, w, c = TensorShape(input_shape).as_list()
        return TensorShape([b, None if h is None else h * self.size[0], None if w is None else w * self.size[1], c])

    def get_config(self):
        return dict(super().get_config(), size=self.size, data_format="channels_last",
                    interpolation=self.interpolation)
