"""slim's (tf.contrib.framework's) variable helpers: variable/model_variable collections, the
queries by scope and suffix, get_variables_to_restore's include/exclude, and the checkpoint
assigners, with TF1 slim's names (conv1/weights, fc/BatchNorm/moving_mean ...)."""
import numpy as np
import pytest

import jupyter_flow as tf

slim = tf.contrib.slim


def _model():
    x = tf.placeholder(tf.float32, [None, 4, 4, 1])
    with slim.arg_scope([slim.conv2d, slim.fully_connected], weights_initializer=tf.ones_initializer()):
        net = slim.conv2d(x, 2, [3, 3], scope="conv1")
        net = slim.fully_connected(slim.flatten(net), 3, normalizer_fn=slim.batch_norm, scope="fc")
        logits = slim.fully_connected(net, 2, activation_fn=None, scope="logits")
    return x, logits


def _names(variables):
    return [v.op.name for v in variables]


def test_slim_model_names_as_tf1():
    tf.reset_default_graph()
    _model()
    assert _names(slim.get_model_variables()) == [
        "conv1/weights", "conv1/biases", "fc/weights", "fc/BatchNorm/beta", "fc/BatchNorm/moving_mean",
        "fc/BatchNorm/moving_variance", "logits/weights", "logits/biases"]
    assert _names(slim.get_trainable_variables("fc")) == ["fc/weights", "fc/BatchNorm/beta"]
    assert _names(slim.get_variables("conv1")) == ["conv1/weights", "conv1/biases"]
    assert _names(slim.get_variables(suffix="biases")) == ["conv1/biases", "logits/biases"]
    assert _names(slim.get_variables_by_name("weights")) == ["conv1/weights", "fc/weights", "logits/weights"]
    assert slim.get_unique_variable("fc/weights").op.name == "fc/weights"
    with pytest.raises(ValueError, match="Couldn't find variable nothing"):
        slim.get_unique_variable("nothing")


def test_get_variables_to_restore_include_and_exclude():
    tf.reset_default_graph()
    _model()
    assert _names(slim.get_variables_to_restore(exclude=["logits", "fc/BatchNorm"])) == [
        "conv1/weights", "conv1/biases", "fc/weights"]
    assert _names(slim.get_variables_to_restore(include=["fc"], exclude=["fc/BatchNorm/moving"])) == [
        "fc/weights", "fc/BatchNorm/beta"]
    assert len(slim.get_variables_to_restore()) == 8
    with pytest.raises(TypeError, match="exclude is provided but is not a list or a tuple"):
        slim.get_variables_to_restore(exclude="logits")
    assert tf.contrib.framework.get_variables_to_restore is slim.get_variables_to_restore


def test_variable_and_model_variable_collections_and_arg_scope():
    tf.reset_default_graph()
    with slim.arg_scope([slim.model_variable], regularizer=slim.l2_regularizer(0.5)):
        w = slim.model_variable("w", shape=[2], initializer=tf.constant_initializer(2.0))
    v = slim.variable("v", shape=[3], initializer=tf.zeros_initializer(), collections=["mine"])
    assert slim.get_model_variables() == [w]
    assert tf.get_collection("mine") == [v] and v not in tf.global_variables()
    local = slim.local_variable(0.0, name="counter")
    assert slim.get_local_variables() == [local] and local not in tf.trainable_variables()
    (penalty,) = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(penalty) == pytest.approx(0.5 * (4 + 4) / 2)


def test_assign_from_checkpoint_fn_restores_the_chosen_variables(tmp_path):
    tf.reset_default_graph()
    _model()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(tf.assign(slim.get_unique_variable("conv1/weights"), np.full([3, 3, 1, 2], 7.0)))
        sess.run(tf.assign(slim.get_unique_variable("logits/biases"), [5.0, 6.0]))
        path = tf.train.Saver().save(sess, str(tmp_path / "model.ckpt"))
    tf.reset_default_graph()
    _model()
    extra = tf.get_variable("not_in_checkpoint", shape=[1])
    init_fn = slim.assign_from_checkpoint_fn(path, slim.get_variables_to_restore(exclude=["logits"]) + [extra],
                                             ignore_missing_vars=True)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        init_fn(sess)
        np.testing.assert_array_equal(sess.run(slim.get_unique_variable("conv1/weights")), np.full([3, 3, 1, 2], 7.0))
        np.testing.assert_array_equal(sess.run(slim.get_unique_variable("logits/biases")), [0.0, 0.0])
        assign_op, feed = slim.assign_from_checkpoint(path, slim.get_variables("logits"))
        sess.run(assign_op, feed)
        np.testing.assert_array_equal(sess.run(slim.get_unique_variable("logits/biases")), [5.0, 6.0])
    with pytest.raises(ValueError, match="var_list cannot be empty"):
        slim.assign_from_checkpoint_fn(path, [])
    assert slim.assign_from_checkpoint_fn(path, [extra], ignore_missing_vars=True) is None
