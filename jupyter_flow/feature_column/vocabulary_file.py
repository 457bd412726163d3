"""categorical_column_with_vocabulary_file: ids by line number in a vocabulary file (one value per
line, read when the graph is built), with optional hashed out-of-vocabulary buckets.

>>> states = tf.feature_column.categorical_column_with_vocabulary_file("state", "/tmp/states.txt")
"""
import collections

from ..framework import dtypes
from .categorical import check_oov, vocabulary_ids
from .transform import feature_tensor


class VocabularyFileCategoricalColumn(collections.namedtuple(
        "VocabularyFileCategoricalColumn",
        ["key", "vocabulary_file", "vocabulary_size", "num_oov_buckets", "dtype", "default_value", "vocabulary"])):
    """Line i of the file is id i; other values go to default_value or an OOV bucket."""

    @property
    def name(self):
        return self.key

    @property
    def num_buckets(self):
        return self.vocabulary_size + self.num_oov_buckets

    def ids(self, features):
        x = feature_tensor(features, self.key)
        if x.dtype.is_integer != self.dtype.is_integer:
            raise ValueError(f"Column dtype and SparseTensors dtype must be compatible. key: {self.key}, column "
                             f"dtype: {self.dtype.name}, tensor dtype: {x.dtype.name}")
        return vocabulary_ids(x, self.vocabulary, self.default_value, self.num_oov_buckets)


def categorical_column_with_vocabulary_file(key, vocabulary_file, vocabulary_size=None, num_oov_buckets=0,
                                            default_value=None, dtype=dtypes.string):
    """Values looked up in the file's first vocabulary_size lines (all lines when None).

    >>> tf.feature_column.categorical_column_with_vocabulary_file("color", "colors.txt", num_oov_buckets=2)
    """
    if not vocabulary_file:
        raise ValueError(f"Missing vocabulary_file in {key}.")
    with open(vocabulary_file, encoding="utf-8") as f:
        lines = [line.rstrip("\n").rstrip("\r") for line in f]
    if vocabulary_size is None:
        vocabulary_size = len(lines)
    elif vocabulary_size < 1:
        raise ValueError(f"Invalid vocabulary_size in {key}.")
    elif vocabulary_size > len(lines):
        raise ValueError(f"Invalid vocab_size {vocabulary_size}: the vocabulary file {vocabulary_file} has only "
                         f"{len(lines)} lines (column {key}).")
    if num_oov_buckets and default_value is not None:
        raise ValueError(f"Can't specify both num_oov_buckets and default_value in {key}.")
    check_oov(num_oov_buckets, default_value, key)
    dtype = dtypes.as_dtype(dtype)
    if dtype != dtypes.string and not dtype.is_integer:
        raise ValueError(f"dtype must be string or integer. dtype: {dtype!r}, column_name: {key}")
    vocabulary = lines[:vocabulary_size]
    if dtype.is_integer:
        vocabulary = [int(v) for v in vocabulary]
    return VocabularyFileCategoricalColumn(key, vocabulary_file, int(vocabulary_size), int(num_oov_buckets), dtype,
                                           -1 if default_value is None else default_value, tuple(vocabulary))
