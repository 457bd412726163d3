"""The canned estimators on sklearn's digits: they train, evaluate (TF1's metric keys) and predict
(TF1's prediction keys), with TF1's variable names."""
import numpy as np
import pytest

import jupyter_flow as tf


def _input(X, y=None, **kwargs):
    kwargs.setdefault("shuffle", False)
    return tf.estimator.inputs.numpy_input_fn({"X": X}, y, **kwargs)


def test_dnn_classifier_learns_digits(tmp_path, digits):
    X_train, y_train, X_test, y_test = digits
    columns = [tf.feature_column.numeric_column("X", shape=[64])]
    config = tf.estimator.RunConfig(tf_random_seed=42)
    dnn = tf.estimator.DNNClassifier(hidden_units=[64, 32], n_classes=10, feature_columns=columns,
                                     model_dir=str(tmp_path), config=config, optimizer="Adam")
    dnn.train(_input(X_train, y_train, batch_size=50, num_epochs=10, shuffle=True))
    assert dnn.get_variable_value("global_step") == 300  # 10 epochs of 30 batches: the input runs out
    names = dnn.get_variable_names()
    assert {"dnn/hiddenlayer_0/kernel", "dnn/hiddenlayer_0/bias", "dnn/hiddenlayer_1/kernel", "dnn/logits/kernel",
            "dnn/logits/bias", "global_step"} <= set(names)
    assert dnn.get_variable_value("dnn/hiddenlayer_0/kernel").shape == (64, 64)
    results = dnn.evaluate(_input(X_test, y_test))
    assert sorted(results) == ["accuracy", "average_loss", "global_step", "loss"]
    assert results["accuracy"] > 0.93 and results["average_loss"] < 0.3
    predictions = list(dnn.predict(_input(X_test)))
    assert len(predictions) == len(X_test)
    assert sorted(predictions[0]) == ["class_ids", "classes", "logits", "probabilities"]
    class_ids = np.array([p["class_ids"][0] for p in predictions])
    assert np.mean(class_ids == y_test) == pytest.approx(results["accuracy"], abs=1e-6)
    assert predictions[0]["classes"][0] == str(class_ids[0]).encode()
    assert predictions[0]["probabilities"].sum() == pytest.approx(1.0, rel=1e-5)


def test_linear_classifier_binary_metrics(tmp_path, digits):
    X_train, y_train, X_test, y_test = digits
    train_mask, test_mask = y_train < 2, y_test < 2
    linear = tf.estimator.LinearClassifier(feature_columns=[tf.feature_column.numeric_column("X", shape=[64])],
                                           model_dir=str(tmp_path))
    linear.train(_input(X_train[train_mask], y_train[train_mask], batch_size=32, num_epochs=5, shuffle=True))
    assert "linear/linear_model/X/weights" in linear.get_variable_names()
    assert linear.get_variable_value("linear/linear_model/bias_weights").shape == (1,)
    results = linear.evaluate(_input(X_test[test_mask], y_test[test_mask]))
    assert sorted(results) == ["accuracy", "accuracy_baseline", "auc", "auc_precision_recall", "average_loss",
                               "global_step", "label/mean", "loss", "precision", "prediction/mean", "recall"]
    assert results["auc"] > 0.99 and results["auc_precision_recall"] > 0.99
    assert results["accuracy"] > 0.97 and results["precision"] > 0.95 and results["recall"] > 0.95
    assert results["label/mean"] == pytest.approx(np.mean(y_test[test_mask]), rel=1e-5)
    assert results["accuracy_baseline"] == pytest.approx(max(results["label/mean"], 1 - results["label/mean"]))
    p = next(linear.predict(_input(X_test[test_mask][:1])))
    assert sorted(p) == ["class_ids", "classes", "logistic", "logits", "probabilities"]
    assert p["probabilities"][1] == pytest.approx(p["logistic"][0], rel=1e-5)


@pytest.mark.parametrize("make", [
    lambda cols, d: tf.estimator.DNNRegressor(hidden_units=[16], feature_columns=cols, model_dir=d, optimizer="Adam"),
    lambda cols, d: tf.estimator.LinearRegressor(feature_columns=cols, model_dir=d)])
def test_regressors_fit_a_line(tmp_path, make):
    rng = np.random.RandomState(0)
    x = rng.uniform(-1, 1, size=(200, 2)).astype(np.float32)
    y = (x @ np.array([[1.5], [-2.0]], np.float32) + 0.3).astype(np.float32)
    est = make([tf.feature_column.numeric_column("X", shape=[2])], str(tmp_path))
    est.train(_input(x, y, batch_size=20, num_epochs=None, shuffle=True), steps=400)
    results = est.evaluate(_input(x, y))
    assert sorted(results) == ["average_loss", "global_step", "label/mean", "loss", "prediction/mean"]
    assert results["average_loss"] < 0.05 and results["global_step"] == 400
    p = next(est.predict(_input(x[:1])))
    assert sorted(p) == ["predictions"] and p["predictions"][0] == pytest.approx(float(y[0, 0]), abs=0.3)


def test_canned_argument_errors(tmp_path):
    cols = [tf.feature_column.numeric_column("X")]
    with pytest.raises(ValueError, match="n_classes must be > 1"):
        tf.estimator.DNNClassifier([3], cols, n_classes=1)
    with pytest.raises(ValueError, match="Unsupported optimizer name: Nope"):
        dnn = tf.estimator.DNNClassifier([3], cols, model_dir=str(tmp_path), optimizer="Nope")
        dnn.train(_input(np.zeros((4, 1), np.float32), np.zeros(4, np.int64)), steps=1)
