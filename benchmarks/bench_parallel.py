"""Issue 13 items 0-1: the engine's thread pool and parallel executor, in order vs parallel, idle
and beside a busy process, in one run.

Example:
    python benchmarks/bench_parallel.py
    python benchmarks/bench_parallel.py --samples 9 --busy-core 0 --workloads branches,matmul_2048
    python benchmarks/bench_parallel.py --split-thresholds 134e6,16e6,4e6,1e6

Each workload is timed with tf.ConfigProto(inter_op_parallelism_threads=1) ("in order": every run
on the calling thread) and with the default (the executor may run independent steps on the pool),
alternating sample by sample in the same session so noise hits both alike; intra-op splits (large
GEMMs) stay on in both. Then the same with a pure-Python busy loop pinned to one core (started and
killed by its PID here). Medians of short samples.

Workloads: four independent element-wise branches over 1M floats each, the forward pass of a
784-100x5-10 ReLU network at batch 10,000, a 2048x2048 float32 matmul (with NumPy's, multi-threaded
OpenBLAS, for the BLAS peak) and sess.run(f) for f = x*x*y + y + 2 (dispatch cost).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import jupyter_flow as tf  # noqa: E402
from jupyter_flow import _engine  # noqa: E402
from bench_under_load import matmul_2048, one_busy_core  # noqa: E402


def branches():
    rng = np.random.default_rng(0)
    with tf.Graph().as_default():
        xs = [tf.Variable(rng.random(1 << 20, dtype=np.float32)) for _ in range(4)]
        outs = [tf.reduce_sum(tf.tanh(tf.sin(x) * 1.5 + tf.cos(x))) for x in xs]
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    return lambda: sess.run(outs)


def five_relu_10000():
    rng = np.random.default_rng(1)
    data = rng.random((10_000, 784), dtype=np.float32)
    with tf.Graph().as_default():
        X = tf.placeholder(tf.float32, (None, 784), name="X")
        h = X
        for i in range(5):
            h = tf.layers.dense(h, 100, activation=tf.nn.relu, name=f"hidden{i + 1}",
                                kernel_initializer=tf.variance_scaling_initializer(2.0))
        logits = tf.layers.dense(h, 10, name="outputs")
        predicted = tf.argmax(logits, axis=1)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    return lambda: sess.run(predicted, {X: data})


def first_graph():
    with tf.Graph().as_default():
        x = tf.Variable(3, name="x")
        y = tf.Variable(4, name="y")
        f = x * x * y + y + 2
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    return lambda: sess.run(f)


WORKLOADS = {"branches": branches, "five_relu_10000": five_relu_10000, "matmul_2048": matmul_2048,
             "first_graph": first_graph}
UNITS = {"first_graph": ("µs", 1e6)}


def sample(step, seconds: float, cpu_shares: list | None = None) -> float:
    calls, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        step()
        calls += 1
    wall = time.perf_counter() - start
    if cpu_shares is not None:
        cpu_shares.append((time.process_time() - cpu) / wall)
    return wall / calls


def in_order_and_parallel(step, samples: int, seconds: float, shares: dict | None = None) -> tuple[float, float]:
    """Median seconds per call with inter_op 1 and with the default, alternating. `shares` gets the
    median CPU seconds the process used per wall second in each mode (2 would be both cores)."""
    default = _engine.inter_op_threads()
    times = {1: [], default: []}
    cpu = {1: [], default: []}
    try:
        for _ in range(samples):
            for threads in (1, default):
                _engine.set_inter_op_threads(threads)
                times[threads].append(sample(step, seconds, cpu[threads]))
    finally:
        _engine.set_inter_op_threads(default)
    if shares is not None:
        shares.update({"in_order": statistics.median(cpu[1]), "parallel": statistics.median(cpu[default])})
    return statistics.median(times[1]), statistics.median(times[default])


def autogroup_note() -> str:
    """Linux's autogroup scheduling shares CPU between sessions, not threads: beside busy sessions a
    second thread gets no more CPU than the first had alone, and no executor can halve the time."""
    try:
        with open("/proc/sys/kernel/sched_autogroup_enabled") as f:
            enabled = f.read().strip() == "1"
    except OSError:
        return ""
    return ("note: sched_autogroup is on: under load from other sessions the process's CPU share (cpu columns)"
            " stays the same with 2 threads, and so does the time" if enabled else "")


def numpy_matmul(samples: int, seconds: float) -> float:
    rng = np.random.default_rng(2)
    a = rng.random((2048, 2048), dtype=np.float32)
    b = rng.random((2048, 2048), dtype=np.float32)
    return statistics.median(sample(lambda: a @ b, seconds) for _ in range(samples))


def split_thresholds(args):
    """With --split-thresholds: the GEMM split threshold (multiply-adds) that pays, from the MLP and
    autoencoder training steps of bench_under_load.py, alternating thresholds sample by sample."""
    from bench_under_load import autoencoder_step, mlp_step

    thresholds = [float(t) for t in args.split_thresholds.split(",")]
    steps = {"mlp_step": mlp_step(), "autoencoder_step": autoencoder_step()}
    default = _engine.split_multiply_adds()

    def run():
        times = {(n, t): [] for n in steps for t in thresholds}
        for _ in range(args.samples):
            for name, step in steps.items():
                for t in thresholds:
                    _engine.set_split_multiply_adds(t)
                    step()
                    times[name, t].append(sample(step, args.sample_seconds))
        _engine.set_split_multiply_adds(default)
        return {k: statistics.median(v) for k, v in times.items()}

    idle = run()
    with one_busy_core(args.busy_core):
        loaded = run()
    print(f"{'workload':<18} {'split at':>10} {'idle ms':>9} {'busy ms':>9} {'busy/idle':>9}")
    for name, t in idle:
        print(f"{name:<18} {t:10.3g} {idle[name, t] * 1e3:9.3f} {loaded[name, t] * 1e3:9.3f} "
              f"{loaded[name, t] / idle[name, t]:9.2f}")


def measure(steps, args, shares):
    out = {}
    for name, step in steps.items():
        shares[name] = {}
        out[name] = in_order_and_parallel(step, args.samples, args.sample_seconds, shares[name])
    if "matmul_2048" in steps:
        out["numpy_matmul_2048"] = (numpy_matmul(args.samples, args.sample_seconds),) * 2
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=7)
    parser.add_argument("--sample-seconds", type=float, default=0.3)
    parser.add_argument("--busy-core", type=int, default=0)
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--split-thresholds", default=None,
                        help="e.g. 134e6,16e6,4e6: time the GEMM split threshold instead (see split_thresholds)")
    args = parser.parse_args()
    if args.split_thresholds:
        return split_thresholds(args)
    names = args.workloads.split(",")
    steps = {name: WORKLOADS[name]() for name in names}
    for step in steps.values():  # the first runs time the steps and choose the schedule
        for _ in range(5):
            step()
    idle_cpu, busy_cpu = {}, {}
    idle = measure(steps, args, idle_cpu)
    with one_busy_core(args.busy_core):
        loaded = measure(steps, args, busy_cpu)
    print(f"cores {os.cpu_count()}, intra-op threads {_engine.intra_op_threads()}, "
          f"inter-op threads {_engine.inter_op_threads()}, inter-op mode {_engine.inter_op_mode()}")
    print(f"{'workload':<18} {'unit':>4} {'idle 1':>9} {'idle def':>9} {'ratio':>6} "
          f"{'busy 1':>9} {'busy def':>9} {'ratio':>6} {'busy/idle':>9} {'cpu idle 1/def':>14} {'cpu busy 1/def':>14}")
    for name in idle:
        unit, scale = UNITS.get(name, ("ms", 1e3))
        (i1, idf), (b1, bdf) = idle[name], loaded[name]
        cpu = "".join(f" {c['in_order']:6.2f}/{c['parallel']:<7.2f}" if c else f" {'':14}"
                      for c in (idle_cpu.get(name), busy_cpu.get(name)))
        print(f"{name:<18} {unit:>4} {i1 * scale:9.2f} {idf * scale:9.2f} {idf / i1:6.2f} "
              f"{b1 * scale:9.2f} {bdf * scale:9.2f} {bdf / b1:6.2f} {bdf / idf:9.2f}{cpu}")
    print("ratio: default / inter_op 1 (below 1: the parallel executor gains); busy/idle: default under load / idle;"
          " cpu: CPU seconds the process used per second, in order / default")
    if note := autogroup_note():
        print(note)


if __name__ == "__main__":
    main()
