"""tf.feature_column: columns, input_layer and linear_model with TF1's names and values (expected
values from TF 1.x's tf.compat.v1.feature_column on the same features)."""
import numpy as np
import pytest

import jupyter_flow as tf

fc = tf.feature_column


def test_numeric_column_fields_and_checks():
    col = fc.numeric_column("b", shape=[2])
    assert (col.key, col.shape, col.default_value, col.dtype, col.normalizer_fn) == ("b", (2,), None, tf.float32, None)
    assert fc.numeric_column("x", default_value=3.0).default_value == (3.0,)
    with pytest.raises(ValueError, match="shape dimensions must be greater than 0"):
        fc.numeric_column("x", shape=[0])
    with pytest.raises(ValueError, match="dtype must be convertible to float"):
        fc.numeric_column("x", dtype=tf.string)
    with pytest.raises(TypeError, match="normalizer_fn must be a callable"):
        fc.numeric_column("x", normalizer_fn=3)


def test_input_layer_sorts_columns_by_name_and_concatenates():
    cols = [fc.numeric_column("b", shape=[2], normalizer_fn=lambda x: x * 2.0), fc.numeric_column("a"),
            fc.indicator_column(fc.categorical_column_with_identity("c", 4)),
            fc.indicator_column(fc.categorical_column_with_vocabulary_list("d", [10, 20, 30], dtype=tf.int64))]
    feats = {"a": tf.constant([[1.0], [2.0]]), "b": tf.constant([[1.0, 2.0], [3.0, 4.0]]),
             "c": tf.constant([[3], [1]], tf.int64), "d": tf.constant([[20], [99]], tf.int64)}
    net = fc.input_layer(feats, cols)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(net), [[1, 2, 4, 0, 0, 0, 1, 0, 1, 0], [2, 6, 8, 0, 1, 0, 0, 0, 0, 0]])


def test_embedding_column_and_linear_model_variables():
    feats = {"a": tf.constant([[1.0], [2.0]]), "c": tf.constant([[3], [1]], tf.int64)}
    emb = fc.embedding_column(fc.categorical_column_with_identity("c", 4), 3,
                              initializer=tf.constant_initializer(np.arange(12.0).reshape(4, 3)))
    net = fc.input_layer(feats, [fc.numeric_column("a"), emb])
    lm = fc.linear_model(feats, [fc.numeric_column("a"), fc.categorical_column_with_identity("c", 4)])
    assert [v.name for v in tf.global_variables()] == [
        "input_layer/c_embedding/embedding_weights:0", "linear_model/a/weights:0", "linear_model/c/weights:0",
        "linear_model/bias_weights:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(net), [[1, 9, 10, 11], [2, 3, 4, 5]])
        np.testing.assert_array_equal(sess.run(lm), [[0], [0]])


def test_embedding_mean_over_several_ids_skips_missing_ones():
    emb = fc.embedding_column(fc.categorical_column_with_identity("c", 3), 2,
                              initializer=tf.constant_initializer([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    net = fc.input_layer({"c": tf.constant([[0, 2], [1, -1], [-1, -1]], tf.int64)}, [emb])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(net), [[3, 4], [3, 4], [0, 0]])


def test_input_layer_feeds_from_placeholders_and_names_missing_features():
    x = tf.placeholder(tf.float64, [None, 3])
    net = fc.input_layer({"x": x}, [fc.numeric_column("x", shape=[3])])
    assert net.dtype == tf.float32 and net.shape.as_list() == [None, 3]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(net, {x: [[1, 2, 3]]}), [[1, 2, 3]])
    with pytest.raises(ValueError, match="The features dict has no entry 'y'"):
        fc.input_layer({"x": x}, [fc.numeric_column("y")])
    with pytest.raises(ValueError, match="must be a _DenseColumn"):
        fc.input_layer({"x": x}, [fc.categorical_column_with_identity("x", 3)])


def test_string_vocabulary_list_indicator():
    col = fc.categorical_column_with_vocabulary_list("s", ["a", "b", "c"])
    assert col.dtype == tf.string and col.default_value == -1
    net = fc.input_layer({"s": tf.constant(["b", "z", "a"])}, [fc.indicator_column(col)])
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(net), [[0, 1, 0], [0, 0, 0], [1, 0, 0]])
