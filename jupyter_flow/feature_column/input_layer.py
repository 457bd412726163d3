"""input_layer (the dense input of a DNN) and linear_model (a weighted sum of the columns), with
TF1's variable names: input_layer/<column>_embedding/embedding_weights, linear_model/<column>/weights,
linear_model/bias_weights."""
from ..framework import dtypes
from ..framework.graph import name_scope
from ..framework.scopes import get_variable, variable_scope
from ..ops import init_ops, math_ops, shape_ops
from ..ops.concat_ops import concat, stack
from ..ops.linalg_ops import matmul
from .categorical import combine_rows, id_weights, is_categorical


def _columns(feature_columns, dense_only):
    if feature_columns is None or not list(feature_columns):
        raise ValueError("feature_columns must not be empty; make them with tf.feature_column.numeric_column(...)")
    columns = list(feature_columns)
    for c in columns:
        if dense_only and not callable(getattr(c, "dense_tensor", None)):
            raise ValueError(f"Items of feature_columns must be a _DenseColumn. You can wrap a categorical column "
                             f"with an embedding_column or indicator_column. Given: {c!r}")
        if not hasattr(c, "name"):
            raise ValueError(f"Items of feature_columns must be feature columns, got {c!r}")
    return sorted(columns, key=lambda c: c.name)  # TF1 orders the columns by name


def _flat(tensor, num_elements):
    batch = shape_ops.shape(tensor)[0]
    return shape_ops.reshape(tensor, stack([batch, num_elements]))


def input_layer(features, feature_columns, weight_collections=None, trainable=True, cols_to_vars=None,
                cols_to_output_tensors=None):
    """The columns' dense tensors, each reshaped to [batch, n] and concatenated (by column name).

    >>> net = tf.feature_column.input_layer(features, [tf.feature_column.numeric_column("x", shape=[4])])
    """
    columns = _columns(feature_columns, dense_only=True)
    outputs = []
    with variable_scope(None, default_name="input_layer"):
        for column in columns:
            with variable_scope(None, default_name=column.name):
                with name_scope(column.name):
                    tensor = _flat(column.dense_tensor(features), column.num_elements)
                outputs.append(tensor)
                if cols_to_output_tensors is not None:
                    cols_to_output_tensors[column] = tensor
        return concat(outputs, axis=1)


def linear_model(features, feature_columns, units=1, sparse_combiner="sum", weight_collections=None,
                 trainable=True, cols_to_vars=None):
    """sum over columns of column @ weights, plus bias_weights: logits of shape [batch, units].

    >>> logits = tf.feature_column.linear_model(features, columns)
    """
    columns = _columns(feature_columns, dense_only=False)
    terms = []
    with variable_scope(None, default_name="linear_model"):
        for column in columns:
            with variable_scope(None, default_name=column.name):
                if is_categorical(column):  # a bucketized column too, as TF1
                    weights = get_variable("weights", [column.num_buckets, units], dtypes.float32,
                                           init_ops.zeros_initializer(), trainable=trainable)
                    terms.append(combine_rows(weights, column.ids(features), sparse_combiner,
                                              id_weights(column, features)))
                else:
                    weights = get_variable("weights", [column.num_elements, units], dtypes.float32,
                                           init_ops.zeros_initializer(), trainable=trainable)
                    terms.append(matmul(_flat(column.dense_tensor(features), column.num_elements), weights))
                if cols_to_vars is not None:
                    cols_to_vars[column] = [weights]
        bias = get_variable("bias_weights", [units], dtypes.float32, init_ops.zeros_initializer(), trainable=trainable)
        if cols_to_vars is not None:
            cols_to_vars["bias"] = [bias]
        return math_ops.add(math_ops.add_n(terms) if len(terms) > 1 else terms[0], bias, name="weighted_sum")
