"""tf.layers.dense / flatten / dropout: TF1's variable and op names, initializers, values."""
import numpy as np
import pytest

import jupyter_flow as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield


def _names(variables):
    return [v.name for v in variables]


def test_dense_layers_get_unique_tf1_variable_names():
    X = tf.placeholder(tf.float32, (None, 3))
    h = tf.layers.dense(X, 4)
    tf.layers.dense(h, 2)
    assert _names(tf.global_variables()) == ["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0"]
    assert _names(tf.trainable_variables()) == _names(tf.global_variables())


def test_named_layer_variables_ignore_name_scopes_but_ops_follow_them():
    X = tf.placeholder(tf.float32, (None, 3), name="X")
    with tf.name_scope("dnn"):
        hidden1 = tf.layers.dense(X, 5, name="hidden1", activation=tf.nn.relu)
        logits = tf.layers.dense(hidden1, 2, name="outputs")
    assert _names(tf.global_variables()) == ["hidden1/kernel:0", "hidden1/bias:0", "outputs/kernel:0", "outputs/bias:0"]
    assert hidden1.name == "dnn/hidden1/Relu:0"
    assert logits.name == "dnn/outputs/BiasAdd:0"
    assert tf.get_default_graph().get_operation_by_name("dnn/hidden1/MatMul").type == "MatMul"


def test_variable_scopes_prefix_layer_variables():
    X = tf.placeholder(tf.float32, (None, 3))
    with tf.variable_scope("net"):
        tf.layers.dense(X, 2, name="h")
    assert _names(tf.global_variables()) == ["net/h/kernel:0", "net/h/bias:0"]


def test_a_repeated_layer_name_gets_a_suffix_and_reuse_shares_the_variables():
    X = tf.placeholder(tf.float32, (None, 3))
    a = tf.layers.dense(X, 2, name="h")
    b = tf.layers.dense(X, 2, name="h")
    assert _names(tf.global_variables()) == ["h/kernel:0", "h/bias:0", "h_1/kernel:0", "h_1/bias:0"]
    c = tf.layers.dense(X, 2, name="h", reuse=True)
    assert len(tf.global_variables()) == 4
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        av, bv, cv = sess.run([a, b, c], {X: np.ones((1, 3))})
    np.testing.assert_array_equal(av, cv)
    assert not np.array_equal(av, bv)


def test_reuse_of_a_missing_layer_says_what_is_wrong():
    with pytest.raises(ValueError, match="does not exist"):
        tf.layers.dense(tf.placeholder(tf.float32, (None, 3)), 2, name="missing", reuse=True)


def test_dense_computes_activation_of_x_kernel_plus_bias():
    X = tf.placeholder(tf.float64, (None, 3))
    y = tf.layers.dense(X, 4, activation=tf.nn.relu, bias_initializer=tf.constant_initializer(0.5))
    x = np.random.default_rng(0).standard_normal((5, 3))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        kernel, bias, out = sess.run(["dense/kernel:0", "dense/bias:0", y], {X: x})
    assert kernel.dtype == np.float64 and kernel.shape == (3, 4)
    np.testing.assert_array_equal(bias, [0.5] * 4)
    np.testing.assert_allclose(out, np.maximum(x @ kernel + bias, 0), rtol=1e-12)


def test_dense_default_kernel_is_glorot_uniform():
    tf.layers.dense(tf.placeholder(tf.float32, (None, 300)), 100)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        kernel = sess.run("dense/kernel:0")
    limit = np.sqrt(6 / (300 + 100))
    assert kernel.min() >= -limit and kernel.max() <= limit
    assert kernel.std() == pytest.approx(limit / np.sqrt(3), rel=0.05)  # uniform's std


def test_dense_without_bias_and_not_trainable():
    tf.layers.dense(tf.placeholder(tf.float32, (None, 3)), 2, use_bias=False, trainable=False)
    assert _names(tf.global_variables()) == ["dense/kernel:0"]
    assert tf.trainable_variables() == []


def test_dense_kernel_regularizer_adds_a_regularization_loss_once():
    X = tf.placeholder(tf.float32, (None, 3))
    tf.layers.dense(X, 2, name="h", kernel_regularizer=lambda w: tf.reduce_sum(tf.abs(w)))
    tf.layers.dense(X, 2, name="h", reuse=True, kernel_regularizer=lambda w: tf.reduce_sum(tf.abs(w)))
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert len(losses) == 1
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        kernel, penalty = sess.run(["h/kernel:0", losses[0]])
    assert penalty == pytest.approx(np.abs(kernel).sum(), rel=1e-6)


def test_dense_needs_a_known_last_dimension_and_rank_two_or_more():
    with pytest.raises(ValueError, match="last dimension of the inputs to `Dense` should be defined"):
        tf.layers.dense(tf.placeholder(tf.float32, (None, None)), 2)
    with pytest.raises(ValueError, match=r"\[batch, \.\.\., features\]"):
        tf.layers.dense(tf.placeholder(tf.float32, (3,)), 2)


def test_dense_applies_the_kernel_to_the_last_axis_of_rank_three_inputs_as_tf1():
    # golbin's 10-RNN/03-Seq2Seq: tf.layers.dense over dynamic_rnn's [batch, time, units] outputs.
    # Values from tensorflow.compat.v1 (TF 2.21) for the same kernel, bias and inputs.
    x = tf.placeholder(tf.float32, [None, None, 3])
    y = tf.layers.dense(x, 2, activation=tf.nn.relu,
                        kernel_initializer=tf.constant_initializer([[1., -1.], [0.5, 2.], [-1., 0.25]]),
                        bias_initializer=tf.constant_initializer([0.1, -0.2]))
    assert y.shape.as_list() == [None, None, 2] and y.op.name == "dense/Relu"
    grad = tf.gradients(tf.reduce_sum(y), x)[0]
    feed = {x: np.arange(12, dtype=np.float32).reshape(2, 2, 3) / 4 - 1}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got, got_grad = sess.run([y, grad], feed)
    np.testing.assert_allclose(got, [[[0, 0], [0, 0.1125]], [[0, 1.05], [0.35, 1.9875]]], rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(got_grad, [[[0, 0, 0], [-1, 2, 0.25]], [[-1, 2, 0.25], [0, 2.5, -0.75]]], rtol=1e-6)


def test_flatten_keeps_the_batch_axis_and_shares_values():
    x = np.arange(24.0).reshape(2, 3, 4)
    X = tf.placeholder(tf.float64, (None, 3, 4))
    flat = tf.layers.flatten(X)
    assert flat.shape.as_list() == [None, 12]
    assert flat.op.name == "flatten/Flatten"
    grad = tf.gradients(flat * np.arange(12.0), [X])[0]
    with tf.Session() as sess:
        fv, gv = sess.run([flat, grad], {X: x})
    np.testing.assert_array_equal(fv, x.reshape(2, 12))
    np.testing.assert_array_equal(gv, np.broadcast_to(np.arange(12.0), (2, 12)).reshape(2, 3, 4))


def test_flatten_channels_first_matches_channels_last_order():
    x = np.arange(24.0).reshape(2, 3, 4)  # [batch, channels, width]
    flat = tf.layers.flatten(x, data_format="channels_first")
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(flat), x.transpose(0, 2, 1).reshape(2, 12))


def test_layers_dropout_only_drops_while_training():
    training = tf.placeholder(tf.bool, ())
    y = tf.layers.dropout(tf.ones([2000]), rate=0.5, training=training)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {training: False}), np.ones(2000))
        dropped = sess.run(y, {training: True})
    assert set(np.unique(dropped)) == {0.0, 2.0}
    assert tf.layers.dropout(tf.ones([3]), training=False).op.type == "Identity"


def test_building_a_model_again_under_a_reusing_scope_shares_its_layers():
    X = tf.placeholder(tf.float32, (None, 3))

    def build():
        return tf.layers.dense(tf.layers.dense(X, 4, name="h1"), 2)

    with tf.variable_scope("model"):
        first = build()
    with tf.variable_scope("model", reuse=True):
        second = build()
    assert _names(tf.global_variables()) == ["model/h1/kernel:0", "model/h1/bias:0", "model/dense/kernel:0",
                                             "model/dense/bias:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        a, b = sess.run([first, second], {X: np.ones((2, 3))})
    np.testing.assert_array_equal(a, b)
