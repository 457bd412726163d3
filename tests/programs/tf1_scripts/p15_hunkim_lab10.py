# ruff: noqa  -- kept as the original authors wrote it (lambdas, late imports)
# hunkim/DeepLearningZeroToAll lab-10-5 (mnist_nn_dropout), digits instead of MNIST.
import random

import numpy as np
from sklearn.datasets import load_digits

import jupyter_flow as tf

tf.set_random_seed(777)  # reproducibility
random.seed(777)

digits = load_digits()
images = (digits.data / 16.0).astype(np.float32)
labels = np.eye(10, dtype=np.float32)[digits.target]

learning_rate = 0.001
training_epochs = 10
batch_size = 100

keep_prob = tf.placeholder(tf.float32)

X = tf.placeholder(tf.float32, [None, 64])
Y = tf.placeholder(tf.float32, [None, 10])

W1 = tf.get_variable("W1", shape=[64, 128], initializer=tf.contrib.layers.xavier_initializer())
b1 = tf.Variable(tf.random_normal([128]))
L1 = tf.nn.relu(tf.matmul(X, W1) + b1)
L1 = tf.nn.dropout(L1, keep_prob=keep_prob)

W2 = tf.get_variable("W2", shape=[128, 128], initializer=tf.contrib.layers.xavier_initializer())
b2 = tf.Variable(tf.random_normal([128]))
L2 = tf.nn.relu(tf.matmul(L1, W2) + b2)
L2 = tf.nn.dropout(L2, keep_prob=keep_prob)

W5 = tf.get_variable("W5", shape=[128, 10], initializer=tf.contrib.layers.xavier_initializer())
b5 = tf.Variable(tf.random_normal([10]))
hypothesis = tf.matmul(L2, W5) + b5

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=hypothesis, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(cost)

sess = tf.Session()
sess.run(tf.global_variables_initializer())

train_x, train_y = images[:1500], labels[:1500]
test_x, test_y = images[1500:], labels[1500:]
costs = []
for epoch in range(training_epochs):
    avg_cost = 0
    total_batch = int(len(train_x) / batch_size)
    for i in range(total_batch):
        batch_xs = train_x[i * batch_size:(i + 1) * batch_size]
        batch_ys = train_y[i * batch_size:(i + 1) * batch_size]
        feed_dict = {X: batch_xs, Y: batch_ys, keep_prob: 0.7}
        c, _ = sess.run([cost, optimizer], feed_dict=feed_dict)
        avg_cost += c / total_batch
    costs.append(avg_cost)
    print('Epoch:', '%04d' % (epoch + 1), 'cost =', '{:.9f}'.format(avg_cost))

print('Learning Finished!')

correct_prediction = tf.equal(tf.argmax(hypothesis, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
acc = sess.run(accuracy, feed_dict={X: test_x, Y: test_y, keep_prob: 1})
print('Accuracy:', acc)

r = random.randint(0, len(test_x) - 1)
print("Label: ", sess.run(tf.argmax(test_y[r:r + 1], 1)))
print("Prediction: ", sess.run(tf.argmax(hypothesis, 1), feed_dict={X: test_x[r:r + 1], keep_prob: 1}))
assert acc > 0.75 and costs[-1] < 0.5 * costs[0], (acc, costs)
