"""categorical_column_with_hash_bucket and crossed_column: ids from TF's FarmHash fingerprints, so a
feature hashes to the same bucket as in TF1 (models and checkpoints carry over).

>>> city = tf.feature_column.categorical_column_with_hash_bucket("city", hash_bucket_size=1000)
>>> city_x_age = tf.feature_column.crossed_column([city, age_buckets], hash_bucket_size=10000)
"""
import collections

from ..framework import dtypes
from ..ops import array_ops, math_ops, shape_ops
from ..ops.constant_op import constant
from ..ops.string_hash_ops import as_string, hashed_cross, string_to_hash_bucket_fast
from .categorical import _as_ids_matrix, is_categorical, missing_mask
from .transform import feature_tensor


class HashedCategoricalColumn(collections.namedtuple("HashedCategoricalColumn",
                                                     ["key", "hash_bucket_size", "dtype"])):
    """Fingerprint64(value) % hash_bucket_size; integer values are hashed as their decimal strings."""

    @property
    def name(self):
        return self.key

    @property
    def num_buckets(self):
        return self.hash_bucket_size

    def ids(self, features):
        x = feature_tensor(features, self.key)
        if x.dtype.is_integer != self.dtype.is_integer or not (x.dtype.is_integer or x.dtype == dtypes.string):
            raise ValueError(f"Column dtype and SparseTensors dtype must be compatible. key: {self.key}, column "
                             f"dtype: {self.dtype.name}, tensor dtype: {x.dtype.name}")
        x = _as_ids_matrix(math_ops.cast(x, dtypes.int64) if x.dtype.is_integer else x)
        buckets = string_to_hash_bucket_fast(as_string(x) if x.dtype.is_integer else x, self.hash_bucket_size)
        return array_ops.where(missing_mask(x), array_ops.fill(shape_ops.shape(x), constant(-1, dtypes.int64)),
                               buckets)


def categorical_column_with_hash_bucket(key, hash_bucket_size, dtype=dtypes.string):
    """String (or integer) values spread over hash_bucket_size ids by TF's fingerprint hash.

    >>> occupation = tf.feature_column.categorical_column_with_hash_bucket("occupation", 1000)
    """
    if hash_bucket_size is None:
        raise ValueError(f"hash_bucket_size must be set. key: {key}")
    if hash_bucket_size < 1:
        raise ValueError(f"hash_bucket_size must be at least 1. hash_bucket_size: {hash_bucket_size}, key: {key}")
    dtype = dtypes.as_dtype(dtype)
    if dtype != dtypes.string and not dtype.is_integer:
        raise ValueError(f"dtype must be string or integer. dtype: {dtype!r}, column_name: {key}")
    return HashedCategoricalColumn(key, int(hash_bucket_size), dtype)


class CrossedColumn(collections.namedtuple("CrossedColumn", ["keys", "hash_bucket_size", "hash_key"])):
    """Every combination of the keys' values in an example, hashed (TF's sparse_cross_hashed)."""

    @property
    def name(self):
        names = []
        for k in self.keys:
            names.append(k if isinstance(k, str) else k.name)
        return "_X_".join(sorted(names))

    @property
    def num_buckets(self):
        return self.hash_bucket_size

    def _leaf_keys(self):
        leaves = []
        for k in self.keys:
            leaves.extend(k._leaf_keys() if isinstance(k, CrossedColumn) else [k])
        return leaves

    def ids(self, features):
        # TF1's SparseCross takes its sparse inputs (the categorical columns' ids) before its dense
        # ones (raw features), so a column key hashes first wherever it stands in `keys`.
        keys = self._leaf_keys()
        keys = [k for k in keys if not isinstance(k, str)] + [k for k in keys if isinstance(k, str)]
        parts, missing = [], []
        for k in keys:
            if isinstance(k, str):  # a raw feature: all its values, as TF1 crosses a dense tensor
                x = _as_ids_matrix(feature_tensor(features, k))
                if x.dtype.is_integer:
                    x = math_ops.cast(x, dtypes.int64)
                elif x.dtype != dtypes.string:
                    raise ValueError(f"crossed_column: feature '{k}' must be string or integer, got {x.dtype.name}")
                parts.append(x)
                missing.append(False)
            else:
                if getattr(k, "id_weights", None) is not None:
                    raise ValueError(f"crossed_column does not support weight_tensor, but the given column "
                                     f"populates weight_tensor. Given column: {k.name}")
                parts.append(k.ids(features))
                missing.append(True)
        return hashed_cross(parts, self.hash_bucket_size, self.hash_key, missing)


def crossed_column(keys, hash_bucket_size, hash_key=None):
    """The cross of feature names and categorical columns (not hash-bucket ones: cross their keys).

    >>> tf.feature_column.crossed_column(["education", "occupation"], hash_bucket_size=1000)
    """
    if not hash_bucket_size or hash_bucket_size < 1:
        raise ValueError(f"hash_bucket_size must be > 1. hash_bucket_size: {hash_bucket_size}")
    if not keys or len(keys) < 2:
        raise ValueError(f"keys must be a list with length > 1. Given: {keys}")
    for k in keys:
        if not isinstance(k, str) and not is_categorical(k):
            raise ValueError(f"Unsupported key type. All keys must be either string, or categorical column "
                             f"except HashedCategoricalColumn. Given: {k}")
        if isinstance(k, HashedCategoricalColumn):
            raise ValueError(f"categorical_column_with_hash_bucket is not supported for crossing. Hashing before "
                             f"crossing will increase probability of collision. Instead, use the feature name "
                             f"as a string. Given: {k}")
    return CrossedColumn(tuple(keys), int(hash_bucket_size), hash_key)
