# ruff: noqa  -- kept as the original authors wrote it (lambdas, late imports)
# Hands-On ML 1st ed. ch. 15: stacked autoencoder with tied-free weights, fully_connected + l2_regularizer.
import numpy as np
from sklearn.datasets import load_digits

import jupyter_flow as tf
from jupyter_flow.contrib.layers import fully_connected

digits = load_digits()
X_train = (digits.data / 16.0).astype(np.float32)

tf.reset_default_graph()

n_inputs = 64
n_hidden1 = 32
n_hidden2 = 16  # codings
n_hidden3 = n_hidden1
n_outputs = n_inputs

learning_rate = 0.01
l2_reg = 0.0001

X = tf.placeholder(tf.float32, shape=[None, n_inputs])
with tf.contrib.framework.arg_scope(
        [fully_connected],
        activation_fn=tf.nn.elu,
        weights_initializer=tf.contrib.layers.variance_scaling_initializer(),
        weights_regularizer=tf.contrib.layers.l2_regularizer(l2_reg)):
    hidden1 = fully_connected(X, n_hidden1)
    hidden2 = fully_connected(hidden1, n_hidden2)  # codings
    hidden3 = fully_connected(hidden2, n_hidden3)
    outputs = fully_connected(hidden3, n_outputs, activation_fn=None)

reconstruction_loss = tf.reduce_mean(tf.square(outputs - X))  # MSE

reg_losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
loss = tf.add_n([reconstruction_loss] + reg_losses)

optimizer = tf.train.AdamOptimizer(learning_rate)
training_op = optimizer.minimize(loss)

init = tf.global_variables_initializer()

n_epochs = 20
batch_size = 150

with tf.Session() as sess:
    init.run()
    first = reconstruction_loss.eval(feed_dict={X: X_train})
    for epoch in range(n_epochs):
        n_batches = len(X_train) // batch_size
        for iteration in range(n_batches):
            X_batch = X_train[iteration * batch_size:(iteration + 1) * batch_size]
            sess.run(training_op, feed_dict={X: X_batch})
        mse = reconstruction_loss.eval(feed_dict={X: X_train})
    print("first", first, "final MSE", mse, "n reg", len(reg_losses))
    codings_val = hidden2.eval(feed_dict={X: X_train[:3]})
assert len(reg_losses) == 4
assert mse < 0.5 * first, (first, mse)
assert codings_val.shape == (3, 16)
