"""Estimator(warm_start_from=...) and tf.train.warm_start: a new model trained from scratch starts
from another model's checkpoint (all trainable variables by default, a regex, a list of regexes over
global variables, renames), and a model_dir that already has a checkpoint ignores it, as TF1."""
import numpy as np
import pytest

import jupyter_flow as tf

fc = tf.feature_column
X = np.linspace(-1, 1, 40, dtype=np.float32).reshape(-1, 1)
Y = (X[:, 0] > 0).astype(np.int64)


def _train_fn():
    return tf.estimator.inputs.numpy_input_fn({"x": X}, Y, batch_size=40, num_epochs=None, shuffle=False)


def _dnn(model_dir, **kwargs):
    return tf.estimator.DNNClassifier([3], [fc.numeric_column("x")], model_dir=str(model_dir), **kwargs)


def _trained(tmp_path):
    first = _dnn(tmp_path / "first")
    first.train(_train_fn(), steps=5)
    return first


def test_warm_start_from_a_model_dir_copies_every_trainable_variable(tmp_path):
    first = _trained(tmp_path)
    second = _dnn(tmp_path / "second", warm_start_from=str(tmp_path / "first"))
    second.train(_train_fn(), steps=1)
    kernel = "dnn/hiddenlayer_0/kernel"
    moved = second.get_variable_value(kernel) - first.get_variable_value(kernel)
    assert np.abs(moved).max() < 0.1  # one Adagrad step away from the first model, not a fresh init
    # global_step is not trainable: the new model counts from zero
    assert second.get_variable_value("global_step") == 1


def test_a_regex_limits_what_is_warm_started(tmp_path):
    first = _trained(tmp_path)
    settings = tf.estimator.WarmStartSettings(str(tmp_path / "first"), vars_to_warm_start="dnn/logits/.*")
    second = _dnn(tmp_path / "second", warm_start_from=settings, optimizer=tf.train.GradientDescentOptimizer(0.0))
    second.train(_train_fn(), steps=1)
    for name in ["dnn/logits/kernel", "dnn/logits/bias"]:
        np.testing.assert_array_equal(second.get_variable_value(name), first.get_variable_value(name))
    assert not np.array_equal(second.get_variable_value("dnn/hiddenlayer_0/kernel"),
                              first.get_variable_value("dnn/hiddenlayer_0/kernel"))


def test_an_existing_checkpoint_wins_over_warm_start(tmp_path):
    first = _trained(tmp_path)
    second = _dnn(tmp_path / "second", optimizer=tf.train.GradientDescentOptimizer(0.0))
    second.train(_train_fn(), steps=1)
    own = second.get_variable_value("dnn/logits/kernel")
    again = _dnn(tmp_path / "second", warm_start_from=str(tmp_path / "first"),
                 optimizer=tf.train.GradientDescentOptimizer(0.0))
    again.train(_train_fn(), steps=1)
    np.testing.assert_array_equal(again.get_variable_value("dnn/logits/kernel"), own)
    assert not np.array_equal(own, first.get_variable_value("dnn/logits/kernel"))


def test_tf_train_warm_start_with_renames_and_global_variable_lists(tmp_path):
    first = _trained(tmp_path)
    w = tf.get_variable("w", [1, 3])
    step = tf.get_variable("step", [], dtype=tf.int64, trainable=False, initializer=tf.zeros_initializer())
    tf.train.warm_start(str(tmp_path / "first"), vars_to_warm_start=["w", "step"],
                        var_name_to_prev_var_name={"w": "dnn/hiddenlayer_0/kernel", "step": "global_step"})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(w), first.get_variable_value("dnn/hiddenlayer_0/kernel"))
        assert sess.run(step) == 5
    with pytest.raises(ValueError, match="var_name_to_prev_var_name that were not used"):
        tf.train.warm_start(str(tmp_path / "first"), var_name_to_prev_var_name={"nope": "w"})
    with pytest.raises(ValueError, match="ckpt_to_initialize_from` MUST be set"):
        tf.estimator.WarmStartSettings("")
