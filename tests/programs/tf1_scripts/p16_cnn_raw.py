# ruff: noqa  -- kept as the original authors wrote it (lambdas, late imports)
# aymericdamien/TensorFlow-Examples convolutional_network_raw.py (TF 1.x), digits 8x8.
from __future__ import division, print_function, absolute_import

import numpy as np
from sklearn.datasets import load_digits

import jupyter_flow as tf

digits = load_digits()
images = (digits.data / 16.0).astype(np.float32)
labels = np.eye(10, dtype=np.float32)[digits.target]

learning_rate = 0.001
num_steps = 200
batch_size = 64
display_step = 50

num_input = 64
num_classes = 10
dropout = 0.75

X = tf.placeholder(tf.float32, [None, num_input])
Y = tf.placeholder(tf.float32, [None, num_classes])
keep_prob = tf.placeholder(tf.float32)


def conv2d(x, W, b, strides=1):
    x = tf.nn.conv2d(x, W, strides=[1, strides, strides, 1], padding='SAME')
    x = tf.nn.bias_add(x, b)
    return tf.nn.relu(x)


def maxpool2d(x, k=2):
    return tf.nn.max_pool(x, ksize=[1, k, k, 1], strides=[1, k, k, 1], padding='SAME')


def conv_net(x, weights, biases, dropout):
    x = tf.reshape(x, shape=[-1, 8, 8, 1])
    conv1 = conv2d(x, weights['wc1'], biases['bc1'])
    conv1 = maxpool2d(conv1, k=2)
    conv2 = conv2d(conv1, weights['wc2'], biases['bc2'])
    conv2 = maxpool2d(conv2, k=2)
    fc1 = tf.reshape(conv2, [-1, weights['wd1'].get_shape().as_list()[0]])
    fc1 = tf.add(tf.matmul(fc1, weights['wd1']), biases['bd1'])
    fc1 = tf.nn.relu(fc1)
    fc1 = tf.nn.dropout(fc1, dropout)
    out = tf.add(tf.matmul(fc1, weights['out']), biases['out'])
    return out


weights = {
    'wc1': tf.Variable(tf.random_normal([3, 3, 1, 16], stddev=0.1)),
    'wc2': tf.Variable(tf.random_normal([3, 3, 16, 32], stddev=0.1)),
    'wd1': tf.Variable(tf.random_normal([2 * 2 * 32, 128], stddev=0.1)),
    'out': tf.Variable(tf.random_normal([128, num_classes], stddev=0.1))
}
biases = {
    'bc1': tf.Variable(tf.random_normal([16], stddev=0.1)),
    'bc2': tf.Variable(tf.random_normal([32], stddev=0.1)),
    'bd1': tf.Variable(tf.random_normal([128], stddev=0.1)),
    'out': tf.Variable(tf.random_normal([num_classes], stddev=0.1))
}

logits = conv_net(X, weights, biases, keep_prob)
prediction = tf.nn.softmax(logits)

loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op)

correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))

init = tf.global_variables_initializer()
rng = np.random.RandomState(0)
with tf.Session() as sess:
    sess.run(init)
    for step in range(1, num_steps + 1):
        idx = rng.randint(0, 1500, batch_size)
        batch_x, batch_y = images[idx], labels[idx]
        sess.run(train_op, feed_dict={X: batch_x, Y: batch_y, keep_prob: dropout})
        if step % display_step == 0 or step == 1:
            loss, acc = sess.run([loss_op, accuracy], feed_dict={X: batch_x, Y: batch_y, keep_prob: 1.0})
            print("Step " + str(step) + ", Minibatch Loss= " + "{:.4f}".format(loss) +
                  ", Training Accuracy= " + "{:.3f}".format(acc))
    print("Optimization Finished!")
    test_acc = sess.run(accuracy, feed_dict={X: images[1500:], Y: labels[1500:], keep_prob: 1.0})
    print("Testing Accuracy:", test_acc)
assert test_acc > 0.85, test_acc
