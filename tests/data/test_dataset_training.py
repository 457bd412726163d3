"""The two example families of TF1 programs: an MLP on sklearn digits fed by a Dataset, and a
linear regression reading a CSV file through TextLineDataset + decode_csv."""
import numpy as np
from sklearn.datasets import load_digits

import jupyter_flow as tf


def test_dataset_fed_mlp_learns_digits():
    digits = load_digits()
    X = (digits.data / 16.0).astype(np.float32)
    y = digits.target.astype(np.int64)
    X_train, y_train, X_test, y_test = X[:1500], y[:1500], X[1500:], y[1500:]
    tf.set_random_seed(0)
    features = tf.placeholder(tf.float32, [None, 64])
    labels = tf.placeholder(tf.int64, [None])
    ds = tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(1500, seed=1).batch(50).repeat()
    it = ds.make_initializable_iterator()
    xb, yb = it.get_next()
    hidden = tf.layers.dense(xb, 64, activation=tf.nn.relu, name="hidden")
    logits = tf.layers.dense(hidden, 10, name="logits")
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=yb, logits=logits))
    train = tf.train.AdamOptimizer(0.01).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(it.initializer, feed_dict={features: X_train, labels: y_train})
        for _ in range(600):
            sess.run(train)
        sess.run(it.initializer, feed_dict={features: X_test, labels: y_test})
        hits = []
        for _ in range(6):  # the test batches come shuffled: compare each with its own labels
            out, truth = sess.run([logits, yb])
            hits.append(out.argmax(1) == truth)
    accuracy = float(np.mean(np.concatenate(hits)))
    assert accuracy > 0.9, accuracy


def test_csv_linear_regression(tmp_path):
    rng = np.random.RandomState(0)
    X = rng.rand(400, 2)
    y = 3.0 * X[:, 0] - 2.0 * X[:, 1] + 0.5
    path = tmp_path / "data.csv"
    path.write_text("x1,x2,y\n" + "".join(f"{a:.6f},{b:.6f},{c:.6f}\n" for (a, b), c in zip(X, y)))

    def parse(line):
        x1, x2, target = tf.decode_csv(line, [[0.0], [0.0], [0.0]])
        return tf.stack([x1, x2]), target

    ds = tf.data.TextLineDataset(str(path)).skip(1).map(parse).batch(40).repeat(200)
    xb, yb = ds.make_one_shot_iterator().get_next()
    w = tf.Variable(tf.zeros([2, 1]), name="w")
    b = tf.Variable(0.0, name="b")
    pred = tf.squeeze(tf.matmul(xb, w), 1) + b
    mse = tf.reduce_mean(tf.square(pred - yb))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(mse)
    steps = 0
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        while True:
            try:
                sess.run(train)
                steps += 1
            except tf.errors.OutOfRangeError:
                break
        w_val, b_val = sess.run([w, b])
    assert steps == 200 * 10
    np.testing.assert_allclose(w_val.ravel(), [3.0, -2.0], atol=1e-2)
    np.testing.assert_allclose(b_val, 0.5, atol=1e-2)
