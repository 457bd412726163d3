"""weighted_categorical_column: a categorical column whose ids carry a weight from another feature
(linear_model sums weight * row; embeddings and indicators weight their rows).

>>> words = tf.feature_column.weighted_categorical_column(word_ids, "word_counts")
"""
import collections

from ..framework import dtypes
from ..ops import math_ops, shape_ops
from .categorical import _categorical
from .transform import feature_tensor


class WeightedCategoricalColumn(collections.namedtuple("WeightedCategoricalColumn",
                                                       ["categorical_column", "weight_feature_key", "dtype"])):
    """ids from categorical_column, weights [batch, k] (same shape) from features[weight_feature_key]."""

    @property
    def name(self):
        return f"{self.categorical_column.name}_weighted_by_{self.weight_feature_key}"

    @property
    def num_buckets(self):
        return self.categorical_column.num_buckets

    def ids(self, features):
        return self.categorical_column.ids(features)

    def id_weights(self, features):
        w = feature_tensor(features, self.weight_feature_key)
        if w.dtype != self.dtype and not (w.dtype.is_floating and self.dtype.is_floating):
            raise ValueError(f"Bad dtype, expected {self.dtype!r}, but got {w.dtype!r}.")
        if w.shape.ndims == 1:
            w = shape_ops.expand_dims(w, -1)
        return math_ops.cast(w, dtypes.float32)


def weighted_categorical_column(categorical_column, weight_feature_key, dtype=dtypes.float32):
    """Attach per-id weights (the feature `weight_feature_key`, shaped like the ids) to a column.

    >>> tf.feature_column.weighted_categorical_column(color, "color_weight")
    """
    if weight_feature_key is None:
        raise ValueError("weight_feature_key must be set.")
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_integer or dtype.is_floating):
        raise ValueError(f"dtype {dtype!r} is not convertible to float.")
    return WeightedCategoricalColumn(_categorical(categorical_column, "weighted_categorical_column"),
                                     weight_feature_key, dtype)
