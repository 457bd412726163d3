# ruff: noqa  -- written the way the TF1 tutorials write it
# After hunkim/DeepLearningZeroToAll lab-12-2 / lab-12-4 (char-seq RNN, MIT licence): characters ->
# tf.one_hot -> two stacked BasicLSTMCells (MultiRNNCell) under tf.nn.dynamic_rnn -> contrib
# fully_connected over the flattened outputs -> contrib.seq2seq.sequence_loss, Adam; sliding windows
# of the sentence as the batch. Learns to predict each next character.
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)

sentence = "if you want to build a ship, teach them to long for the sea."
char_set = sorted(set(sentence))
char_dic = {w: i for i, w in enumerate(char_set)}

data_dim = len(char_set)
hidden_size = len(char_set)
num_classes = len(char_set)
sequence_length = 10
learning_rate = 0.1

dataX, dataY = [], []
for i in range(0, len(sentence) - sequence_length):
    x_str = sentence[i:i + sequence_length]
    y_str = sentence[i + 1: i + sequence_length + 1]
    dataX.append([char_dic[c] for c in x_str])
    dataY.append([char_dic[c] for c in y_str])
batch_size = len(dataX)

X = tf.placeholder(tf.int32, [None, sequence_length])
Y = tf.placeholder(tf.int32, [None, sequence_length])
X_one_hot = tf.one_hot(X, num_classes)
print(X_one_hot)


def lstm_cell():
    return tf.contrib.rnn.BasicLSTMCell(hidden_size, state_is_tuple=True)


multi_cells = tf.contrib.rnn.MultiRNNCell([lstm_cell() for _ in range(2)], state_is_tuple=True)
outputs, _states = tf.nn.dynamic_rnn(multi_cells, X_one_hot, dtype=tf.float32)

X_for_fc = tf.reshape(outputs, [-1, hidden_size])
outputs = tf.contrib.layers.fully_connected(X_for_fc, num_classes, activation_fn=None)
outputs = tf.reshape(outputs, [batch_size, sequence_length, num_classes])

weights = tf.ones([batch_size, sequence_length])
sequence_loss = tf.contrib.seq2seq.sequence_loss(logits=outputs, targets=Y, weights=weights)
mean_loss = tf.reduce_mean(sequence_loss)
train_op = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(mean_loss)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
losses = []
for i in range(100):
    _, l, results = sess.run([train_op, mean_loss, outputs], feed_dict={X: dataX, Y: dataY})
    losses.append(l)
    if i % 25 == 0:
        print(i, l, ''.join(char_set[t] for t in np.argmax(results[0], axis=1)))

results = sess.run(outputs, feed_dict={X: dataX})
text = ""
for j, result in enumerate(results):
    index = np.argmax(result, axis=1)
    if j == 0:
        text += ''.join([char_set[t] for t in index])
    else:
        text += char_set[index[-1]]
print(text)
correct = sum(a == b for a, b in zip(text, sentence[1:]))
assert losses[-1] < 0.1 * losses[0] and correct >= 0.9 * len(text), (losses[0], losses[-1], text)
