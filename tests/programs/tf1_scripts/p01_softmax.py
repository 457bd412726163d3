# ruff: noqa  -- kept as the original authors wrote it (lambdas, late imports)
# Official TF 1.x "MNIST For ML Beginners" (mnist_softmax.py), digits instead of MNIST.
import argparse
import sys

import numpy as np
from sklearn.datasets import load_digits

import jupyter_flow as tf

FLAGS = None


class DataSet(object):
    def __init__(self, images, labels):
        self._images = images
        self._labels = labels
        self._index = 0

    @property
    def images(self):
        return self._images

    @property
    def labels(self):
        return self._labels

    def next_batch(self, batch_size):
        if self._index + batch_size > len(self._images):
            perm = np.random.permutation(len(self._images))
            self._images = self._images[perm]
            self._labels = self._labels[perm]
            self._index = 0
        start = self._index
        self._index += batch_size
        return self._images[start:self._index], self._labels[start:self._index]


def read_data_sets():
    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    y = np.eye(10, dtype=np.float32)[digits.target]
    class D(object):
        pass
    d = D()
    d.train = DataSet(x[:1500], y[:1500])
    d.test = DataSet(x[1500:], y[1500:])
    return d


def main(_):
    mnist = read_data_sets()

    # Create the model
    x = tf.placeholder(tf.float32, [None, 64])
    W = tf.Variable(tf.zeros([64, 10]))
    b = tf.Variable(tf.zeros([10]))
    y = tf.matmul(x, W) + b

    # Define loss and optimizer
    y_ = tf.placeholder(tf.float32, [None, 10])
    cross_entropy = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
    train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

    sess = tf.InteractiveSession()
    tf.global_variables_initializer().run()
    # Train
    for _ in range(FLAGS.steps):
        batch_xs, batch_ys = mnist.train.next_batch(100)
        sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})

    # Test trained model
    correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    acc = sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels})
    print(acc)
    sess.close()
    assert acc > 0.85, acc


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--steps', type=int, default=300)
    FLAGS, unparsed = parser.parse_known_args()
    tf.app.run(main=main, argv=[sys.argv[0]] + unparsed)
