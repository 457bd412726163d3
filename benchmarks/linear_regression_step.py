"""µs per mini-batch gradient-descent step for linear regression (issue 3, benchmark (a)):
batch 100, 9 features (8 + bias), fed through feed_dict, GradientDescentOptimizer.minimize.

    .venv/bin/python benchmarks/linear_regression_step.py [--steps N] [--repeats R]
"""
import argparse
import time

import numpy as np

import jupyter_flow as tf


def build(n_features=9):
    tf.reset_default_graph()
    X = tf.placeholder(tf.float32, shape=(None, n_features), name="X")
    y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
    theta = tf.Variable(tf.random_uniform([n_features, 1], -1.0, 1.0, seed=42), name="theta")
    y_pred = tf.matmul(X, theta, name="predictions")
    error = y_pred - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
    training_op = tf.train.GradientDescentOptimizer(learning_rate=0.01).minimize(mse)
    return X, y, training_op


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    batches = [(rng.standard_normal((100, 9)).astype(np.float32), rng.standard_normal((100, 1)).astype(np.float32))
               for _ in range(100)]
    X, y, training_op = build()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        best = float("inf")
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            for i in range(args.steps):
                xb, yb = batches[i % 100]
                sess.run(training_op, feed_dict={X: xb, y: yb})
            best = min(best, (time.perf_counter() - t0) / args.steps * 1e6)
    print(f"linear regression mini-batch GD step: {best:.2f} us (best of {args.repeats} x {args.steps} steps)")


if __name__ == "__main__":
    main()
