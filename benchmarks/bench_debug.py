"""Issue 17 benchmark: what debugging costs on a training step of the chapter's MLP (784-300-100-10
ReLU, batch 50, GradientDescent): the plain step, the step with every value checked for NaN/Inf,
and the step traced (RunOptions(trace_level=FULL_TRACE) into a RunMetadata).

Example:
    python benchmarks/bench_debug.py --impl jupyter_flow,tf1

jupyter_flow checks in the engine (tf.debugging.enable_check_numerics(), what %flow_debug nan on
switches: one scan of each float output); TF1's way is tf.add_check_numerics_ops(), one
CheckNumerics op per float tensor, run with the training op. Compare each row with
debug_mlp_plain in the same run: the ratio is the cost of debugging.
"""

from __future__ import annotations

import itertools

import numpy as np

from workload import Prepared, Workload

N_INPUTS, N_HIDDEN1, N_HIDDEN2, N_OUTPUTS, BATCH = 784, 300, 100, 10, 50


def _batches():
    rng = np.random.default_rng(17)
    X = rng.random((20 * BATCH, N_INPUTS), dtype=np.float32)
    y = rng.integers(0, N_OUTPUTS, 20 * BATCH).astype(np.int32)
    return [(X[s : s + BATCH], y[s : s + BATCH]) for s in range(0, len(X), BATCH)]


def _mlp(impl, mode):
    tf = impl.tf
    batches = _batches()
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        X = tf.placeholder(tf.float32, (None, N_INPUTS), name="X")
        y = tf.placeholder(tf.int32, (None,), name="y")
        hidden1 = tf.layers.dense(X, N_HIDDEN1, activation=tf.nn.relu, name="hidden1")
        hidden2 = tf.layers.dense(hidden1, N_HIDDEN2, activation=tf.nn.relu, name="hidden2")
        logits = tf.layers.dense(hidden2, N_OUTPUTS, name="outputs")
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        fetches = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
        options = run_metadata = None
        if mode == "nan_check":
            if impl.name == "jupyter_flow":
                tf.debugging.enable_check_numerics()
            else:
                fetches = [fetches, tf.add_check_numerics_ops()]
        elif mode == "traced":
            options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
            run_metadata = tf.RunMetadata()
        sess = impl.Session()
        sess.run(tf.global_variables_initializer())
    cycle = itertools.cycle(batches)

    def step():
        X_batch, y_batch = next(cycle)
        sess.run(fetches, feed_dict={X: X_batch, y: y_batch}, options=options, run_metadata=run_metadata)

    def close():
        if mode == "nan_check" and impl.name == "jupyter_flow":
            tf.debugging.disable_check_numerics()
        sess.close()

    return Prepared(step, close=close)


def _workload(mode, part, title):
    return Workload(key=f"debug_mlp_{mode}", family="debug", issue=17, part=part, title=title, unit="ms",
                    runners={"graph": lambda impl: _mlp(impl, mode)})


DEBUG_MLP_PLAIN = _workload("plain", "a", "MLP 784-300-100-10 training step, batch 50 (baseline)")
DEBUG_MLP_NAN_CHECK = _workload("nan_check", "b", "the same step, every float value checked for NaN/Inf")
DEBUG_MLP_TRACED = _workload("traced", "c", "the same step, FULL_TRACE into a RunMetadata")

WORKLOADS = [DEBUG_MLP_PLAIN, DEBUG_MLP_NAN_CHECK, DEBUG_MLP_TRACED]

if __name__ == "__main__":
    import run_all

    raise SystemExit(run_all.main(workloads=WORKLOADS))
