# ruff: noqa  -- written the way the TF1 tutorials write it
# After hunkim/DeepLearningZeroToAll lab-09-x (XOR back-prop by hand, MIT licence): the chain rule
# written out with tf.matmul/tf.transpose/tf.shape/tf.cast, the update as a list of tf.assign ops,
# checked against tf.gradients of the same cost; a wider hidden layer than the lab's 2 units so the
# result does not hinge on the random start.
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)
learning_rate = 0.5
x_data = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
y_data = np.array([[0], [1], [1], [0]], dtype=np.float32)

X = tf.placeholder(tf.float32, [None, 2])
Y = tf.placeholder(tf.float32, [None, 1])
W1 = tf.Variable(tf.random_normal([2, 8]), name='weight1')
b1 = tf.Variable(tf.random_normal([8]), name='bias1')
l1 = tf.sigmoid(tf.matmul(X, W1) + b1)
W2 = tf.Variable(tf.random_normal([8, 1]), name='weight2')
b2 = tf.Variable(tf.random_normal([1]), name='bias2')
Y_pred = tf.sigmoid(tf.matmul(l1, W2) + b2)
cost = -tf.reduce_mean(Y * tf.log(Y_pred) + (1 - Y) * tf.log(1 - Y_pred))

# d cost / d logit of the output sigmoid is (Y_pred - Y) for the mean cross-entropy
d_a2 = Y_pred - Y
d_W2 = tf.matmul(tf.transpose(l1), d_a2) / tf.cast(tf.shape(l1)[0], dtype=tf.float32)
d_b2 = tf.reduce_mean(d_a2, axis=[0])
d_l1 = tf.matmul(d_a2, tf.transpose(W2))
d_a1 = d_l1 * (l1 * (1 - l1))
d_W1 = tf.matmul(tf.transpose(X), d_a1) / tf.cast(tf.shape(X)[0], dtype=tf.float32)
d_b1 = tf.reduce_mean(d_a1, axis=[0])
auto_grads = tf.gradients(cost, [W1, b1, W2, b2])

step = [
    tf.assign(W2, W2 - learning_rate * d_W2),
    tf.assign(b2, b2 - learning_rate * d_b2),
    tf.assign(W1, W1 - learning_rate * d_W1),
    tf.assign(b1, b1 - learning_rate * d_b1),
]
predicted = tf.cast(Y_pred > 0.5, dtype=tf.float32)
accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, Y), dtype=tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("shape", sess.run(tf.shape(X)[0], feed_dict={X: x_data}))
    mine = sess.run([d_W1, d_b1, d_W2, d_b2], feed_dict={X: x_data, Y: y_data})
    theirs = sess.run(auto_grads, feed_dict={X: x_data, Y: y_data})
    for m, t in zip(mine, theirs):
        np.testing.assert_allclose(m, t, rtol=1e-4, atol=1e-6)
    costs = []
    for i in range(3001):
        sess.run(step, feed_dict={X: x_data, Y: y_data})
        if i % 500 == 0:
            costs.append(sess.run(cost, feed_dict={X: x_data, Y: y_data}))
            print(i, costs[-1])
    h, c, a = sess.run([Y_pred, predicted, accuracy], feed_dict={X: x_data, Y: y_data})
    print("\nHypothesis: ", h, "\nCorrect: ", c, "\nAccuracy: ", a)

assert a == 1.0 and costs[-1] < 0.1, (a, costs)
