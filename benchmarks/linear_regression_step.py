"""µs per mini-batch gradient-descent step for linear regression (issue 3, benchmark (a)):
batch 100, 9 features (8 + bias), fed through feed_dict, GradientDescentOptimizer.minimize;
beside the same step written by hand in NumPy.

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


def time_steps(step, batches, steps, repeats):
    """Best-of-`repeats` µs per call of step(X_batch, y_batch) over `steps` calls."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for i in range(steps):
            xb, yb = batches[i % len(batches)]
            step(xb, yb)
        best = min(best, (time.perf_counter() - t0) / steps * 1e6)
    return best


def numpy_step_function(n_features=9, learning_rate=0.01):
    theta = np.random.default_rng(42).uniform(-1.0, 1.0, (n_features, 1)).astype(np.float32)

    def step(xb, yb):
        gradients = 2.0 / len(xb) * xb.T @ (xb @ theta - yb)
        theta[...] -= learning_rate * gradients
    return step


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
        ours = time_steps(lambda xb, yb: sess.run(training_op, feed_dict={X: xb, y: yb}), batches, args.steps,
                          args.repeats)
    numpy = time_steps(numpy_step_function(), batches, args.steps, args.repeats)
    print(f"linear regression mini-batch GD step (best of {args.repeats} x {args.steps} steps):")
    print(f"  jupyter_flow sess.run(training_op, feed_dict): {ours:6.2f} us")
    print(f"  hand-written NumPy:                            {numpy:6.2f} us")


if __name__ == "__main__":
    main()
