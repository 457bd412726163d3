"""Issue 16 benchmark: what a canned estimator costs per training step. A DNNClassifier (64-100-50-10,
Adagrad 0.05, batch 50, numpy_input_fn) trains on jupyter_flow; the same network as a hand-written
feed_dict loop runs on jupyter_flow and on TensorFlow's compat.v1 (TF 2.16+ has no tf.estimator, so
TF1's estimator itself cannot be timed on a current Python).

Example (each implementation in its own interpreter):
    .venv/bin/python benchmarks/bench_estimator.py --impl estimator,loop
    /work/refenv/bin/python benchmarks/bench_estimator.py --impl loop --tf
"""
import argparse
import tempfile
import time

import numpy as np

STEPS, BATCH = 2000, 50


def _data():
    rng = np.random.default_rng(16)
    return rng.random((1000, 64), dtype=np.float32), rng.integers(0, 10, 1000).astype(np.int64)


def estimator_ms(tf):
    X, y = _data()
    dnn = tf.estimator.DNNClassifier([100, 50], [tf.feature_column.numeric_column("X", shape=[64])], n_classes=10,
                                     model_dir=tempfile.mkdtemp())
    fn = tf.estimator.inputs.numpy_input_fn({"X": X}, y, batch_size=BATCH, num_epochs=None, shuffle=True)
    dnn.train(fn, steps=10)  # checkpoint written, graph code warmed up
    start = time.perf_counter()
    dnn.train(fn, steps=STEPS)  # includes building the graph, restoring and the final checkpoint
    return (time.perf_counter() - start) / STEPS * 1e3


def loop_ms(tf):
    X_data, y_data = _data()
    with tf.Graph().as_default():
        X = tf.placeholder(tf.float32, (None, 64))
        y = tf.placeholder(tf.int64, (None,))
        h = tf.layers.dense(tf.layers.dense(X, 100, tf.nn.relu), 50, tf.nn.relu)
        loss = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=tf.layers.dense(h, 10)))
        op = tf.train.AdagradOptimizer(0.05).minimize(loss)
        rng = np.random.default_rng(0)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            batches = [rng.permutation(1000)[:BATCH] for _ in range(STEPS)]
            for idx in batches[:10]:
                sess.run([op, loss], {X: X_data[idx], y: y_data[idx]})
            start = time.perf_counter()
            for idx in batches:
                sess.run([op, loss], {X: X_data[idx], y: y_data[idx]})
            return (time.perf_counter() - start) / STEPS * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--impl", default="estimator,loop")
    parser.add_argument("--tf", action="store_true", help="run on tensorflow.compat.v1 instead of jupyter_flow")
    args = parser.parse_args()
    if args.tf:
        import os
        os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # Keras 3 has no tf.compat.v1.layers; tf_keras does
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        name = "tf1"
    else:
        import jupyter_flow as tf
        name = "jupyter_flow"
    for impl in args.impl.split(","):
        ms = {"estimator": estimator_ms, "loop": loop_ms}[impl](tf)
        print(f"{name:12s} {impl:9s} {ms:.3f} ms/step")


if __name__ == "__main__":
    main()
