"""tf.contrib.layers.optimize_loss: TF1's scope, learning-rate variable, clipping, summaries and errors."""
import numpy as np
import pytest

import jupyter_flow as tf


def _regression():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    y = tf.constant([[1.0], [2.0]])
    w = tf.get_variable("w", [2, 1], initializer=tf.constant_initializer([0.5, -0.5]))
    return w, tf.reduce_mean(tf.square(tf.matmul(x, w) - y))


def test_sgd_with_global_norm_clipping_trains_and_counts_steps():
    tf.reset_default_graph()
    w, loss = _regression()
    step = tf.train.get_or_create_global_step()
    train = tf.contrib.layers.optimize_loss(loss, step, 0.1, "SGD", clip_gradients=1.0)
    assert train.name == "OptimizeLoss/control_dependency:0"
    assert [i.name for i in train.op.control_inputs] == ["OptimizeLoss/train"]
    assert [v.name for v in tf.global_variables()] == ["w:0", "global_step:0", "OptimizeLoss/learning_rate:0"]
    assert [s.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)] == [
        "OptimizeLoss/global_norm/gradient_norm:0", "OptimizeLoss/loss:0",
        "OptimizeLoss/global_norm/clipped_gradient_norm:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [sess.run(train) for _ in range(3)]
        # each step: gradient of the mean squared error, clipped to global norm 1, times 0.1 (numpy)
        np.testing.assert_allclose(losses, [4.25, 2.8181812, 1.6849946], rtol=1e-5)
        np.testing.assert_allclose(sess.run(w).ravel(), [0.6701889, -0.25294667], rtol=1e-5)
        assert sess.run(step) == 3


def test_optimizer_given_as_class_instance_or_function():
    tf.reset_default_graph()
    _, loss = _regression()
    step = tf.train.get_or_create_global_step()
    adam = tf.contrib.layers.optimize_loss(loss, step, 0.01, "Adam", name="second", summaries=["loss"])
    assert adam.name == "second/control_dependency:0"
    assert "second/w/Adam:0" in [v.name for v in tf.global_variables()]
    tf.contrib.layers.optimize_loss(loss, step, 0.1, tf.train.AdagradOptimizer, name="cls")
    tf.contrib.layers.optimize_loss(loss, step, None, tf.train.GradientDescentOptimizer(0.1), name="inst")
    tf.contrib.layers.optimize_loss(loss, step, 0.1, lambda lr: tf.train.MomentumOptimizer(lr, 0.5), name="fn")


@pytest.mark.parametrize("kwargs, message", [
    (dict(optimizer="Nope"), "^Optimizer name should be one of \\[Adagrad, Adam, Ftrl, Momentum, RMSProp, SGD\\], "
                             "you provided Nope.$"),
    (dict(learning_rate=None), "^Learning rate is None, but should be specified if optimizer is string \\(SGD\\).$"),
    (dict(optimizer=3), "^Unrecognized optimizer: should be string"),
    (dict(summaries=["x"]), "^Summaries should be one of \\[learning_rate, loss, gradients, gradient_norm, "
                            "global_gradient_norm\\], you provided x.$"),
    (dict(learning_rate=1), "^Learning rate should be 0d Tensor or float. Got 1 of type <class 'int'>$"),
    (dict(clip_gradients=1), "^Unknown type <class 'int'> for clip_gradients$"),
])
def test_argument_errors_say_what_tf1_says(kwargs, message):
    tf.reset_default_graph()
    _, loss = _regression()
    args = dict(optimizer="SGD", learning_rate=0.1)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        tf.contrib.layers.optimize_loss(loss, tf.train.get_or_create_global_step(), **args)
