# ruff: noqa  -- written the way the TF1 tutorials write it
# After golbin/TensorFlow-Tutorials 10-RNN/03-Seq2Seq (MIT licence): an encoder dynamic_rnn whose
# final state starts a decoder dynamic_rnn (BasicRNNCell + DropoutWrapper, variable scopes
# 'encode'/'decode'), tf.layers.dense straight on the decoder's [batch, time, hidden] outputs,
# sparse_softmax_cross_entropy_with_logits over int64 targets, argmax over axis 2 to translate
# word -> reversed word, letter by letter.
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)
char_arr = [c for c in 'SEPabcdefghijklmnopqrstuvwxyz']
num_dic = {n: i for i, n in enumerate(char_arr)}
dic_len = len(num_dic)
seq_data = [['word', 'drow'], ['wood', 'doow'], ['game', 'emag'], ['girl', 'lrig'],
            ['kiss', 'ssik'], ['love', 'evol'], ['bird', 'drib'], ['fish', 'hsif']]


def make_batch(seq_data):
    input_batch, output_batch, target_batch = [], [], []
    for seq in seq_data:
        input = [num_dic[n] for n in seq[0]]
        output = [num_dic[n] for n in ('S' + seq[1])]
        target = [num_dic[n] for n in (seq[1] + 'E')]
        input_batch.append(np.eye(dic_len)[input])
        output_batch.append(np.eye(dic_len)[output])
        target_batch.append(target)
    return input_batch, output_batch, target_batch


learning_rate = 0.01
n_hidden = 64
total_epoch = 100
n_class = n_input = dic_len

enc_input = tf.placeholder(tf.float32, [None, None, n_input])
dec_input = tf.placeholder(tf.float32, [None, None, n_input])
targets = tf.placeholder(tf.int64, [None, None])
keep_prob = tf.placeholder_with_default(1.0, [])

with tf.variable_scope('encode'):
    enc_cell = tf.nn.rnn_cell.BasicRNNCell(n_hidden)
    enc_cell = tf.nn.rnn_cell.DropoutWrapper(enc_cell, output_keep_prob=keep_prob)
    outputs, enc_states = tf.nn.dynamic_rnn(enc_cell, enc_input, dtype=tf.float32)

with tf.variable_scope('decode'):
    dec_cell = tf.nn.rnn_cell.BasicRNNCell(n_hidden)
    dec_cell = tf.nn.rnn_cell.DropoutWrapper(dec_cell, output_keep_prob=keep_prob)
    outputs, dec_states = tf.nn.dynamic_rnn(dec_cell, dec_input, initial_state=enc_states, dtype=tf.float32)

model = tf.layers.dense(outputs, n_class, activation=None)
assert model.shape.as_list() == [None, None, n_class], model.shape
cost = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(logits=model, labels=targets))
optimizer = tf.train.AdamOptimizer(learning_rate).minimize(cost)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
input_batch, output_batch, target_batch = make_batch(seq_data)
costs = []
for epoch in range(total_epoch):
    _, loss = sess.run([optimizer, cost], feed_dict={enc_input: input_batch, dec_input: output_batch,
                                                     targets: target_batch, keep_prob: 0.8})
    costs.append(loss)
    if epoch % 20 == 0:
        print('Epoch:', '%04d' % (epoch + 1), 'cost =', '{:.6f}'.format(loss))


def translate(word):
    seq_data = [word, 'P' * len(word)]
    input_batch, output_batch, target_batch = make_batch([seq_data])
    prediction = tf.argmax(model, 2)
    result = sess.run(prediction, feed_dict={enc_input: input_batch, dec_input: output_batch,
                                             targets: target_batch})
    decoded = [char_arr[i] for i in result[0]]
    end = decoded.index('E') if 'E' in decoded else len(decoded)
    return ''.join(decoded[:end])


translations = {w: translate(w) for w, _ in seq_data}
print(translations)
right = sum(translations[w] == r for w, r in seq_data)
assert costs[-1] < 0.1 * costs[0] and right >= 6, (costs[0], costs[-1], translations)
