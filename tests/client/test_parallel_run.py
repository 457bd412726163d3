"""The parallel executor (src_cpp/plan_schedule.*, parallel_run.*): independent steps of one run on
the engine's thread pool compute exactly what the run in plan order computes, stateful steps keep
their order, errors name their node, and cancel / Ctrl-C still stop a run."""
import contextlib
import os
import signal
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jupyter_flow as tf
from jupyter_flow import _engine


@contextlib.contextmanager
def inter_op(mode):
    before = _engine.inter_op_mode()
    _engine.set_inter_op_mode(mode)
    try:
        yield
    finally:
        _engine.set_inter_op_mode(before)


@pytest.fixture
def restore_inter_op_threads():
    before = _engine.inter_op_threads()
    yield
    _engine.set_inter_op_threads(before)


def last_plan(sess):
    """The plan of the session's most recent new run signature (its schedule is chosen by its first run)."""
    return list(sess._runners.values())[-1].plan


def run_in_both_modes(build, feed=None, runs=2):
    """build() -> fetches, in a fresh graph per mode; the fetched values of `runs` runs in each mode."""
    out = {}
    for mode in ("off", "force"):
        with tf.Graph().as_default(), inter_op(mode), tf.Session() as sess:
            fetches, init = build()
            if init is not None:
                sess.run(init)
            feed_dict = feed() if feed else None
            out[mode] = [sess.run(fetches, feed_dict) for _ in range(runs)]
            plan = last_plan(sess)
            steps = len(plan.step_names()) - sum(len(group) - 1 for group in plan.fused_groups())
            assert plan.schedule() == ("parallel" if mode == "force" and steps > 1 else "in order")
    return out["off"], out["force"]


_UNARY = [tf.sin, tf.tanh, tf.square, lambda t: t * 1.5 + 0.25, tf.nn.relu, tf.sigmoid]


@settings(max_examples=25, deadline=None)
@given(branches=st.lists(st.lists(st.integers(0, len(_UNARY) - 1), min_size=1, max_size=5), min_size=2, max_size=6),
       matmul=st.booleans(), seed=st.integers(0, 2**16))
def test_independent_branches_compute_in_parallel_what_they_compute_in_order(branches, matmul, seed):
    x_value = np.random.default_rng(seed).standard_normal((16, 16)).astype(np.float32)

    def build():
        x = tf.placeholder(tf.float32, (16, 16), name="x")
        outs = []
        for ops in branches:
            h = x
            for k in ops:
                h = _UNARY[k](h)
                if matmul:
                    h = tf.matmul(h, x)
            outs.append(h)
        return outs + [tf.add_n(outs)], None

    in_order, parallel = run_in_both_modes(build, lambda: {"x:0": x_value})
    for a, b in zip(in_order, parallel):
        for u, v in zip(a, b):
            np.testing.assert_array_equal(u, v)


def test_a_chain_and_a_single_op_run_in_order_on_the_calling_thread():
    with inter_op("auto"), tf.Session() as sess:
        x = tf.placeholder(tf.float32, name="x")
        chain = tf.exp(tf.sin(x) * 2.0)
        one = tf.constant(3.0) * 2.0
        for fetch in (chain, one):
            sess.run(fetch, {x: 1.0})
            assert last_plan(sess).schedule() == "in order"


def test_an_assign_and_reads_of_its_variable_in_one_run_keep_the_plan_order():
    def build():
        v = tf.Variable([1.0, 2.0], name="v")
        before = tf.multiply(v, 2.0, name="before")  # no edge to the update: plan order decides
        update = tf.assign_add(v, [10.0, 10.0], name="update")
        with tf.control_dependencies([update]):
            after = tf.identity(v.read_value() * 3.0, name="after")
        renamed = tf.identity(v, name="renamed")
        with tf.control_dependencies([after]):
            reset = tf.assign(v, tf.reshape(renamed, [2]) - 5.0, name="reset")
        return [before, update, after, reset, v.read_value() + 0.0], v.initializer

    in_order, parallel = run_in_both_modes(build, runs=4)
    for a, b in zip(in_order, parallel):
        for u, w in zip(a, b):
            np.testing.assert_array_equal(u, w)
    assert in_order[0][2].tolist() == [33.0, 36.0]


def test_stateful_steps_run_in_plan_order():
    calls = []

    def record(tag):
        def fn(value):
            calls.append((tag, float(value)))
            return value
        return fn

    def build():
        counter = tf.Variable(0.0, name="counter")
        steps = []
        for i in range(4):
            bumped = tf.assign_add(counter, 1.0, name=f"bump{i}")
            steps.append(tf.py_func(record(i), [bumped], tf.float32, name=f"log{i}"))
        noise = [tf.random_uniform([3], seed=i, name=f"noise{i}") for i in range(3)]
        return steps + noise, counter.initializer

    calls.clear()
    in_order_values, parallel_values = run_in_both_modes(build, runs=2)
    split = len(calls) // 2
    in_order, parallel = calls[:split], calls[split:]
    assert in_order == parallel
    for a, b in zip(in_order_values, parallel_values):
        for u, w in zip(a, b):
            np.testing.assert_array_equal(u, w)


def test_control_dependencies_order_steps_without_data_edges():
    def build():
        v = tf.Variable(1.0, name="v")
        first = tf.assign(v, 5.0, name="first")
        with tf.control_dependencies([first]):
            read = tf.multiply(v.read_value(), 1.0, name="read")  # a copy: the later assign cannot change it
            second = tf.assign(v, 7.0, name="second")
        with tf.control_dependencies([second]):
            last = tf.identity(v.read_value() * 1.0, name="last")
        return [read, last], v.initializer

    in_order, parallel = run_in_both_modes(build)
    assert in_order == parallel
    assert in_order[0] == [5.0, 7.0]


def test_an_error_in_one_branch_names_its_node_and_the_session_stays_usable():
    x = tf.placeholder(tf.float32, name="x")
    y = tf.placeholder(tf.float32, name="y")
    good = tf.matmul(tf.ones([64, 64]), tf.ones([64, 64])) + tf.reduce_sum(x)
    bad = tf.add(tf.sin(x), y, name="bad_add")
    with inter_op("force"), tf.Session() as sess:
        sess.run([good, bad], {x: 1.0, y: 1.0})
        assert last_plan(sess).schedule() == "parallel"
        with pytest.raises(tf.errors.InvalidArgumentError, match="Incompatible shapes") as err:
            sess.run([good, bad], {x: np.ones((2, 3), np.float32), y: np.ones((4,), np.float32)})
        assert err.value.op.name == "bad_add"
        assert sess.run(bad, {x: 0.0, y: 2.0}) == 2.0


def _wide_long_graph():
    x = tf.Variable(tf.ones([200, 200]), name="big")
    branches = []
    for b in range(2):
        y = x
        for _ in range(3000):
            y = tf.matmul(y, x) * 0.005
        branches.append(y)
    return x, branches


def test_cancel_from_another_thread_stops_a_parallel_run():
    x, branches = _wide_long_graph()
    with inter_op("force"), tf.Session() as sess:
        sess.run(x.initializer)
        timer = threading.Timer(0.2, sess.cancel)
        timer.start()
        with pytest.raises(tf.errors.CancelledError):
            sess.run(branches)
        timer.join()
        assert last_plan(sess).schedule() == "parallel"
        assert sess.run(tf.reduce_sum(x)) == 40000.0


def test_ctrl_c_interrupts_a_parallel_run():
    x, branches = _wide_long_graph()
    with inter_op("force"), tf.Session() as sess:
        sess.run(x.initializer)
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            sess.run(branches)
        timer.join()
        assert sess.run(tf.reduce_sum(x)) == 40000.0


def test_ctrl_c_interrupts_an_endless_loop_beside_other_work():
    # A loop is stateful, so the calling thread runs it (and polls inside it) while a pool worker
    # takes the independent matmuls.
    loop = tf.while_loop(lambda i: tf.constant(True), lambda i: i + 1, [0])
    y = tf.ones([100, 100])
    for _ in range(200):
        y = tf.matmul(y, y) * 0.01
    with inter_op("force"), tf.Session() as sess:
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            sess.run([loop, y])
        timer.join()
        assert sess.run(tf.constant(2) + 1) == 3


def test_config_proto_inter_op_threads_1_runs_plans_in_order(restore_inter_op_threads):
    x = tf.placeholder(tf.float32, name="x")
    fetches = [tf.sin(x), tf.cos(x)]
    with inter_op("force"):
        with tf.Session(config=tf.ConfigProto(inter_op_parallelism_threads=1)) as sess:
            assert _engine.inter_op_threads() == 1
            assert sess.run(fetches, {x: 0.0}) == [0.0, 1.0]
            assert last_plan(sess).schedule() == "in order"
        with tf.Session(config=tf.ConfigProto(inter_op_parallelism_threads=2)) as sess:
            assert _engine.inter_op_threads() == 2
            assert sess.run(fetches, {x: 0.0}) == [0.0, 1.0]
            assert last_plan(sess).schedule() == "parallel"


def test_config_proto_rejects_a_bad_inter_op_thread_count():
    with pytest.raises(ValueError, match="inter_op_parallelism_threads must be an int >= 0"):
        tf.Session(graph=tf.Graph(), config=tf.ConfigProto(inter_op_parallelism_threads=-2))


def test_a_trace_runs_the_plan_in_order_and_records_every_step():
    x = tf.placeholder(tf.float32, name="x")
    fetches = [tf.sin(x, name="s"), tf.cos(x, name="c")]
    with inter_op("force"), tf.Session() as sess:
        meta = tf.RunMetadata()
        sess.run(fetches, {x: 0.0}, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=meta)
        names = {s.node_name for d in meta.step_stats.dev_stats for s in d.node_stats}
        assert {"s", "c"} <= names
