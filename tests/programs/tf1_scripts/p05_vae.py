# ruff: noqa  -- kept as the original authors wrote it (lambdas, late imports)
# Hands-On ML 1st ed. ch. 15: variational autoencoder.
import numpy as np
from functools import partial
from sklearn.datasets import load_digits

import jupyter_flow as tf

digits = load_digits()
X_train = (digits.data / 16.0).astype(np.float32)

tf.reset_default_graph()
tf.set_random_seed(42)

n_inputs = 64
n_hidden1 = 50
n_hidden2 = 30
n_hidden3 = 10  # codings
n_hidden4 = n_hidden2
n_hidden5 = n_hidden1
n_outputs = n_inputs
learning_rate = 0.001

initializer = tf.contrib.layers.variance_scaling_initializer()

my_dense_layer = partial(
    tf.layers.dense,
    activation=tf.nn.elu,
    kernel_initializer=initializer)

X = tf.placeholder(tf.float32, [None, n_inputs])
hidden1 = my_dense_layer(X, n_hidden1)
hidden2 = my_dense_layer(hidden1, n_hidden2)
hidden3_mean = my_dense_layer(hidden2, n_hidden3, activation=None)
hidden3_gamma = my_dense_layer(hidden2, n_hidden3, activation=None)
noise = tf.random_normal(tf.shape(hidden3_gamma), dtype=tf.float32)
hidden3 = hidden3_mean + tf.exp(0.5 * hidden3_gamma) * noise
hidden4 = my_dense_layer(hidden3, n_hidden4)
hidden5 = my_dense_layer(hidden4, n_hidden5)
logits = my_dense_layer(hidden5, n_outputs, activation=None)
outputs = tf.sigmoid(logits)

xentropy = tf.nn.sigmoid_cross_entropy_with_logits(labels=X, logits=logits)
reconstruction_loss = tf.reduce_sum(xentropy)
latent_loss = 0.5 * tf.reduce_sum(
    tf.exp(hidden3_gamma) + tf.square(hidden3_mean) - 1 - hidden3_gamma)
loss = reconstruction_loss + latent_loss

optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
training_op = optimizer.minimize(loss)

init = tf.global_variables_initializer()
saver = tf.train.Saver()

n_digits = 6
n_epochs = 15
batch_size = 150

with tf.Session() as sess:
    init.run()
    losses = []
    for epoch in range(n_epochs):
        n_batches = len(X_train) // batch_size
        for iteration in range(n_batches):
            X_batch = X_train[iteration * batch_size:(iteration + 1) * batch_size]
            sess.run(training_op, feed_dict={X: X_batch})
        loss_val, reconstruction_loss_val, latent_loss_val = sess.run(
            [loss, reconstruction_loss, latent_loss], feed_dict={X: X_batch})
        losses.append(loss_val)
        print("\r{}".format(epoch), "Train total loss:", loss_val,
              "\tReconstruction loss:", reconstruction_loss_val,
              "\tLatent loss:", latent_loss_val)

    codings_rnd = np.random.normal(size=[n_digits, n_hidden3])
    outputs_val = outputs.eval(feed_dict={hidden3: codings_rnd})

assert outputs_val.shape == (n_digits, n_inputs)
assert ((outputs_val >= 0) & (outputs_val <= 1)).all()
assert losses[-1] < 0.8 * losses[0], losses
