# ruff: noqa  -- written the way the TF1 tutorials write it
# After Hands-On ML 1st ed. chapter 9 (ageron/handson-ml, Apache-2.0): linear regression on scaled
# housing-like data four ways (normal equation with tf.matrix_inverse, hand-written gradients with
# tf.assign, tf.gradients, Momentum optimizer on placeholder mini-batches), Saver save ->
# import_meta_graph -> restore by tensor name, name_scope naming, and the chapter's shared ReLU
# threshold through variable_scope(reuse=...). Synthetic data instead of fetch_california_housing.
import os
import tempfile

import numpy as np
import tensorflow as tf


def reset_graph(seed=42):
    tf.reset_default_graph()
    tf.set_random_seed(seed)
    np.random.seed(seed)


rng = np.random.RandomState(42)
m, n = 2000, 8
data = rng.normal(size=(m, n)) * rng.uniform(0.5, 3.0, size=n) + rng.uniform(-2, 2, size=n)
target = data @ rng.normal(size=n) * 0.3 + 2.0 + rng.normal(scale=0.1, size=m)
mean, std = data.mean(axis=0), data.std(axis=0)
scaled_plus_bias = np.c_[np.ones((m, 1)), (data - mean) / std]
reference_theta = np.linalg.lstsq(scaled_plus_bias, target, rcond=None)[0].reshape(-1, 1)

# normal equation
reset_graph()
X = tf.constant(scaled_plus_bias, dtype=tf.float32, name="X")
y = tf.constant(target.reshape(-1, 1), dtype=tf.float32, name="y")
XT = tf.transpose(X)
theta = tf.matmul(tf.matmul(tf.matrix_inverse(tf.matmul(XT, X)), XT), y)
with tf.Session() as sess:
    theta_value = theta.eval()
np.testing.assert_allclose(theta_value, reference_theta, atol=2e-3)

# batch gradient descent: by hand, then with tf.gradients
for how in ("manual", "autodiff"):
    reset_graph()
    X = tf.constant(scaled_plus_bias, dtype=tf.float32, name="X")
    y = tf.constant(target.reshape(-1, 1), dtype=tf.float32, name="y")
    theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
    y_pred = tf.matmul(X, theta, name="predictions")
    error = y_pred - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
    if how == "manual":
        gradients = 2 / m * tf.matmul(tf.transpose(X), error)
    else:
        gradients = tf.gradients(mse, [theta])[0]
    training_op = tf.assign(theta, theta - 0.1 * gradients)
    init = tf.global_variables_initializer()
    with tf.Session() as sess:
        sess.run(init)
        for epoch in range(300):
            if epoch % 100 == 0:
                print(how, "Epoch", epoch, "MSE =", mse.eval())
            sess.run(training_op)
        best_theta = theta.eval()
    np.testing.assert_allclose(best_theta, reference_theta, atol=2e-2)

# mini-batch Momentum on placeholders, saved, then restored into an empty graph
reset_graph()
X = tf.placeholder(tf.float32, shape=(None, n + 1), name="X")
y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
y_pred = tf.matmul(X, theta, name="predictions")
with tf.name_scope("loss") as scope:
    error = y_pred - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
print(error.op.name, mse.op.name)
assert (error.op.name, mse.op.name) == ("loss/sub", "loss/mse")
training_op = tf.train.MomentumOptimizer(learning_rate=0.01, momentum=0.9).minimize(mse)
init = tf.global_variables_initializer()
saver = tf.train.Saver()
batch_size = 100
n_batches = int(np.ceil(m / batch_size))


def fetch_batch(epoch, batch_index, batch_size):
    np.random.seed(epoch * n_batches + batch_index)
    indices = np.random.randint(m, size=batch_size)
    return scaled_plus_bias[indices], target.reshape(-1, 1)[indices]


ckpt = os.path.join(tempfile.mkdtemp(), "my_model_final.ckpt")
with tf.Session() as sess:
    sess.run(init)
    for epoch in range(10):
        for batch_index in range(n_batches):
            X_batch, y_batch = fetch_batch(epoch, batch_index, batch_size)
            sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
    best_theta = theta.eval()
    save_path = saver.save(sess, ckpt)
np.testing.assert_allclose(best_theta, reference_theta, atol=2e-2)

reset_graph()
saver = tf.train.import_meta_graph(ckpt + ".meta")
theta = tf.get_default_graph().get_tensor_by_name("theta:0")
with tf.Session() as sess:
    saver.restore(sess, ckpt)
    best_theta_restored = theta.eval()
assert np.allclose(best_theta, best_theta_restored)

# name scopes
reset_graph()
a1 = tf.Variable(0, name="a")
a2 = tf.Variable(0, name="a")
with tf.name_scope("param"):
    a3 = tf.Variable(0, name="a")
with tf.name_scope("param"):
    a4 = tf.Variable(0, name="a")
names = [node.op.name for node in (a1, a2, a3, a4)]
print(names)
assert names == ["a", "a_1", "param/a", "param_1/a"]

# one threshold shared by five ReLUs
reset_graph()


def relu(X):
    with tf.variable_scope("relu"):
        threshold = tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
        w_shape = (int(X.get_shape()[1]), 1)
        w = tf.Variable(tf.random_normal(w_shape), name="weights")
        b = tf.Variable(0.0, name="bias")
        z = tf.add(tf.matmul(X, w), b, name="z")
        return tf.maximum(z, threshold, name="max")


X = tf.placeholder(tf.float32, shape=(None, 3), name="X")
with tf.variable_scope("", default_name="") as scope:
    first_relu = relu(X)
    scope.reuse_variables()
    relus = [first_relu] + [relu(X) for i in range(4)]
output = tf.add_n(relus, name="output")
thresholds = [v.op.name for v in tf.global_variables() if "threshold" in v.op.name]
print(thresholds, relus[1].op.name)
assert thresholds == ["relu/threshold"] and relus[1].op.name == "relu_1/max"
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    assert sess.run(output, feed_dict={X: np.ones((2, 3))}).shape == (2, 1)
