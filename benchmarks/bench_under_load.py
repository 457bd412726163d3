"""Issue 13 item 0: jupyter_flow step times idle and beside a busy process, in one run.

Example:
    python benchmarks/bench_under_load.py
    python benchmarks/bench_under_load.py --samples 9 --busy-core 0

Workloads: the MLP training step of bench_training.py, a 784-300-150-300-784 autoencoder
step (batch 150, MSE, gradient descent) and a 2048x2048 float32 matmul. Each is timed idle,
then with a pure-Python busy loop pinned to one core (started and killed by its PID here).
Medians of short samples, since the point is what a notebook user sees under load.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import jupyter_flow as tf  # noqa: E402
from bench_training import mlp_graph  # noqa: E402
from implementations import GRAPH, Implementation  # noqa: E402


def autoencoder_step():
    rng = np.random.default_rng(0)
    data = rng.random((1500, 784), dtype=np.float32)
    graph = tf.Graph()
    with graph.as_default():
        X = tf.placeholder(tf.float32, shape=(None, 784), name="X")
        hidden = X
        for units in (300, 150, 300):
            hidden = tf.layers.dense(hidden, units, activation=tf.nn.elu)
        outputs = tf.layers.dense(hidden, 784)
        loss = tf.reduce_mean(tf.square(outputs - X))
        training_op = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    batches = [data[s : s + 150] for s in range(0, len(data), 150)]
    state = {"i": 0}

    def step():
        state["i"] = (state["i"] + 1) % len(batches)
        sess.run(training_op, feed_dict={X: batches[state["i"]]})

    return step


def matmul_2048():
    rng = np.random.default_rng(1)
    graph = tf.Graph()
    with graph.as_default():
        # Variables, not constants: the plan folds constant subgraphs once.
        a = tf.Variable(rng.random((2048, 2048), dtype=np.float32))
        b = tf.Variable(rng.random((2048, 2048), dtype=np.float32))
        product = tf.matmul(a, b)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    return lambda: sess.run(product.op)


def mlp_step():
    return mlp_graph(Implementation("jupyter_flow", GRAPH, module=tf)).step


WORKLOADS = {"mlp_step": mlp_step, "autoencoder_step": autoencoder_step, "matmul_2048": matmul_2048}


def median_seconds(step, samples: int, sample_seconds: float) -> float:
    for _ in range(3):
        step()
    times = []
    for _ in range(samples):
        calls, start = 0, time.perf_counter()
        while time.perf_counter() - start < sample_seconds:
            step()
            calls += 1
        times.append((time.perf_counter() - start) / calls)
    return statistics.median(times)


@contextlib.contextmanager
def one_busy_core(core: int):
    """A pure-Python busy loop pinned to `core` for the duration of the block (started and killed by PID)."""
    busy = subprocess.Popen(["taskset", "-c", str(core), sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.2)
        yield busy
    finally:
        busy.kill()
        busy.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=7)
    parser.add_argument("--sample-seconds", type=float, default=0.3)
    parser.add_argument("--busy-core", type=int, default=0)
    parser.add_argument("--openblas-threads", type=int, default=0,
                        help="the old behaviour for comparison: OpenBLAS's own N threads, no engine split")
    args = parser.parse_args()
    if args.openblas_threads:
        import ctypes

        import scipy_openblas32

        lib = ctypes.CDLL(os.path.join(scipy_openblas32.get_lib_dir(), "libscipy_openblas.so"))
        lib.scipy_openblas_set_num_threads(args.openblas_threads)
        tf._engine.set_intra_op_threads(1)
        print(f"OpenBLAS threads: {tf._engine.blas_library_threads()}")
    steps = {name: make() for name, make in WORKLOADS.items()}
    idle = {name: median_seconds(step, args.samples, args.sample_seconds) for name, step in steps.items()}
    with one_busy_core(args.busy_core):
        loaded = {name: median_seconds(step, args.samples, args.sample_seconds) for name, step in steps.items()}
    print(f"engine intra-op threads: {tf._engine.intra_op_threads() if hasattr(tf._engine, 'intra_op_threads') else 'n/a'}")
    print(f"{'workload':<18} {'idle ms':>9} {'1 busy core ms':>15} {'ratio':>6}")
    for name in steps:
        print(f"{name:<18} {idle[name] * 1e3:9.2f} {loaded[name] * 1e3:15.2f} {loaded[name] / idle[name]:6.2f}")


if __name__ == "__main__":
    main()
