"""tf.feature_column: describe how the features dict feeds a model (TF1 names and defaults).

>>> feature_columns = [tf.feature_column.numeric_column("X", shape=[64])]
>>> net = tf.feature_column.input_layer(features, feature_columns)   # [batch, 64] float32
"""
from .categorical import (categorical_column_with_identity, categorical_column_with_vocabulary_list,
                          embedding_column, indicator_column)
from .input_layer import input_layer, linear_model
from .numeric import numeric_column
from .bucketized import bucketized_column
from .hashed import categorical_column_with_hash_bucket, crossed_column
from .vocabulary_file import categorical_column_with_vocabulary_file
from .weighted import weighted_categorical_column

__all__ = ["bucketized_column", "categorical_column_with_hash_bucket", "categorical_column_with_identity",
           "categorical_column_with_vocabulary_file", "categorical_column_with_vocabulary_list", "crossed_column",
           "embedding_column", "indicator_column", "input_layer", "linear_model", "numeric_column",
           "weighted_categorical_column"]
