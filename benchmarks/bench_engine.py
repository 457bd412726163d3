"""Issue 2 benchmarks: the engine core (session overhead, a BLAS-bound epoch, graph building).

Example:
    python benchmarks/bench_engine.py --impl numpy,tf1 --repeats 3
    python benchmarks/bench_engine.py --workloads first_graph

The graph-mode code below is written once against a TF1-style module `tf` and runs
unchanged on `jupyter_flow` and `tensorflow.compat.v1`; the NumPy and PyTorch
versions are written by hand to do the same arithmetic. Each runner sets up, computes
its check value, and returns the step to time (see workload.Prepared).
"""

from __future__ import annotations

import numpy as np

from synthetic_data import housing_like_data
from workload import Prepared, Workload

# ---------------------------------------------------------------------------------------
# (a) sess.run(f) for the chapter's first graph


def first_graph_graph(impl) -> Prepared:
    tf = impl.tf
    with tf.Graph().as_default():
        x = tf.Variable(3, name="x")
        y = tf.Variable(4, name="y")
        f = x * x * y + y + 2
        sess = impl.Session()
        sess.run(tf.global_variables_initializer())
    return Prepared(lambda: sess.run(f), check=sess.run(f), close=sess.close)


def first_graph_numpy(impl) -> Prepared:
    x = np.array(3, dtype=np.int32)
    y = np.array(4, dtype=np.int32)

    def run():
        return x * x * y + y + 2

    return Prepared(run, check=run())


def first_graph_torch(impl) -> Prepared:
    torch = impl.module
    x = torch.tensor(3, dtype=torch.int32)
    y = torch.tensor(4, dtype=torch.int32)

    def run():
        return x * x * y + y + 2

    return Prepared(run, check=run().item())


FIRST_GRAPH = Workload(
    key="first_graph",
    family="engine",
    issue=2,
    part="a",
    title="sess.run(f), f = x*x*y + y + 2",
    unit="µs",
    runners={"graph": first_graph_graph, "numpy": first_graph_numpy, "torch": first_graph_torch},
    reference=lambda: 42,
    target_seconds=3e-6,
    anchors={"tf1": 69e-6, "torch": 6.3e-6, "numpy": 1.4e-6},
)

# ---------------------------------------------------------------------------------------
# (b) one epoch of batch gradient descent, hand-written gradients (chapter 9 listing)

LEARNING_RATE = 0.01
CHECK_EPOCHS = 10  # epochs run before timing; the MSE after them is the check value


def batch_gd_graph(impl) -> Prepared:
    tf = impl.tf
    data, target, theta0 = housing_like_data()
    m = data.shape[0]
    with tf.Graph().as_default():
        X = tf.constant(data, dtype=tf.float32, name="X")
        y = tf.constant(target, dtype=tf.float32, name="y")
        theta = tf.Variable(theta0, name="theta")
        y_pred = tf.matmul(X, theta, name="predictions")
        error = y_pred - y
        mse = tf.reduce_mean(tf.square(error), name="mse")
        gradients = 2 / m * tf.matmul(tf.transpose(X), error)
        training_op = tf.assign(theta, theta - LEARNING_RATE * gradients)
        sess = impl.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(CHECK_EPOCHS):
            sess.run(training_op)
    return Prepared(lambda: sess.run(training_op), check=sess.run(mse), close=sess.close)


def _numpy_batch_gd_epoch(X, y, theta, learning_rate):
    error = X @ theta - y
    gradients = (2 / len(X)) * (X.T @ error)
    theta -= learning_rate * gradients


def batch_gd_numpy(impl) -> Prepared:
    X, y, theta = housing_like_data()
    learning_rate = np.float32(LEARNING_RATE)
    for _ in range(CHECK_EPOCHS):
        _numpy_batch_gd_epoch(X, y, theta, learning_rate)
    check = np.mean(np.square(X @ theta - y))
    return Prepared(lambda: _numpy_batch_gd_epoch(X, y, theta, learning_rate), check=check)


def batch_gd_reference() -> float:
    """The same epochs in float64."""
    X, y, theta = (array.astype(np.float64) for array in housing_like_data())
    for _ in range(CHECK_EPOCHS):
        _numpy_batch_gd_epoch(X, y, theta, LEARNING_RATE)
    return float(np.mean(np.square(X @ theta - y)))


def batch_gd_torch(impl) -> Prepared:
    torch = impl.module
    data, target, theta0 = housing_like_data()
    X, y, theta = torch.from_numpy(data), torch.from_numpy(target), torch.from_numpy(theta0)
    m = X.shape[0]

    def epoch():
        with torch.no_grad():
            error = X @ theta - y
            gradients = 2 / m * (X.T @ error)
            theta.sub_(LEARNING_RATE * gradients)

    for _ in range(CHECK_EPOCHS):
        epoch()
    check = torch.mean(torch.square(X @ theta - y)).item()
    return Prepared(epoch, check=check)


BATCH_GD = Workload(
    key="linreg_batch_gd",
    family="engine",
    issue=2,
    part="b",
    title="batch GD epoch, 20640x9 float32, hand-written gradients",
    unit="ms",
    runners={"graph": batch_gd_graph, "numpy": batch_gd_numpy, "torch": batch_gd_torch},
    reference=batch_gd_reference,
    target_numpy_ratio=1.2,
    anchors={"tf1": 0.20e-3, "numpy": 0.09e-3},
)

# ---------------------------------------------------------------------------------------
# (c) Python-side construction of 10,000 element-wise ops

BUILD_OPS = 10_000


def build_ops_graph(impl) -> Prepared:
    tf = impl.tf
    created = []

    def build():
        # Tensor-with-tensor ops only: a Python constant operand would add a Const op
        # per step, and what we time is one element-wise op per step. Placeholders, not
        # Variables, so no implementation adds a read op per use.
        with tf.Graph().as_default() as graph:
            a = tf.placeholder(tf.float32, shape=(None, 4), name="a")
            b = tf.placeholder(tf.float32, shape=(1, 4), name="b")
            before = len(graph.get_operations())
            z = a
            for _ in range(BUILD_OPS // 4):
                z = z + b
                z = z * a
                z = z - b
                z = tf.maximum(z, a)
            created.append(len(graph.get_operations()) - before)

    build()
    # The check (operations created per build) catches an implementation that adds
    # hidden helper ops, which would make this per-op time look better than it is.
    return Prepared(build, check=created[-1], per_call_units=BUILD_OPS, calls_per_sample=1, warmup_calls=0)


BUILD_10K = Workload(
    key="build_10k_ops",
    family="engine",
    issue=2,
    part="c",
    title="build 10,000 element-wise ops (per op)",
    unit="µs",
    runners={"graph": build_ops_graph},
    reference=lambda: BUILD_OPS,
    check_rtol=0.0,
    target_seconds=10e-6,
    anchors={"tf1": 172e-6},
)

WORKLOADS = [FIRST_GRAPH, BATCH_GD, BUILD_10K]

if __name__ == "__main__":
    import run_all

    raise SystemExit(run_all.main(workloads=WORKLOADS))
