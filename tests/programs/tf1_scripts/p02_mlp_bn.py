# ruff: noqa  -- kept as the original authors wrote it (lambdas, late imports)
# Hands-On ML 1st ed. ch. 11: batch normalization + dropout with tf.layers, UPDATE_OPS, Saver.
import numpy as np
from functools import partial
from sklearn.datasets import load_digits

import jupyter_flow as tf

digits = load_digits()
X_all = (digits.data / 16.0).astype(np.float32)
y_all = digits.target.astype(np.int32)
X_train, y_train = X_all[:1500], y_all[:1500]
X_test, y_test = X_all[1500:], y_all[1500:]


def reset_graph(seed=42):
    tf.reset_default_graph()
    tf.set_random_seed(seed)
    np.random.seed(seed)


reset_graph()

n_inputs = 64
n_hidden1 = 100
n_hidden2 = 50
n_outputs = 10

X = tf.placeholder(tf.float32, shape=(None, n_inputs), name="X")
y = tf.placeholder(tf.int32, shape=(None), name="y")
training = tf.placeholder_with_default(False, shape=(), name='training')

dropout_rate = 0.2
X_drop = tf.layers.dropout(X, dropout_rate, training=training)

my_batch_norm_layer = partial(tf.layers.batch_normalization, training=training, momentum=0.9)

with tf.name_scope("dnn"):
    hidden1 = tf.layers.dense(X_drop, n_hidden1, name="hidden1")
    bn1 = my_batch_norm_layer(hidden1)
    bn1_act = tf.nn.elu(bn1)
    hidden1_drop = tf.layers.dropout(bn1_act, dropout_rate, training=training)
    hidden2 = tf.layers.dense(hidden1_drop, n_hidden2, name="hidden2")
    bn2 = my_batch_norm_layer(hidden2)
    bn2_act = tf.nn.elu(bn2)
    logits_before_bn = tf.layers.dense(bn2_act, n_outputs, name="outputs")
    logits = my_batch_norm_layer(logits_before_bn)

with tf.name_scope("loss"):
    xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
    loss = tf.reduce_mean(xentropy, name="loss")

learning_rate = 0.01
with tf.name_scope("train"):
    optimizer = tf.train.MomentumOptimizer(learning_rate, momentum=0.9)
    extra_update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(extra_update_ops):
        training_op = optimizer.minimize(loss)

with tf.name_scope("eval"):
    correct = tf.nn.in_top_k(logits, y, 1)
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

init = tf.global_variables_initializer()
saver = tf.train.Saver()

n_epochs = 10
batch_size = 50


def shuffle_batch(X, y, batch_size):
    rnd_idx = np.random.permutation(len(X))
    n_batches = len(X) // batch_size
    for batch_idx in np.array_split(rnd_idx, n_batches):
        X_batch, y_batch = X[batch_idx], y[batch_idx]
        yield X_batch, y_batch


import os, tempfile
save_path_dir = tempfile.mkdtemp()
with tf.Session() as sess:
    init.run()
    for epoch in range(n_epochs):
        for X_batch, y_batch in shuffle_batch(X_train, y_train, batch_size):
            sess.run(training_op, feed_dict={training: True, X: X_batch, y: y_batch})
        accuracy_val = accuracy.eval(feed_dict={X: X_test, y: y_test})
        print(epoch, "Test accuracy:", accuracy_val)
    save_path = saver.save(sess, os.path.join(save_path_dir, "my_model_final.ckpt"))

print([v.name for v in tf.global_variables()][:8])
moving = [v for v in tf.global_variables() if "moving_mean" in v.name]
assert len(moving) == 3, moving

with tf.Session() as sess:
    saver.restore(sess, save_path)
    acc = accuracy.eval(feed_dict={X: X_test, y: y_test})
    mm = sess.run(moving[0])
print("restored acc", acc)
assert acc > 0.85, acc
assert np.abs(mm).sum() > 0.0
