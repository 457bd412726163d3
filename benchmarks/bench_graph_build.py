"""Issue 13 section 3 benchmarks: what building a graph costs.

Example:
    python benchmarks/bench_graph_build.py --impl jupyter_flow,tf1 --repeats 5

`x + one` (a tensor operand) against `x + 1.0` (a Python number, which becomes a Const op
named `add/y`): the issue's target is that the second costs at most 1.5 times the first; `x + one`
is also timed as a notebook cell runs it, below a kernel's deep stack (each op records where it
was made). Then a
10,000-op graph built in a fresh tf.Graph and run once in a new Session (build + plan + first
run), target under 100 ms. Graph building has no NumPy or PyTorch analogue (`n/a`).
"""

from __future__ import annotations

import numpy as np

from workload import Prepared, Workload

OPS_PER_BUILD = 1_000


def _per_op_builder(impl, make_op):
    tf = impl.tf
    created = []

    def build():
        with tf.Graph().as_default() as graph:
            x = tf.placeholder(tf.float32, shape=(None, 4), name="x")
            one = tf.constant(1.0, name="one")
            before = len(graph.get_operations())
            for _ in range(OPS_PER_BUILD):
                make_op(x, one)
            created.append(len(graph.get_operations()) - before)

    build()
    return Prepared(build, check=created[-1], per_call_units=OPS_PER_BUILD, calls_per_sample=3, warmup_calls=1)


def add_tensor_graph(impl) -> Prepared:
    return _per_op_builder(impl, lambda x, one: x + one)


def add_python_number_graph(impl) -> Prepared:
    return _per_op_builder(impl, lambda x, one: x + 1.0)


_CELL_SOURCE = """
for _ in range(OPS_PER_BUILD):
    x + one
"""
KERNEL_DEPTH = 25  # frames below a cell's code in a Jupyter kernel (asyncio, tornado, ipykernel, IPython)


def add_tensor_in_cell_graph(impl) -> Prepared:
    """`x + one` written in a notebook cell: module-level code run by exec, below a deep stack."""
    tf = impl.tf
    code = compile(_CELL_SOURCE, "<cell>", "exec")
    created = []

    def kernel(depth, namespace):
        if depth:
            return kernel(depth - 1, namespace)
        exec(code, namespace)

    def build():
        with tf.Graph().as_default() as graph:
            x = tf.placeholder(tf.float32, shape=(None, 4), name="x")
            one = tf.constant(1.0, name="one")
            before = len(graph.get_operations())
            kernel(KERNEL_DEPTH, {"x": x, "one": one, "OPS_PER_BUILD": OPS_PER_BUILD})
            created.append(len(graph.get_operations()) - before)

    build()
    return Prepared(build, check=created[-1], per_call_units=OPS_PER_BUILD, calls_per_sample=3, warmup_calls=1)


ADD_TENSOR = Workload(
    key="build_add_tensor",
    family="build",
    issue=13,
    part="a",
    title="build `x + one` (tensor operand), per op",
    unit="µs",
    runners={"graph": add_tensor_graph},
    reference=lambda: OPS_PER_BUILD,
    check_rtol=0.0,
    target_seconds=5e-6,
)

ADD_TENSOR_IN_CELL = Workload(
    key="build_add_in_cell",
    family="build",
    issue=13,
    part="a",
    title=f"build `x + one` in a notebook-like cell ({KERNEL_DEPTH} frames below it), per op",
    unit="µs",
    runners={"graph": add_tensor_in_cell_graph},
    reference=lambda: OPS_PER_BUILD,
    check_rtol=0.0,
    target_seconds=5e-6,
)

ADD_PYTHON_NUMBER = Workload(
    key="build_add_number",
    family="build",
    issue=13,
    part="b",
    title="build `x + 1.0` (Python number -> Const + Add), per expression",
    unit="µs",
    runners={"graph": add_python_number_graph},
    reference=lambda: 2 * OPS_PER_BUILD,  # the Const and the Add
    check_rtol=0.0,
)

BUILD_RUN_OPS = 10_000


def build_and_run_graph(impl) -> Prepared:
    tf = impl.tf
    a_value = np.ones((8, 4), dtype=np.float32)
    b_value = np.full((1, 4), 0.5, dtype=np.float32)

    def build_and_run():
        with tf.Graph().as_default():
            a = tf.placeholder(tf.float32, shape=(None, 4), name="a")
            b = tf.placeholder(tf.float32, shape=(1, 4), name="b")
            z = a
            for _ in range(BUILD_RUN_OPS // 4):
                z = z + b
                z = z * 0.5
                z = z - b
                z = tf.maximum(z, a)
            with impl.Session() as sess:
                return float(sess.run(z, feed_dict={a: a_value, b: b_value}).sum())

    return Prepared(build_and_run, check=build_and_run(), calls_per_sample=1, warmup_calls=0)


def build_and_run_reference() -> float:
    a = np.ones((8, 4), dtype=np.float32)
    b = np.full((1, 4), 0.5, dtype=np.float32)
    z = a
    for _ in range(BUILD_RUN_OPS // 4):
        z = np.maximum((z + b) * np.float32(0.5) - b, a)
    return float(z.sum())


BUILD_AND_RUN = Workload(
    key="build_run_10k",
    family="build",
    issue=13,
    part="c",
    title="build a 10,000-op graph (with Python numbers) + Session + first run",
    unit="ms",
    runners={"graph": build_and_run_graph},
    reference=build_and_run_reference,
    target_seconds=100e-3,
)

WORKLOADS = [ADD_TENSOR, ADD_TENSOR_IN_CELL, ADD_PYTHON_NUMBER, BUILD_AND_RUN]

if __name__ == "__main__":
    import run_all

    raise SystemExit(run_all.main(workloads=WORKLOADS))
