"""numeric_column: a dense feature of a fixed shape, read as float32."""
import collections
import numbers

import numpy as np

from ..framework import dtypes
from ..ops import math_ops
from .transform import feature_tensor


class NumericColumn(collections.namedtuple("NumericColumn", ["key", "shape", "default_value", "dtype",
                                                              "normalizer_fn"])):
    """A dense column; input_layer reshapes it to [batch, prod(shape)]."""

    @property
    def name(self):
        return self.key

    @property
    def variable_shape(self):
        return self.shape

    @property
    def num_elements(self):
        return int(np.prod(self.shape))

    def dense_tensor(self, features):
        x = feature_tensor(features, self.key)
        x = math_ops.to_float(x) if x.dtype != dtypes.float32 else x
        if self.normalizer_fn is not None:
            x = self.normalizer_fn(x)
        return x


def _check_shape(shape, key):
    if isinstance(shape, numbers.Integral):
        shape = (shape,)
    try:
        shape = tuple(int(d) for d in shape)
    except TypeError:
        raise TypeError(f"numeric_column('{key}'): shape must be an int or a list of ints, got {shape!r}") from None
    if not shape or any(d <= 0 for d in shape):
        raise ValueError(f"shape dimensions must be greater than 0. shape: {shape}, key: {key}")
    return shape


def numeric_column(key, shape=(1,), default_value=None, dtype=dtypes.float32, normalizer_fn=None):
    """A real-valued feature `features[key]` of shape [batch] + shape (cast to float32, then
    normalizer_fn applied).

    >>> price = tf.feature_column.numeric_column("price", normalizer_fn=lambda x: (x - 3.0) / 4.2)
    """
    if not isinstance(key, str):
        raise ValueError(f"key must be a string, got {key!r}; name the entry of the features dict this column reads.")
    shape = _check_shape(shape, key)
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_floating or dtype.is_integer):
        raise ValueError(f"dtype must be convertible to float. dtype: {dtype}, key: {key}")
    if default_value is not None:
        value = np.asarray(default_value, dtype=dtype.as_numpy_dtype)
        try:
            value = np.broadcast_to(value, shape)
        except ValueError:
            raise ValueError(f"The shape of default_value must be equal to given shape. default_value: "
                             f"{default_value}, shape: {shape}, key: {key}") from None
        default_value = tuple(value.reshape(-1).tolist()) if len(shape) == 1 else value.tolist()
    if normalizer_fn is not None and not callable(normalizer_fn):
        raise TypeError(f"normalizer_fn must be a callable. Given: {normalizer_fn}")
    return NumericColumn(key, shape, default_value, dtype, normalizer_fn)
