"""ms per training step of a 784-300-100-10 ReLU MLP (batch 50, synthetic MNIST-shaped data,
sparse softmax cross-entropy), trained by plain SGD written as tf.gradients + tf.assign_sub.

    .venv/bin/python benchmarks/mlp_sgd_step.py [--steps 2000] [--repeats 5]

Prints the best wall-clock and CPU (all threads) ms per step over the repeats, and the same
step in hand-written NumPy for reference.
"""
import argparse
import time

import numpy as np

import jupyter_flow as tf

N_INPUTS, N_HIDDEN1, N_HIDDEN2, N_OUTPUTS, BATCH, LR = 784, 300, 100, 10, 50, 0.01


def build():
    tf.reset_default_graph()
    tf.set_random_seed(0)
    X = tf.placeholder(tf.float32, (None, N_INPUTS), name="X")
    y = tf.placeholder(tf.int32, (None,), name="y")
    hidden1 = tf.layers.dense(X, N_HIDDEN1, activation=tf.nn.relu, name="hidden1")
    hidden2 = tf.layers.dense(hidden1, N_HIDDEN2, activation=tf.nn.relu, name="hidden2")
    logits = tf.layers.dense(hidden2, N_OUTPUTS, name="outputs")
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    params = tf.trainable_variables()
    grads = tf.gradients(loss, params)
    train = tf.group(*[tf.assign_sub(p, LR * g) for p, g in zip(params, grads)])
    return X, y, train


def batches(n, rng):
    X = rng.random((n, BATCH, N_INPUTS), dtype=np.float32)
    y = rng.integers(0, N_OUTPUTS, (n, BATCH)).astype(np.int32)
    return X, y


def time_steps(step, n):
    w0, c0 = time.perf_counter(), time.process_time()
    for i in range(n):
        step(i)
    return (time.perf_counter() - w0) * 1e3 / n, (time.process_time() - c0) * 1e3 / n


def jupyter_flow_step(steps, repeats):
    X, y, train = build()
    Xb, yb = batches(64, np.random.default_rng(0))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    run = sess.run
    step = lambda i: run(train, {X: Xb[i & 63], y: yb[i & 63]})  # noqa: E731
    time_steps(step, 50)
    return [time_steps(step, steps) for _ in range(repeats)]


def numpy_step(steps, repeats):
    rng = np.random.default_rng(0)
    shapes = [(N_INPUTS, N_HIDDEN1), (N_HIDDEN1, N_HIDDEN2), (N_HIDDEN2, N_OUTPUTS)]
    W = [rng.uniform(-0.05, 0.05, s).astype(np.float32) for s in shapes]
    b = [np.zeros(s[1], np.float32) for s in shapes]
    Xb, yb = batches(64, rng)

    def step(i):
        x, labels = Xb[i & 63], yb[i & 63]
        h1 = np.maximum(x @ W[0] + b[0], 0)
        h2 = np.maximum(h1 @ W[1] + b[1], 0)
        z = h2 @ W[2] + b[2]
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        p[np.arange(BATCH), labels] -= 1
        d3 = p / BATCH
        d2 = (d3 @ W[2].T) * (h2 > 0)
        d1 = (d2 @ W[1].T) * (h1 > 0)
        for Wi, bi, a, d in ((W[2], b[2], h2, d3), (W[1], b[1], h1, d2), (W[0], b[0], x, d1)):
            Wi -= LR * (a.T @ d)
            bi -= LR * d.sum(0)

    time_steps(step, 50)
    return [time_steps(step, steps) for _ in range(repeats)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    for name, fn in (("jupyter_flow", jupyter_flow_step), ("numpy", numpy_step)):
        results = fn(args.steps, args.repeats)
        wall, cpu = min(r[0] for r in results), min(r[1] for r in results)
        print(f"{name:13s} best of {args.repeats}: {wall:.3f} ms/step wall, {cpu:.3f} ms/step CPU")


if __name__ == "__main__":
    main()
