"""bucketized_column: a numeric column cut at boundaries into ranges. It is dense (one-hot per
element, for input_layer) and categorical (one id per element, for linear_model), as in TF1.

>>> age_buckets = tf.feature_column.bucketized_column(age, boundaries=[18, 25, 30, 40, 50, 65])
"""
import collections

from ..framework import dtypes
from ..ops import math_ops, reduction_ops, sequence_ops, shape_ops
from ..ops.constant_op import constant
from .numeric import NumericColumn


class BucketizedColumn(collections.namedtuple("BucketizedColumn", ["source_column", "boundaries"])):
    """Bucket i holds boundaries[i-1] <= x < boundaries[i]; element j of the source shape gets ids
    j * (len(boundaries) + 1) + bucket."""

    @property
    def name(self):
        return self.source_column.name + "_bucketized"

    @property
    def key(self):
        return self.source_column.key

    @property
    def num_buckets(self):
        return self.source_column.num_elements * (len(self.boundaries) + 1)

    @property
    def num_elements(self):
        return self.num_buckets

    def bucket_index(self, features):
        """[batch, n] int64: the bucket of each of the source's n elements (TF's Bucketize)."""
        x = shape_ops.reshape(self.source_column.dense_tensor(features), [-1, self.source_column.num_elements])
        edges = constant([float(b) for b in self.boundaries], dtypes.float32)
        passed = math_ops.cast(math_ops.greater_equal(shape_ops.expand_dims(x, -1), edges), dtypes.int64)
        return reduction_ops.reduce_sum(passed, axis=-1)

    def dense_tensor(self, features):
        return sequence_ops.one_hot(self.bucket_index(features), len(self.boundaries) + 1)

    def ids(self, features):
        offsets = constant([j * (len(self.boundaries) + 1) for j in range(self.source_column.num_elements)],
                           dtypes.int64)
        return math_ops.add(self.bucket_index(features), offsets)


def bucketized_column(source_column, boundaries):
    """Bucketize a numeric_column at sorted `boundaries` (len(boundaries) + 1 buckets per element).

    >>> tf.feature_column.bucketized_column(tf.feature_column.numeric_column("age"), [18, 30, 65])
    """
    if not isinstance(source_column, NumericColumn):
        raise ValueError(f"source_column must be a column generated with numeric_column(). Given: {source_column}")
    if len(source_column.shape) > 1:
        raise ValueError(f"source_column must be one-dimensional column. Given: {source_column}")
    if not boundaries or not isinstance(boundaries, (list, tuple)):
        raise ValueError("boundaries must be a sorted list.")
    for i in range(len(boundaries) - 1):
        if boundaries[i] >= boundaries[i + 1]:
            raise ValueError("boundaries must be a sorted list.")
    return BucketizedColumn(source_column, tuple(boundaries))
