# ruff: noqa  -- written the way the TF1 tutorials write it
# After hunkim/DeepLearningZeroToAll lab-06-2 (softmax zoo classifier, MIT licence): integer class
# column -> tf.one_hot -> reshape, labels passed as `tf.stop_gradient([Y_one_hot])` (rank 3 against
# rank-2 logits, which TF1 flattens to rows). Synthetic zoo: 16 yes/no traits from 7 noisy prototypes.
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)
rng = np.random.RandomState(777)
prototypes = rng.randint(0, 2, size=(7, 16))
kinds = rng.randint(0, 7, size=101)
flips = rng.rand(101, 16) < 0.05
x_data = np.abs(prototypes[kinds] - flips).astype(np.float32)
y_data = kinds.reshape(-1, 1).astype(np.float32)
print(x_data.shape, y_data.shape)

nb_classes = 7
X = tf.placeholder(tf.float32, [None, 16])
Y = tf.placeholder(tf.int32, [None, 1])
Y_one_hot = tf.one_hot(Y, nb_classes)
print("one_hot:", Y_one_hot)
assert Y_one_hot.shape.as_list() == [None, 1, 7]
Y_one_hot = tf.reshape(Y_one_hot, [-1, nb_classes])
print("reshape one_hot:", Y_one_hot)

W = tf.Variable(tf.random_normal([16, nb_classes]), name='weight')
b = tf.Variable(tf.random_normal([nb_classes]), name='bias')
logits = tf.matmul(X, W) + b
hypothesis = tf.nn.softmax(logits)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits,
                                                                 labels=tf.stop_gradient([Y_one_hot])))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.1).minimize(cost)

prediction = tf.argmax(hypothesis, 1)
correct_prediction = tf.equal(prediction, tf.argmax(Y_one_hot, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    history = []
    for step in range(1001):
        _, cost_val, acc_val = sess.run([optimizer, cost, accuracy], feed_dict={X: x_data, Y: y_data})
        history.append(cost_val)
        if step % 200 == 0:
            print("Step: {:5}\tCost: {:.3f}\tAcc: {:.2%}".format(step, cost_val, acc_val))
    pred = sess.run(prediction, feed_dict={X: x_data})
    for p, y in list(zip(pred, y_data.flatten()))[:5]:
        print("[{}] Prediction: {} True Y: {}".format(p == int(y), p, int(y)))

assert acc_val > 0.95 and history[-1] < 0.1 * history[0], (acc_val, history[0], history[-1])
