"""DNNLinearCombinedClassifier / Regressor (wide & deep, the TF1 census tutorial's model): the linear
part over crossed and hashed columns in linear/, the DNN over embeddings in dnn/, each trained by
its own optimizer (FTRL and Adagrad), one global step per train step."""
import numpy as np
import pytest

import jupyter_flow as tf

fc = tf.feature_column


def _census_like():
    rng = np.random.RandomState(0)
    n = 240
    city = rng.choice(["sf", "la", "nyc", "sea"], size=(n, 1))
    age = rng.uniform(18, 80, size=(n, 1)).astype(np.float32)
    label = ((city[:, 0] == "sf") ^ (age[:, 0] > 50)).astype(np.int64)
    return {"city": city, "age": age}, label


def _columns():
    city = fc.categorical_column_with_hash_bucket("city", 16)
    age = fc.bucketized_column(fc.numeric_column("age"), [30, 50, 65])
    wide = [city, age, fc.crossed_column(["city", age], 64)]
    deep = [fc.embedding_column(city, 4), fc.numeric_column("age")]
    return wide, deep


def test_wide_and_deep_classifier_trains_both_parts_with_tf1_names(tmp_path):
    features, labels = _census_like()
    wide, deep = _columns()
    est = tf.estimator.DNNLinearCombinedClassifier(model_dir=str(tmp_path), linear_feature_columns=wide,
                                                   dnn_feature_columns=deep, dnn_hidden_units=[8],
                                                   linear_optimizer=tf.train.FtrlOptimizer(0.5),
                                                   dnn_optimizer=tf.train.AdagradOptimizer(0.1))
    train_fn = tf.estimator.inputs.numpy_input_fn(features, labels, batch_size=240, num_epochs=None, shuffle=False)
    est.train(train_fn, steps=60)
    names = est.get_variable_names()
    for name in ["global_step", "dnn/hiddenlayer_0/kernel", "dnn/logits/bias",
                 "dnn/input_from_feature_columns/input_layer/city_embedding/embedding_weights",
                 "linear/linear_model/age_bucketized_X_city/weights", "linear/linear_model/bias_weights",
                 "linear/linear_model/city/weights", "dnn/hiddenlayer_0/kernel/Adagrad",
                 "linear/linear_model/city/weights/Ftrl"]:
        assert name in names
    assert "dnn/hiddenlayer_0/kernel/Ftrl" not in names and "linear/linear_model/city/weights/Adagrad" not in names
    assert est.get_variable_value("global_step") == 60
    eval_fn = tf.estimator.inputs.numpy_input_fn(features, labels, batch_size=240, num_epochs=1, shuffle=False)
    assert est.evaluate(eval_fn)["accuracy"] > 0.9


def test_either_part_alone_and_the_regressor(tmp_path):
    features, labels = _census_like()
    wide, deep = _columns()
    train_fn = tf.estimator.inputs.numpy_input_fn(features, labels.astype(np.float32), batch_size=60,
                                                  num_epochs=None, shuffle=False)
    linear_only = tf.estimator.DNNLinearCombinedRegressor(model_dir=str(tmp_path / "w"), linear_feature_columns=wide)
    linear_only.train(train_fn, steps=3)
    assert not any(n.startswith("dnn/") for n in linear_only.get_variable_names())
    deep_only = tf.estimator.DNNLinearCombinedRegressor(model_dir=str(tmp_path / "d"), dnn_feature_columns=deep,
                                                        dnn_hidden_units=[4])
    deep_only.train(train_fn, steps=3)
    assert not any(n.startswith("linear/") for n in deep_only.get_variable_names())
    assert deep_only.get_variable_value("global_step") == 3


def test_combined_arguments_are_checked_as_tf1():
    wide, deep = _columns()
    with pytest.raises(ValueError, match="Either linear_feature_columns or dnn_feature_columns must be defined"):
        tf.estimator.DNNLinearCombinedClassifier()
    with pytest.raises(ValueError, match="dnn_hidden_units must be defined when dnn_feature_columns is specified"):
        tf.estimator.DNNLinearCombinedClassifier(dnn_feature_columns=deep)
