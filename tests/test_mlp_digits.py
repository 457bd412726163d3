"""The course's multi-layer perceptron: a 64-300-100-10 ReLU network built with tf.layers.dense
and trained with sparse_softmax_cross_entropy_with_logits on scikit-learn's bundled digits
(offline), by plain mini-batch gradient descent (tf.gradients + tf.assign_sub)."""
import numpy as np
import pytest

import jupyter_flow as tf

sklearn_datasets = pytest.importorskip("sklearn.datasets")
model_selection = pytest.importorskip("sklearn.model_selection")


def _digits():
    digits = sklearn_datasets.load_digits()
    X = (digits.data / 16.0).astype(np.float32)
    y = digits.target.astype(np.int32)
    return model_selection.train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)


def _mlp(n_inputs, n_hidden1, n_hidden2, n_outputs, learning_rate):
    X = tf.placeholder(tf.float32, shape=(None, n_inputs), name="X")
    y = tf.placeholder(tf.int32, shape=(None,), name="y")
    with tf.name_scope("dnn"):
        hidden1 = tf.layers.dense(X, n_hidden1, name="hidden1", activation=tf.nn.relu)
        hidden2 = tf.layers.dense(hidden1, n_hidden2, name="hidden2", activation=tf.nn.relu)
        logits = tf.layers.dense(hidden2, n_outputs, name="outputs")
    with tf.name_scope("loss"):
        xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
        loss = tf.reduce_mean(xentropy, name="loss")
    with tf.name_scope("train"):
        params = tf.trainable_variables()
        grads = tf.gradients(loss, params)
        training_op = tf.group(*[tf.assign_sub(p, learning_rate * g) for p, g in zip(params, grads)])
    with tf.name_scope("eval"):
        correct = tf.nn.in_top_k(logits, y, 1)
        accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    return X, y, loss, training_op, accuracy


def test_mlp_on_digits_reaches_over_95_percent_test_accuracy():
    tf.reset_default_graph()
    tf.set_random_seed(42)
    X_train, X_test, y_train, y_test = _digits()
    X, y, loss, training_op, accuracy = _mlp(64, 300, 100, 10, learning_rate=0.1)
    assert [v.name for v in tf.trainable_variables()] == [
        "hidden1/kernel:0", "hidden1/bias:0", "hidden2/kernel:0", "hidden2/bias:0",
        "outputs/kernel:0", "outputs/bias:0"]
    rng = np.random.default_rng(42)
    batch_size = 50
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        loss_before = sess.run(loss, {X: X_train, y: y_train})
        for epoch in range(30):
            order = rng.permutation(len(X_train))
            for start in range(0, len(X_train), batch_size):
                idx = order[start:start + batch_size]
                sess.run(training_op, {X: X_train[idx], y: y_train[idx]})
        loss_after = sess.run(loss, {X: X_train, y: y_train})
        test_accuracy = sess.run(accuracy, {X: X_test, y: y_test})
    assert loss_before > 2.0  # about log(10) for a fresh network
    assert loss_after < 0.05
    assert test_accuracy > 0.95
