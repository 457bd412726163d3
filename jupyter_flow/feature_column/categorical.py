"""Categorical columns (ids from a feature), and the dense views of them a network takes:
indicator_column (multi-hot) and embedding_column (a trained lookup table).

Without SparseTensor, a categorical feature is a dense int tensor [batch] or [batch, k]; an id of -1
(or, for vocabulary lists, a value not in the list with default_value=-1) is missing and contributes
nothing, as an absent sparse entry does in TF1."""
import collections
import math

from ..framework import dtypes
from ..framework.scopes import get_variable
from ..ops import array_ops, math_ops, reduction_ops, sequence_ops, shape_ops
from ..ops.constant_op import constant
from ..ops.indexing_ops import gather
from ..ops import init_ops
from .transform import feature_tensor


def _as_ids_matrix(x):
    # [batch] -> [batch, 1]; [batch, k] stays: each row lists the example's ids.
    if x.shape.ndims == 1:
        x = shape_ops.expand_dims(x, -1)
    elif x.shape.ndims != 2:
        raise ValueError(f"a categorical feature must have shape [batch] or [batch, k], got {x.shape} ('{x.name}')")
    return x


class IdentityCategoricalColumn(collections.namedtuple("IdentityCategoricalColumn",
                                                       ["key", "number_buckets", "default_value"])):
    """Integer ids used as they are, in [0, number_buckets)."""

    @property
    def name(self):
        return self.key

    @property
    def num_buckets(self):
        return self.number_buckets

    def ids(self, features):
        x = feature_tensor(features, self.key)
        if not x.dtype.is_integer:
            raise ValueError(f"categorical_column_with_identity('{self.key}') takes integer ids, got {x.dtype.name}; "
                             f"cast the feature with tf.cast(x, tf.int64) or use numeric_column.")
        x = _as_ids_matrix(math_ops.cast(x, dtypes.int64))
        out_of_range = math_ops.logical_or(math_ops.less(x, 0), math_ops.greater_equal(x, self.number_buckets))
        replacement = -1 if self.default_value is None else self.default_value
        return array_ops.where(out_of_range, constant(replacement, dtypes.int64), x)


class VocabularyListCategoricalColumn(collections.namedtuple(
        "VocabularyListCategoricalColumn", ["key", "vocabulary_list", "dtype", "default_value", "num_oov_buckets"])):
    """Values mapped to their position in vocabulary_list (default_value, -1 = missing, otherwise)."""

    @property
    def name(self):
        return self.key

    @property
    def num_buckets(self):
        return len(self.vocabulary_list) + self.num_oov_buckets

    def ids(self, features):
        x = feature_tensor(features, self.key)
        if x.dtype.is_integer != self.dtype.is_integer:
            raise ValueError(f"categorical_column_with_vocabulary_list('{self.key}'): the vocabulary is "
                             f"{self.dtype.name} but the feature is {x.dtype.name}.")
        return vocabulary_ids(x, self.vocabulary_list, self.default_value, self.num_oov_buckets)


def missing_mask(x):
    """Where a dense feature holds TF1's ignore value ('' for strings, -1 for integers): the entries
    TF1 drops when it turns a dense feature into a sparse one."""
    if x.dtype == dtypes.string:
        return math_ops.equal(x, constant("", dtypes.string))
    return math_ops.equal(x, constant(-1, x.dtype))


def vocabulary_ids(x, vocabulary, default_value, num_oov_buckets):
    """Each value's index in `vocabulary`; a value not in it goes to default_value, or with
    num_oov_buckets to len(vocabulary) + its hash bucket (TF's Fingerprint64, integers hashed as
    their decimal strings, as TF1's lookup tables do); missing values ('' / -1) stay -1."""
    from ..ops.string_hash_ops import as_string, string_to_hash_bucket_fast
    x = _as_ids_matrix(math_ops.cast(x, dtypes.int64) if x.dtype.is_integer else x)
    table = constant(list(vocabulary), dtypes.int64 if x.dtype.is_integer else x.dtype)
    matches = math_ops.equal(shape_ops.expand_dims(x, -1), table)  # [batch, k, vocabulary]
    position = math_ops.cast(reduction_ops.argmax(math_ops.cast(matches, dtypes.int32), axis=-1), dtypes.int64)
    found = reduction_ops.reduce_any(matches, axis=-1)
    if num_oov_buckets:
        keys = as_string(x) if x.dtype.is_integer else x
        other = math_ops.add(string_to_hash_bucket_fast(keys, num_oov_buckets), constant(len(vocabulary), dtypes.int64))
    else:
        other = array_ops.fill(shape_ops.shape(x), constant(default_value, dtypes.int64))
    ids = array_ops.where(found, position, other)
    return array_ops.where(missing_mask(x), array_ops.fill(shape_ops.shape(x), constant(-1, dtypes.int64)), ids)


class IndicatorColumn(collections.namedtuple("IndicatorColumn", ["categorical_column"])):
    """A multi-hot [batch, num_buckets] view: how many times each id occurs in the example."""

    @property
    def name(self):
        return self.categorical_column.name + "_indicator"

    @property
    def num_elements(self):
        return self.categorical_column.num_buckets

    def dense_tensor(self, features):
        ids = self.categorical_column.ids(features)
        one_hot = sequence_ops.one_hot(ids, self.categorical_column.num_buckets)  # -1 gives a zero row
        weights = id_weights(self.categorical_column, features)
        if weights is not None:  # a weighted column's indicator holds the weights at its ids
            one_hot = math_ops.multiply(one_hot, shape_ops.expand_dims(weights, -1))
        return reduction_ops.reduce_sum(one_hot, axis=1)


class EmbeddingColumn(collections.namedtuple("EmbeddingColumn", ["categorical_column", "dimension", "combiner",
                                                                 "initializer", "max_norm", "trainable"])):
    """A [batch, dimension] view: the mean (or sum, sqrtn) of the example's embedding rows."""

    @property
    def name(self):
        return self.categorical_column.name + "_embedding"

    @property
    def num_elements(self):
        return self.dimension

    def dense_tensor(self, features):
        ids = self.categorical_column.ids(features)
        weights = get_variable("embedding_weights", [self.categorical_column.num_buckets, self.dimension],
                               dtype=dtypes.float32, initializer=self.initializer, trainable=self.trainable)
        return combine_rows(weights, ids, self.combiner, id_weights(self.categorical_column, features))


def id_weights(column, features):
    """The [batch, k] float weights of a weighted categorical column's ids, None for the others."""
    fn = getattr(column, "id_weights", None)
    return None if fn is None else fn(features)


def combine_rows(weights, ids, combiner, row_weights=None):
    """Rows of `weights` at each example's present ids (>= 0), each times its row weight (1 if
    none), combined by sum, mean or sqrtn (divided by the sum, or root of the sum of squares, of the
    weights); an example with no id gives zeros (TF1's safe_embedding_lookup_sparse)."""
    present = math_ops.to_float(math_ops.greater_equal(ids, 0))
    if row_weights is not None:
        present = math_ops.multiply(present, math_ops.to_float(row_weights))
    rows = gather(weights, math_ops.maximum(ids, constant(0, dtypes.int64)))  # [batch, k, d]
    summed = reduction_ops.reduce_sum(math_ops.multiply(rows, shape_ops.expand_dims(present, -1)), axis=1)
    if combiner == "sum":
        return summed
    if combiner == "mean":
        total = reduction_ops.reduce_sum(present, axis=1, keepdims=True)
    else:
        total = math_ops.sqrt(reduction_ops.reduce_sum(math_ops.square(present), axis=1, keepdims=True))
    safe = array_ops.where(math_ops.greater(total, 0.0), total, array_ops.ones_like(total))
    return math_ops.divide(summed, safe)


def categorical_column_with_identity(key, num_buckets, default_value=None):
    """Integer ids in [0, num_buckets) used as they are; ids outside become default_value (missing
    when it is None).

    >>> digit = tf.feature_column.categorical_column_with_identity("digit", num_buckets=10)
    """
    if num_buckets < 1:
        raise ValueError(f"num_buckets {num_buckets} < 1, column_name {key}")
    if default_value is not None and not 0 <= default_value < num_buckets:
        raise ValueError(f"default_value {default_value} not in range [0, {num_buckets}), column_name {key}")
    return IdentityCategoricalColumn(key, int(num_buckets), default_value)


def categorical_column_with_vocabulary_list(key, vocabulary_list, dtype=None, default_value=-1, num_oov_buckets=0):
    """Values mapped to their index in vocabulary_list; others to default_value (-1: missing).

    >>> color = tf.feature_column.categorical_column_with_vocabulary_list("color", [3, 7, 9])
    """
    vocabulary_list = tuple(vocabulary_list)
    if not vocabulary_list:
        raise ValueError(f"vocabulary_list {vocabulary_list} must be non-empty, column_name: {key}")
    if len(set(vocabulary_list)) != len(vocabulary_list):
        raise ValueError(f"Duplicate keys in vocabulary_list {vocabulary_list}, column_name: {key}")
    check_oov(num_oov_buckets, default_value, key)
    if dtype is None:
        dtype = dtypes.string if isinstance(vocabulary_list[0], (str, bytes)) else dtypes.int64
    return VocabularyListCategoricalColumn(key, vocabulary_list, dtypes.as_dtype(dtype), default_value,
                                           int(num_oov_buckets))


def check_oov(num_oov_buckets, default_value, key):
    if num_oov_buckets < 0:
        raise ValueError(f"Invalid num_oov_buckets {num_oov_buckets}, column_name: {key}")
    if num_oov_buckets and default_value is not None and default_value != -1:
        raise ValueError(f"Can't specify both default_value {default_value} and num_oov_buckets "
                         f"{num_oov_buckets}, column_name: {key}")


def is_categorical(column):
    """A categorical column gives [batch, k] int64 ids (-1 missing) in [0, num_buckets)."""
    return callable(getattr(column, "ids", None)) and hasattr(column, "num_buckets")


def _categorical(column, what):
    if not is_categorical(column):
        raise ValueError(f"{what} takes a categorical column (categorical_column_with_identity or "
                         f"_with_vocabulary_list), got {column!r}")
    return column


def indicator_column(categorical_column):
    """A multi-hot dense view of a categorical column, for DNNs.

    >>> tf.feature_column.indicator_column(digit)
    """
    return IndicatorColumn(_categorical(categorical_column, "indicator_column"))


def embedding_column(categorical_column, dimension, combiner="mean", initializer=None, ckpt_to_load_from=None,
                     tensor_name_in_ckpt=None, max_norm=None, trainable=True):
    """A trained [num_buckets, dimension] lookup table; the view is each example's combined rows
    (variable <column>_embedding/embedding_weights, truncated normal with stddev 1/sqrt(dimension)).

    >>> tf.feature_column.embedding_column(word, dimension=8)
    """
    _categorical(categorical_column, "embedding_column")
    if dimension is None or dimension < 1:
        raise ValueError(f"Invalid dimension {dimension}.")
    if combiner not in ("mean", "sqrtn", "sum"):
        raise ValueError(f"combiner must be one of 'mean', 'sqrtn', 'sum', got {combiner!r}")
    if ckpt_to_load_from is not None or tensor_name_in_ckpt is not None or max_norm is not None:
        raise NotImplementedError("embedding_column: ckpt_to_load_from, tensor_name_in_ckpt and max_norm are not "
                                  "supported; restore the embedding with a tf.train.Saver instead.")
    if initializer is None:
        initializer = init_ops.truncated_normal_initializer(mean=0.0, stddev=1.0 / math.sqrt(dimension))
    elif not callable(initializer):
        raise ValueError("initializer must be callable if specified.")
    return EmbeddingColumn(categorical_column, int(dimension), combiner, initializer, None, trainable)
