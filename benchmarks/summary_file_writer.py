"""Cost of logging with FileWriter.add_summary, alone and inside a training-like loop.

Run: python benchmarks/summary_file_writer.py
Prints microseconds per add_summary (caller time, background writing included since it shares the
GIL), the cost of the Python reference scalar builder (the engine's C++ kernel replaces it), and
the slowdown of a NumPy mini-batch gradient-descent loop that logs its MSE every 10 steps, as the
chapter does. Timings only; nothing here is asserted.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from jupyter_flow.summary import FileWriter  # noqa: E402
from jupyter_flow.summary.summary_proto import histogram, scalar  # noqa: E402


def microseconds_per_add_summary(payload, calls=20000, repeats=5):
    per_call = []
    with FileWriter(tempfile.mkdtemp()) as writer:
        for _ in range(repeats):
            start = time.perf_counter()
            for step in range(calls):
                writer.add_summary(payload, step)
            writer.flush()  # count the writing and the fsync too
            per_call.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(per_call)


def microseconds_per_scalar_builder(calls=20000):
    start = time.perf_counter()
    for step in range(calls):
        scalar("MSE", 0.5)
    return (time.perf_counter() - start) / calls * 1e6


def training_loop_seconds(log, steps=20000):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1000, 9))  # the chapter's housing data has 9 columns with the bias
    y = X @ rng.normal(size=(9, 1))
    theta = np.zeros((9, 1))
    with FileWriter(tempfile.mkdtemp()) as writer:
        start = time.perf_counter()
        for step in range(steps):
            error = X @ theta - y
            theta -= 0.01 * (2 / len(X)) * X.T @ error
            if step % 10 == 0:
                mse = float(np.mean(error**2))  # computed in both variants: only logging differs
                if log:
                    writer.add_summary(scalar("MSE", mse), step)
        return time.perf_counter() - start


def main():
    print(f"add_summary(scalar)                 : {microseconds_per_add_summary(scalar('loss/mse', 0.5)):6.2f} µs")
    big = histogram("weights", np.random.default_rng(0).normal(size=1000))
    print(f"add_summary(histogram of 1000)      : {microseconds_per_add_summary(big):6.2f} µs")
    print(f"summary_proto.scalar (Python builder): {microseconds_per_scalar_builder():6.2f} µs")
    pairs = [(training_loop_seconds(False), training_loop_seconds(True)) for _ in range(7)]  # interleaved
    without = statistics.median(a for a, _ in pairs)
    with_logging = statistics.median(b for _, b in pairs)
    print(f"training loop, 20000 steps          : {without * 1e6 / 20000:6.2f} µs/step without logging")
    print(f"  logging MSE every 10 steps        : {with_logging * 1e6 / 20000:6.2f} µs/step "
          f"({(with_logging / without - 1) * 100:+.1f}%, incl. the Python builder)")


if __name__ == "__main__":
    main()
