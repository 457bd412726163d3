# ruff: noqa  -- kept as the original authors wrote it (lambdas, late imports)
# word2vec_basic.py from the official TF 1.x tutorials, on a small generated corpus.
from __future__ import absolute_import, division, print_function

import collections
import math
import random

import numpy as np

import jupyter_flow as tf

random.seed(0)
np.random.seed(0)
# corpus: words co-occur within topics
topics = [["cat", "dog", "pet", "fur", "paw"], ["car", "road", "wheel", "drive", "engine"],
          ["sun", "moon", "star", "sky", "night"]]
vocabulary = []
for _ in range(800):
    t = random.choice(topics)
    vocabulary.extend(random.choice(t) for _ in range(6))
vocabulary_size = 16


def build_dataset(words, n_words):
    count = [['UNK', -1]]
    count.extend(collections.Counter(words).most_common(n_words - 1))
    dictionary = dict()
    for word, _ in count:
        dictionary[word] = len(dictionary)
    data = list()
    unk_count = 0
    for word in words:
        index = dictionary.get(word, 0)
        if index == 0:
            unk_count += 1
        data.append(index)
    count[0][1] = unk_count
    reversed_dictionary = dict(zip(dictionary.values(), dictionary.keys()))
    return data, count, dictionary, reversed_dictionary


data, count, dictionary, reverse_dictionary = build_dataset(vocabulary, vocabulary_size)
vocabulary_size = len(dictionary)
data_index = 0


def generate_batch(batch_size, num_skips, skip_window):
    global data_index
    assert batch_size % num_skips == 0
    assert num_skips <= 2 * skip_window
    batch = np.ndarray(shape=(batch_size), dtype=np.int32)
    labels = np.ndarray(shape=(batch_size, 1), dtype=np.int32)
    span = 2 * skip_window + 1
    buffer = collections.deque(maxlen=span)
    if data_index + span > len(data):
        data_index = 0
    buffer.extend(data[data_index:data_index + span])
    data_index += span
    for i in range(batch_size // num_skips):
        context_words = [w for w in range(span) if w != skip_window]
        words_to_use = random.sample(context_words, num_skips)
        for j, context_word in enumerate(words_to_use):
            batch[i * num_skips + j] = buffer[skip_window]
            labels[i * num_skips + j, 0] = buffer[context_word]
        if data_index == len(data):
            buffer.extend(data[0:span])
            data_index = span
        else:
            buffer.append(data[data_index])
            data_index += 1
    data_index = (data_index + len(data) - span) % len(data)
    return batch, labels


batch_size = 64
embedding_size = 16
skip_window = 1
num_skips = 2
num_sampled = 4
valid_examples = np.array([dictionary["cat"], dictionary["car"], dictionary["sun"]])

graph = tf.Graph()
with graph.as_default():
    train_inputs = tf.placeholder(tf.int32, shape=[batch_size])
    train_labels = tf.placeholder(tf.int32, shape=[batch_size, 1])
    valid_dataset = tf.constant(valid_examples, dtype=tf.int32)

    with tf.device('/cpu:0'):
        embeddings = tf.Variable(
            tf.random_uniform([vocabulary_size, embedding_size], -1.0, 1.0))
        embed = tf.nn.embedding_lookup(embeddings, train_inputs)
        nce_weights = tf.Variable(
            tf.truncated_normal([vocabulary_size, embedding_size],
                                stddev=1.0 / math.sqrt(embedding_size)))
        nce_biases = tf.Variable(tf.zeros([vocabulary_size]))

    loss = tf.reduce_mean(
        tf.nn.nce_loss(weights=nce_weights,
                       biases=nce_biases,
                       labels=train_labels,
                       inputs=embed,
                       num_sampled=num_sampled,
                       num_classes=vocabulary_size))

    optimizer = tf.train.GradientDescentOptimizer(1.0).minimize(loss)

    norm = tf.sqrt(tf.reduce_sum(tf.square(embeddings), 1, keepdims=True))
    normalized_embeddings = embeddings / norm
    valid_embeddings = tf.nn.embedding_lookup(normalized_embeddings, valid_dataset)
    similarity = tf.matmul(valid_embeddings, normalized_embeddings, transpose_b=True)

    init = tf.global_variables_initializer()

num_steps = 1500
with tf.Session(graph=graph) as session:
    init.run()
    average_loss = 0
    first = None
    for step in range(num_steps):
        batch_inputs, batch_labels = generate_batch(batch_size, num_skips, skip_window)
        feed_dict = {train_inputs: batch_inputs, train_labels: batch_labels}
        _, loss_val = session.run([optimizer, loss], feed_dict=feed_dict)
        average_loss += loss_val
        if step % 500 == 499:
            average_loss /= 500
            print('Average loss at step ', step, ': ', average_loss)
            if first is None:
                first = average_loss
            last = average_loss
            average_loss = 0
    sim = similarity.eval()
    final_embeddings = normalized_embeddings.eval()

ok = 0
for i, topic in enumerate(topics):
    nearest = (-sim[i, :]).argsort()[1:4]
    close_words = [reverse_dictionary[k] for k in nearest]
    print(topic[0], close_words)
    ok += sum(w in topic for w in close_words)
assert last < first
assert ok >= 6, ok
assert final_embeddings.shape == (vocabulary_size, embedding_size)
