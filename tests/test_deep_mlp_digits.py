"""The proof of issue 16: a deep MLP as TF1 programs wrote it — He initialization, batch
normalization (moving averages through UPDATE_OPS), ELU or SELU, dropout, Adam, tf.losses —
reaches on scikit-learn's digits the accuracy a plain ReLU MLP trained by SGD reaches, in fewer
epochs. Seeds are fixed, so every run trains the same way."""
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


def _plain_mlp():
    X = tf.placeholder(tf.float32, (None, 64), name="X")
    y = tf.placeholder(tf.int32, (None,), name="y")
    hidden1 = tf.layers.dense(X, 300, activation=tf.nn.relu, name="hidden1")
    hidden2 = tf.layers.dense(hidden1, 100, activation=tf.nn.relu, name="hidden2")
    logits = tf.layers.dense(hidden2, 10, name="outputs")
    loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
    return X, y, None, logits, tf.train.GradientDescentOptimizer(0.1).minimize(loss)


def _deep_mlp(activation):
    X = tf.placeholder(tf.float32, (None, 64), name="X")
    y = tf.placeholder(tf.int32, (None,), name="y")
    training = tf.placeholder_with_default(False, shape=(), name="training")
    # He initialization for ELU; LeCun (scale 1) for SELU.
    init = tf.variance_scaling_initializer(2.0 if activation is tf.nn.elu else 1.0)
    h = X
    for i in range(4):
        h = tf.layers.dense(h, 100, kernel_initializer=init, use_bias=False, name=f"hidden{i + 1}")
        h = tf.layers.batch_normalization(h, training=training, momentum=0.9, name=f"bn{i + 1}")
        h = tf.layers.dropout(activation(h), 0.1, training=training)
    logits = tf.layers.dense(h, 10, name="outputs")
    loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
    return X, y, training, logits, train_op


def _test_accuracy_per_epoch(build, epochs):
    tf.reset_default_graph()
    tf.set_random_seed(42)
    X_train, X_test, y_train, y_test = _digits()
    X, y, training, logits, train_op = build()
    accuracy = tf.reduce_mean(tf.cast(tf.nn.in_top_k(logits, y, 1), tf.float32))
    rng = np.random.default_rng(42)
    history = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(epochs):
            order = rng.permutation(len(X_train))
            for start in range(0, len(X_train), 50):
                idx = order[start:start + 50]
                feed = {X: X_train[idx], y: y_train[idx]}
                if training is not None:
                    feed[training] = True
                sess.run(train_op, feed)
            history.append(sess.run(accuracy, {X: X_test, y: y_test}))  # inference mode: moving averages
    return history


def test_deep_mlp_with_batch_norm_reaches_the_plain_mlp_accuracy_in_fewer_epochs():
    plain = _test_accuracy_per_epoch(_plain_mlp, 10)
    deep = _test_accuracy_per_epoch(lambda: _deep_mlp(tf.nn.elu), 6)
    target = plain[-1]
    assert target > 0.94  # the plain MLP does learn in 10 epochs
    plain_epochs = next(i for i, a in enumerate(plain) if a >= 0.95) + 1
    deep_epochs = next(i for i, a in enumerate(deep) if a >= 0.95) + 1
    assert deep_epochs < plain_epochs, (deep, plain)
    assert max(deep) >= target, (deep, plain)


def test_selu_network_with_batch_norm_trains_fast_too():
    deep = _test_accuracy_per_epoch(lambda: _deep_mlp(tf.nn.selu), 4)
    assert max(deep) >= 0.95, deep
