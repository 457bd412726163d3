"""Reusing a trained model's layers as TF1 programs did: import_meta_graph with user collections,
get_tensor_by_name / get_operation_by_name, a new output layer trained with the lower layers frozen
(var_list), tf.stop_gradient, and training the top layer on cached lower-layer outputs fed in place of
the layer. Expected values from TF 1.x (tf.compat.v1) running the same program."""
import os

import numpy as np
import pytest

import jupyter_flow as tf

X_DATA = np.array([[0.5, -1.0], [1.5, 2.0], [-0.3, 0.8], [2.0, -0.5]], np.float32)
Y_DATA = np.array([0, 1, 1, 0], np.int64)


def _dense(x, units, kernel, name, relu=False):
    with tf.variable_scope(name):
        k = tf.get_variable("kernel", initializer=np.asarray(kernel, np.float32))
        b = tf.get_variable("bias", initializer=np.zeros(units, np.float32))
        z = tf.add(tf.matmul(x, k), b, name="BiasAdd")
        return tf.nn.relu(z, name="Relu") if relu else z


def _loss(labels, logits, name=None):
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits), name=name)


@pytest.fixture
def pretrained(tmp_path):
    """A 2-3-2-2 network trained 5 steps and saved, with its key ops in 'my_important_ops'."""
    X = tf.placeholder(tf.float32, [None, 2], name="X")
    y = tf.placeholder(tf.int64, [None], name="y")
    h1 = _dense(X, 3, [[0.2, -0.4, 0.6], [0.5, 0.1, -0.3]], "hidden1", relu=True)
    h2 = _dense(h1, 2, [[0.3, -0.2], [0.7, 0.4], [-0.5, 0.9]], "hidden2", relu=True)
    logits = _dense(h2, 2, [[1.0, -1.0], [-0.5, 0.5]], "outputs")
    loss = _loss(y, logits, name="loss")
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss, name="training_op")
    for op in (X, y, loss, train_op):
        tf.add_to_collection("my_important_ops", op)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            sess.run(train_op, {X: X_DATA, y: Y_DATA})
        assert sess.run(loss, {X: X_DATA, y: Y_DATA}) == pytest.approx(0.6574686, rel=1e-5)
        saver.save(sess, os.path.join(tmp_path, "model.ckpt"))
    tf.reset_default_graph()
    return os.path.join(tmp_path, "model.ckpt")


def test_import_meta_graph_restores_user_collections(pretrained):
    saver = tf.train.import_meta_graph(pretrained + ".meta")
    X, y, loss, train_op = tf.get_collection("my_important_ops")
    assert [X.name, y.name, loss.name, train_op.name] == ["X:0", "y:0", "loss:0", "training_op"]
    graph = tf.get_default_graph()
    assert graph.get_operation_by_name("training_op") is train_op
    h2 = graph.get_tensor_by_name("hidden2/Relu:0")
    with tf.Session() as sess:
        saver.restore(sess, pretrained)
        assert sess.run(loss, {X: X_DATA, y: Y_DATA}) == pytest.approx(0.6574686, rel=1e-5)
        np.testing.assert_allclose(sess.run(h2, {X: X_DATA}), [[0, 0], [0, 0.90255898], [0, 0], [0, 0.36961967]],
                                   rtol=1e-5, atol=1e-7)
        sess.run(train_op, {X: X_DATA, y: Y_DATA})  # the restored training op keeps training


def test_new_output_layer_trains_with_lower_layers_frozen_by_var_list(pretrained):
    saver = tf.train.import_meta_graph(pretrained + ".meta")
    graph = tf.get_default_graph()
    X, y = graph.get_tensor_by_name("X:0"), graph.get_tensor_by_name("y:0")
    h2 = graph.get_tensor_by_name("hidden2/Relu:0")
    new_logits = _dense(h2, 3, [[0.1, 0.2, 0.3], [-0.3, 0.2, -0.1]], "new_outputs")
    new_loss = _loss(y, new_logits)
    train_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="hidden2|new_outputs")
    assert [v.name for v in train_vars] == ["hidden2/kernel:0", "hidden2/bias:0", "new_outputs/kernel:0",
                                            "new_outputs/bias:0"]
    new_train = tf.train.GradientDescentOptimizer(0.5).minimize(new_loss, var_list=train_vars)
    init_new = tf.variables_initializer([v for v in tf.global_variables() if v.name.startswith("new_outputs")])
    kernel1, kernel2 = graph.get_tensor_by_name("hidden1/kernel:0"), graph.get_tensor_by_name("hidden2/kernel:0")
    with tf.Session() as sess:
        saver.restore(sess, pretrained)
        sess.run(init_new)
        before = sess.run(kernel1)
        for _ in range(3):
            sess.run(new_train, {X: X_DATA, y: Y_DATA})
        np.testing.assert_array_equal(sess.run(kernel1), before)
        assert sess.run(new_loss, {X: X_DATA, y: Y_DATA}) == pytest.approx(0.8737916, rel=1e-5)
        np.testing.assert_allclose(sess.run(kernel2), [[0.04765245, 0.05801377], [0.66920716, 0.41539642],
                                                       [-0.54615378, 0.79374641]], rtol=1e-5)


def test_stop_gradient_and_cached_layer_outputs(pretrained):
    saver = tf.train.import_meta_graph(pretrained + ".meta")
    graph = tf.get_default_graph()
    X, y = graph.get_tensor_by_name("X:0"), graph.get_tensor_by_name("y:0")
    h1 = graph.get_tensor_by_name("hidden1/Relu:0")
    top = _dense(tf.stop_gradient(h1), 2, [[0.2, -0.1], [0.4, 0.3], [-0.2, 0.5]], "top")
    top_loss = _loss(y, top)
    assert tf.gradients(top_loss, [graph.get_tensor_by_name("hidden1/kernel:0")]) == [None]
    top_train = tf.train.GradientDescentOptimizer(0.5).minimize(
        top_loss, var_list=tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="top"))
    with tf.Session() as sess:
        saver.restore(sess, pretrained)
        sess.run(tf.variables_initializer([v for v in tf.global_variables() if v.name.startswith("top")]))
        cache = sess.run(h1, {X: X_DATA})  # the frozen layer's outputs, computed once
        for _ in range(4):
            sess.run(top_train, {h1: cache, y: Y_DATA})  # fed in place of the layer: hidden1 is not run
        assert sess.run(top_loss, {X: X_DATA, y: Y_DATA}) == pytest.approx(0.64467365, rel=1e-5)
        np.testing.assert_allclose(sess.run(graph.get_tensor_by_name("top/kernel:0")),
                                   [[0.08748057, 0.0125194], [0.38280034, 0.3171997], [-0.24719392, 0.54719388]],
                                   rtol=1e-5)
