"""A bag-of-words logistic regression fed through tf.sparse_placeholder and trained with
GradientDescentOptimizer: the loss decreases, and the trained model's predictions equal the dense
equivalent's (a dense placeholder and tf.matmul trained the same way)."""
import numpy as np

import jupyter_flow as tf

VOCAB, DOCS, STEPS = 40, 120, 60


def make_data():
    rng = np.random.RandomState(3)
    counts = np.zeros((DOCS, VOCAB), np.float32)
    for d in range(DOCS):
        words = rng.randint(0, VOCAB, size=rng.randint(1, 8))
        np.add.at(counts[d], words, 1.0)
    true_w = rng.randn(VOCAB).astype(np.float32)
    labels = (counts @ true_w > 0).astype(np.float32)[:, None]
    return counts, labels


def sparse_value(counts):
    rows, cols = np.nonzero(counts)
    return tf.SparseTensorValue(np.stack([rows, cols], 1).astype(np.int64), counts[rows, cols], [DOCS, VOCAB])


def train(sparse):
    counts, labels = make_data()
    g = tf.Graph()
    with g.as_default():
        y = tf.placeholder(tf.float32, [None, 1])
        w = tf.Variable(tf.zeros([VOCAB, 1]))
        b = tf.Variable(0.0)
        if sparse:
            x = tf.sparse_placeholder(tf.float32, shape=[None, VOCAB])
            logits = tf.sparse_tensor_dense_matmul(x, w) + b
            feed = {x: sparse_value(counts), y: labels}
        else:
            x = tf.placeholder(tf.float32, [None, VOCAB])
            logits = tf.matmul(x, w) + b
            feed = {x: counts, y: labels}
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
        step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = []
            for _ in range(STEPS):
                losses.append(sess.run([step, loss], feed)[1])
            probs = sess.run(tf.sigmoid(logits), feed)
    return np.array(losses), probs, labels


def test_sparse_bag_of_words_trains_like_the_dense_model():
    losses, probs, labels = train(sparse=True)
    dense_losses, dense_probs, _ = train(sparse=False)
    assert losses[-1] < 0.6 * losses[0] and np.all(np.diff(losses) < 1e-6)
    np.testing.assert_allclose(losses, dense_losses, rtol=1e-5)
    np.testing.assert_allclose(probs, dense_probs, rtol=1e-5, atol=1e-6)
    assert np.mean((probs > 0.5) == (labels > 0.5)) > 0.85
