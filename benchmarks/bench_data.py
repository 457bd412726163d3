"""Issue 23 benchmarks: training loops fed by tf.data (get_next) against the same loops fed by
feed_dict (bench_training's linreg_minibatch and mlp_step), TF1 beside jupyter_flow.

Example:
    python benchmarks/bench_data.py --impl jupyter_flow,tf1
    python benchmarks/run_all.py --workloads data

The dataset holds the feed_dict workload's mini-batches in the same order, so the first steps
train on the same data and the check values equal the feed_dict workloads' references. Each
step is one Session.run of the training op; the pipeline (slice, batch, repeat, prefetch) runs
inside the engine (TF1: inside its runtime).
"""

from __future__ import annotations

import numpy as np

import bench_training as bt
from synthetic_data import housing_like_data, minibatches, mlp_start_weights
from workload import Prepared, Workload


def _stacked(batches):
    return np.concatenate([b[0] for b in batches]), np.concatenate([b[1] for b in batches])


def _iterator_batch(tf, arrays, batch_size, prefetch):
    ds = tf.data.Dataset.from_tensor_slices(arrays).batch(batch_size).repeat()
    if prefetch:
        ds = ds.prefetch(1)
    return tf.data.make_one_shot_iterator(ds).get_next()


def linreg_dataset_graph(prefetch):
    def runner(impl) -> Prepared:
        tf = impl.tf
        data, target, theta0 = housing_like_data()
        arrays = _stacked(minibatches(data, target, bt.LINREG_BATCH))
        with tf.Graph().as_default():
            X, y = _iterator_batch(tf, arrays, bt.LINREG_BATCH, prefetch)
            theta = tf.Variable(theta0, name="theta")
            mse = tf.reduce_mean(tf.square(tf.matmul(X, theta) - y), name="mse")
            training_op = tf.train.GradientDescentOptimizer(learning_rate=bt.LEARNING_RATE).minimize(mse)
            sess = impl.Session()
            sess.run(tf.global_variables_initializer())
            for _ in range(bt.CHECK_STEPS):
                sess.run(training_op)
            check = sess.run(mse, feed_dict={X: data, y: target})  # feeding get_next's outputs bypasses the pipeline
        return Prepared(lambda: sess.run(training_op), check=check, close=sess.close)
    return runner


def mlp_dataset_graph(prefetch):
    def runner(impl) -> Prepared:
        tf = impl.tf
        batches = bt._mlp_batches()
        (W1, _), (W2, _), (W3, _) = mlp_start_weights()
        with tf.Graph().as_default():
            X, y = _iterator_batch(tf, _stacked(batches), bt.MLP_BATCH, prefetch)
            with tf.name_scope("dnn"):
                hidden1 = tf.layers.dense(X, 300, name="hidden1", activation=tf.nn.relu,
                                          kernel_initializer=tf.constant_initializer(W1))
                hidden2 = tf.layers.dense(hidden1, 100, name="hidden2", activation=tf.nn.relu,
                                          kernel_initializer=tf.constant_initializer(W2))
                logits = tf.layers.dense(hidden2, 10, name="outputs", kernel_initializer=tf.constant_initializer(W3))
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits), name="loss")
            training_op = tf.train.GradientDescentOptimizer(bt.LEARNING_RATE).minimize(loss)
            sess = impl.Session()
            sess.run(tf.global_variables_initializer())
            for _ in range(bt.MLP_CHECK_STEPS):
                sess.run(training_op)
            X0, y0 = batches[0]
            check = sess.run(loss, feed_dict={X: X0, y: y0})
        return Prepared(lambda: sess.run(training_op), check=check, close=sess.close)
    return runner


LINREG_GET_NEXT = Workload(
    key="linreg_get_next", family="data", issue=23, part="a",
    title="mini-batch GD step, batch 100x9, fed by Dataset.batch().repeat() get_next",
    unit="µs", runners={"graph": linreg_dataset_graph(False)}, reference=bt.linreg_reference)
LINREG_PREFETCH = Workload(
    key="linreg_prefetch", family="data", issue=23, part="b",
    title="mini-batch GD step, batch 100x9, fed by ....repeat().prefetch(1) get_next",
    unit="µs", runners={"graph": linreg_dataset_graph(True)}, reference=bt.linreg_reference)
MLP_GET_NEXT = Workload(
    key="mlp_get_next", family="data", issue=23, part="c",
    title="784-300-100-10 MLP SGD step, batch 50, fed by Dataset get_next",
    unit="µs", runners={"graph": mlp_dataset_graph(False)}, reference=bt.mlp_reference)
MLP_PREFETCH = Workload(
    key="mlp_prefetch", family="data", issue=23, part="d",
    title="784-300-100-10 MLP SGD step, batch 50, fed by Dataset get_next with prefetch(1)",
    unit="µs", runners={"graph": mlp_dataset_graph(True)}, reference=bt.mlp_reference)

WORKLOADS = [LINREG_GET_NEXT, LINREG_PREFETCH, MLP_GET_NEXT, MLP_PREFETCH]

if __name__ == "__main__":
    import run_all

    # Standalone, the feed_dict workloads run too, so the two ways of feeding compare in one run.
    feed_dict = [w for w in bt.WORKLOADS if w.key in ("linreg_minibatch", "mlp_step")]
    raise SystemExit(run_all.main(workloads=feed_dict + WORKLOADS))
