"""Feature columns that hash, bucketize, cross and weight (categorical_column_with_hash_bucket,
bucketized_column, crossed_column, weighted_categorical_column, vocabulary files and OOV buckets)
against TF 2.21's compat.v1 feature columns: the same dense features, the expected values pasted
from there. Variables are filled, in name order, from one fixed formula in both frameworks. Hash
ids must be TF's exactly (FarmHash Fingerprint64), so models carry over."""
import numpy as np
import pytest

import jupyter_flow as tf

fc = tf.feature_column
FEATS = {"city": [["sf", "nyc"], ["la", "sf"], ["x", "y"]], "n": np.array([[3], [-1], [12]], np.int64),
         "age": [[17.0], [30.0], [70.0]], "w": [[2.0, 0.5], [1.0, 9.0], [3.0, 3.0]],
         "color": [["red"], ["blue"], ["zzz"]], "k": np.array([[7], [8], [100]], np.int64),
         "pair": [[1.0, 50.0], [26.0, 18.0], [40.0, 65.0]]}


def fill(shape, phase):
    n = int(np.prod(shape))
    return (1.5 * np.sin(np.arange(n) * 1.3 + phase)).reshape(shape).astype(np.float32)


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def run(make, feats=None, var_names=None):
    features = {k: tf.constant(v) for k, v in (feats or FEATS).items()}
    out = make(features)
    variables = sorted(tf.global_variables(), key=lambda v: v.name)
    if var_names is not None:
        assert [(v.name, v.shape.as_list()) for v in variables] == var_names
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i, v in enumerate(variables):
            sess.run(tf.assign(v, fill(v.shape.as_list(), i)))
        return sess.run(out)


def test_string_to_hash_bucket_fast_is_tfs_fingerprint64():
    words = ["", "a", "b", "abc", "abcd", "hello", "hello world!", "0123456789abcdef", "0123456789abcdefg",
             "the quick brown fox jumps over", "the quick brown fox jumps over the lazy dog", "x" * 64, "y" * 65,
             "z" * 200, "The quick brown fox jumps over the lazy dog, again and again and again, 1234567890!"]
    with tf.Session() as sess:
        got = sess.run(tf.string_to_hash_bucket_fast(words, 2 ** 62)).tolist()
        assert sess.run(tf.string_to_hash_bucket_fast(["a", "b"], 10)).tolist() == [9, 2]
    assert got == [1936946117179621455, 3694432073954588131, 2572224033622389014, 2640714258260161385,
                   1897425971756105985, 3786372426573024488, 4577883861590986596, 1493332391325024359,
                   2800675501336285770, 1112055459949294645, 3200379034145657811, 2304502108871267256,
                   4023130470993650268, 4117204190001636188, 3282670002256926352]


def test_hash_bucket_columns_of_strings_and_ints_drop_missing_values():
    feats = dict(FEATS, city=[["sf", "nyc"], ["la", ""], ["", ""]])
    city = fc.categorical_column_with_hash_bucket("city", 7)
    n = fc.categorical_column_with_hash_bucket("n", 5, dtype=tf.int64)
    assert run(lambda f: fc.input_layer(f, [fc.indicator_column(city)]), feats).tolist() == [
        [0, 0, 0, 0, 1, 1, 0], [0, 0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]]
    assert run(lambda f: fc.input_layer(f, [fc.indicator_column(n)])).tolist() == [
        [0, 1, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 1, 0]]


def test_bucketized_columns_are_one_hot_per_element():
    age = fc.bucketized_column(fc.numeric_column("age"), [18, 30, 65])
    pair = fc.bucketized_column(fc.numeric_column("pair", shape=[2]), [18, 30, 65])
    assert age.name == "age_bucketized"
    assert run(lambda f: fc.input_layer(f, [age])).tolist() == [[1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
    assert run(lambda f: fc.input_layer(f, [pair])).tolist() == [
        [1, 0, 0, 0, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1, 0, 0], [0, 0, 1, 0, 0, 0, 0, 1]]


def test_crossed_columns_hash_every_combination_as_tf():
    feats = dict(FEATS, city=[["sf", "nyc"], ["la", ""], ["", ""]])
    age = fc.bucketized_column(fc.numeric_column("age"), [18, 30, 65])
    cross = fc.crossed_column(["city", age], 11)
    assert cross.name == "age_bucketized_X_city"
    assert run(lambda f: fc.input_layer(f, [fc.indicator_column(cross)]), feats).tolist() == [
        [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0], [0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0], [0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]]
    cross2 = fc.crossed_column(["city", "n"], 13, hash_key=99)
    assert run(lambda f: fc.input_layer(f, [fc.indicator_column(cross2)]), feats).tolist() == [
        [0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0],
        [0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]]


def test_weighted_columns_weight_indicators_and_embeddings():
    wc = fc.weighted_categorical_column(fc.categorical_column_with_hash_bucket("city", 7), "w")
    assert wc.name == "city_weighted_by_w"
    assert run(lambda f: fc.input_layer(f, [fc.indicator_column(wc)])).tolist() == [
        [0, 0, 0, 0, 2, 0.5, 0], [0, 0, 0, 1, 9, 0, 0], [0, 3, 0, 3, 0, 0, 0]]
    names = [("input_layer/city_weighted_by_w_embedding/embedding_weights:0", [7, 3])]
    expected = {"mean": [[0.31097, -0.83631, -0.75839], [0.03117, -1.19129, -0.66851], [-1.08731, -0.34747, 0.90142]],
                "sqrtn": [[0.3771, -1.01418, -0.91968], [0.03442, -1.31556, -0.73824], [-1.53769, -0.49139, 1.2748]],
                "sum": [[0.77742, -2.09078, -1.89598], [0.3117, -11.91292, -6.68509], [-6.52387, -2.08479, 5.40851]]}
    for combiner, values in expected.items():
        tf.reset_default_graph()
        got = run(lambda f: fc.input_layer(f, [fc.embedding_column(wc, 3, combiner=combiner)]), var_names=names)
        np.testing.assert_allclose(got, values, atol=2e-5)


def test_linear_model_over_bucketized_weighted_crossed_and_hashed_columns():
    age = fc.bucketized_column(fc.numeric_column("age"), [18, 30, 65])
    city = fc.categorical_column_with_hash_bucket("city", 7)
    columns = [age, fc.weighted_categorical_column(city, "w"), fc.crossed_column(["city", age], 11),
               fc.categorical_column_with_hash_bucket("n", 5, dtype=tf.int64)]
    names = [("linear_model/age_bucketized/weights:0", [4, 2]), ("linear_model/age_bucketized_X_city/weights:0", [11, 2]),
             ("linear_model/bias_weights:0", [2]), ("linear_model/city_weighted_by_w/weights:0", [7, 2]),
             ("linear_model/n/weights:0", [5, 2])]
    got = run(lambda f: fc.linear_model(f, columns, units=2), var_names=names)
    np.testing.assert_allclose(got, [[3.11807, 3.95774], [7.05881, 12.43602], [-4.07216, 3.5867]], atol=2e-5)


def test_vocabularies_with_oov_buckets_hash_unknown_values_as_tf(tmp_path):
    path = tmp_path / "colors.txt"
    path.write_text("red\ngreen\nblue\n")
    vf = fc.categorical_column_with_vocabulary_file("color", str(path), num_oov_buckets=3)
    assert vf.num_buckets == 6
    assert run(lambda f: fc.input_layer(f, [fc.indicator_column(vf)])).tolist() == [
        [1, 0, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0]]
    vl = fc.categorical_column_with_vocabulary_list("k", [8, 9], num_oov_buckets=4)
    assert run(lambda f: fc.input_layer(f, [fc.indicator_column(vl)])).tolist() == [
        [0, 0, 1, 0, 0, 0], [1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1]]
    vl2 = fc.categorical_column_with_vocabulary_list("color", ["blue", "red"], num_oov_buckets=2)
    assert run(lambda f: fc.input_layer(f, [fc.indicator_column(vl2)])).tolist() == [
        [0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0]]
    vf2 = fc.categorical_column_with_vocabulary_file("color", str(path), vocabulary_size=2, default_value=1)
    assert run(lambda f: fc.input_layer(f, [fc.indicator_column(vf2)])).tolist() == [[1, 0], [0, 1], [0, 1]]


def test_column_arguments_are_checked_as_tf1(tmp_path):
    path = tmp_path / "colors.txt"
    path.write_text("red\n")
    with pytest.raises(ValueError, match="boundaries must be a sorted list"):
        fc.bucketized_column(fc.numeric_column("a"), [3, 1])
    with pytest.raises(ValueError, match="source_column must be a column generated with numeric_column"):
        fc.bucketized_column("a", [1])
    with pytest.raises(ValueError, match="keys must be a list with length > 1"):
        fc.crossed_column(["a"], 3)
    with pytest.raises(ValueError, match="categorical_column_with_hash_bucket is not supported for crossing"):
        fc.crossed_column(["a", fc.categorical_column_with_hash_bucket("city", 7)], 3)
    with pytest.raises(ValueError, match="hash_bucket_size must be at least 1"):
        fc.categorical_column_with_hash_bucket("a", 0)
    with pytest.raises(ValueError, match="Can't specify both num_oov_buckets and default_value in a"):
        fc.categorical_column_with_vocabulary_file("a", str(path), num_oov_buckets=1, default_value=2)
    with pytest.raises(ValueError, match="Items of feature_columns must be a _DenseColumn"):
        fc.input_layer({"a": tf.constant([["x"]])}, [fc.categorical_column_with_hash_bucket("a", 3)])


def test_a_linear_classifier_trains_on_hashed_and_crossed_columns(tmp_path):
    cities = np.array([["sf"], ["la"], ["nyc"], ["sf"], ["la"], ["nyc"]] * 10)
    ages = np.array([[20.0], [40.0], [70.0], [70.0], [20.0], [40.0]] * 10, np.float32)
    labels = np.array([1, 0, 1, 0, 1, 0] * 10, np.int64)
    age = fc.bucketized_column(fc.numeric_column("age"), [30, 60])
    columns = [fc.categorical_column_with_hash_bucket("city", 20), age, fc.crossed_column(["city", age], 50)]
    est = tf.estimator.LinearClassifier(columns, model_dir=str(tmp_path))
    input_fn = tf.estimator.inputs.numpy_input_fn({"city": cities, "age": ages}, labels, batch_size=60,
                                                  num_epochs=None, shuffle=False)
    est.train(input_fn, steps=100)
    eval_fn = tf.estimator.inputs.numpy_input_fn({"city": cities, "age": ages}, labels, batch_size=60,
                                                 num_epochs=1, shuffle=False)
    assert est.evaluate(eval_fn)["accuracy"] == 1.0
