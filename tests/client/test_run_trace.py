"""Traced runs: sess.run(..., options=tf.RunOptions(trace_level=FULL_TRACE), run_metadata=md) fills
md.step_stats as TF1 does (one NodeExecStats per step, TF1's field names and label format), and an
untraced run does not time anything (the hot path is the plain Plan.run)."""
import time

import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow import _engine
from jupyter_flow.client.run_profile import RunProfile
from jupyter_flow.client.step_stats import DEVICE, FOLDED_DEVICE

FULL_TRACE = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)


def small_model():
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    w = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4), name="w")
    y = tf.matmul(x, w, name="y")
    z = tf.reduce_sum(tf.nn.relu(y, name="relu"), name="z")
    return x, y, z


def traced(sess, fetches, feed_dict=None):
    md = tf.RunMetadata()
    out = sess.run(fetches, feed_dict, options=FULL_TRACE, run_metadata=md)
    return out, md


def test_full_trace_fills_step_stats_with_tf1_fields():
    x, y, z = small_model()
    feed = {x: np.ones((2, 3), np.float32)}
    with tf.Session() as sess:
        before = time.time() * 1e6
        out, md = traced(sess, z, feed)
        after = time.time() * 1e6
        assert out == sess.run(z, feed) == 132.0
        assert [d.device for d in md.step_stats.dev_stats] == [DEVICE]
        stats = {s.node_name: s for s in md.step_stats.dev_stats[0].node_stats}
        plan_steps = sess._runners[(z, x)].plan.step_names()
        assert sorted(stats) == sorted(plan_steps)
        assert {"w", "y", "relu", "z"} <= set(stats)
        mm = stats["y"]
        assert mm.timeline_label == "y = MatMul(x, w)"
        assert stats["z"].timeline_label == "z = Sum(relu)"  # the axes are an attribute here
        assert before - 1000 <= mm.all_start_micros <= after
        assert mm.op_start_rel_micros == 0 and mm.op_end_rel_micros == mm.all_end_rel_micros >= 0
        assert mm.all_start_nanos // 1000 == mm.all_start_micros
        [output] = mm.output
        assert output.slot == 0
        assert output.tensor_description.dtype == 1  # DT_FLOAT
        assert [d.size for d in output.tensor_description.shape.dim] == [2, 4]
        assert output.tensor_description.allocation_description.requested_bytes == 32
        assert output.tensor_description.allocation_description.allocator_name == "cpu"
        # Steps ran in order, one after the other, on the calling thread.
        starts = [s.all_start_nanos for s in md.step_stats.dev_stats[0].node_stats]
        assert starts == sorted(starts) and {s.thread_id for s in stats.values()} == {0}


def test_untraced_runs_time_no_step_and_use_the_plain_run():
    x, y, z = small_model()
    feed = {x: np.ones((2, 3), np.float32)}
    with tf.Session() as sess:
        sess.run(z, feed)
        runner = sess._runners[(z, x)]
        calls = []

        class RecordingPlan:  # the cached plan, watched: which entry point does each run take?
            def __init__(self, plan):
                self.plan = plan

            def run(self, *args):
                calls.append("run")
                return self.plan.run(*args)

            def run_traced(self, *args):
                calls.append("run_traced")
                return self.plan.run_traced(*args)

        runner.plan = RecordingPlan(runner.plan)
        timed = _engine.timed_steps_total()
        for _ in range(5):
            sess.run(z, feed)
        sess.run(z, feed, options=tf.RunOptions(), run_metadata=tf.RunMetadata())  # NO_TRACE
        sess.run(z, feed, options=FULL_TRACE)  # no run_metadata to fill: TF1 traces for nothing
        assert calls == ["run"] * 7
        assert _engine.timed_steps_total() == timed
        _, md = traced(sess, z, feed)
        assert calls[-1] == "run_traced"
        assert _engine.timed_steps_total() == timed + len(md.step_stats.dev_stats[0].node_stats) == \
            timed + len(runner.plan.plan.step_names())


def test_options_must_be_run_options():
    x, y, z = small_model()
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="options must be a tf.RunOptions, got dict"):
            sess.run(z, {x: np.ones((2, 3))}, options={"trace_level": 3})


def test_run_metadata_is_replaced_by_each_traced_run():
    x, y, z = small_model()
    feed = {x: np.ones((2, 3), np.float32)}
    with tf.Session() as sess:
        md = tf.RunMetadata()
        sess.run(z, feed, options=FULL_TRACE, run_metadata=md)
        sess.run(y, feed, options=FULL_TRACE, run_metadata=md)
        assert sorted(s.node_name for s in md.step_stats.dev_stats[0].node_stats) == ["w", "y"]


def test_folded_steps_are_listed_apart_once_cached():
    x = tf.placeholder(tf.float32, [3], name="x")
    scale = tf.multiply(tf.constant(2.0, name="two"), 3.0, name="scale")  # folded: constants only
    y = tf.multiply(x, scale, name="y")
    with tf.Session() as sess:
        _, first = traced(sess, y, {x: [1, 2, 3]})
        out, second = traced(sess, y, {x: [1, 2, 3]})
    np.testing.assert_allclose(out, [6, 12, 18])
    devices = {d.device: [s.node_name for s in d.node_stats] for d in first.step_stats.dev_stats}
    assert "scale" in devices[DEVICE]  # computed by this (the first) run, into the fold cache
    assert devices[FOLDED_DEVICE] == ["two", "scale/y", "scale"]
    devices = {d.device: [s.node_name for s in d.node_stats] for d in second.step_stats.dev_stats}
    assert devices[DEVICE] == ["y"] and devices[FOLDED_DEVICE] == ["two", "scale/y", "scale"]
    cached = second.step_stats.dev_stats[1].node_stats[2]
    assert cached.all_end_rel_nanos == 0 and cached.timeline_label == "scale = Mul(two, scale/y)"


def test_loop_body_steps_are_traced_per_iteration_and_not_counted_twice():
    x = tf.placeholder(tf.float32, [64, 64], name="x")
    i0 = tf.constant(0, name="i0")
    _, y = tf.while_loop(lambda i, v: i < 5, lambda i, v: (i + 1, tf.matmul(v, x, name="step")), [i0, x])
    with tf.Session() as sess:
        _, md = traced(sess, y, {x: np.eye(64, dtype=np.float32)})
    node_stats = md.step_stats.dev_stats[0].node_stats
    loop = [s for s in node_stats if s.timeline_label.split(" = ")[1].startswith(("While", "StatelessWhile"))]
    steps = [s for s in node_stats if s.node_name == "while/step"]
    assert len(loop) == 1 and len(steps) == 5
    start, end = loop[0].all_start_nanos, loop[0].all_start_nanos + loop[0].all_end_rel_nanos
    assert all(start <= s.all_start_nanos and s.all_start_nanos + s.all_end_rel_nanos <= end for s in steps)
    profile = RunProfile.from_step_stats([md.step_stats])
    assert profile.nodes["while/step"].calls == 5
    # The loop's own (self) time excludes its body: node totals add up to the run, not more.
    body = sum(t.nanos for name, t in profile.nodes.items() if name.startswith("while/") and name != loop[0].node_name)
    assert body > 0
    assert profile.nodes[loop[0].node_name].nanos <= loop[0].all_end_rel_nanos - body + 1
    assert profile.total_nanos <= sum(s.all_end_rel_nanos for s in node_stats if s not in steps) + 1


def test_trace_and_profile_of_a_training_step():
    rng = np.random.default_rng(0)
    X = tf.placeholder(tf.float32, [None, 8], name="X")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    hidden = tf.layers.dense(X, 16, activation=tf.nn.relu, name="hidden")
    pred = tf.layers.dense(hidden, 1, name="out")
    loss = tf.reduce_mean(tf.square(pred - y), name="mse")
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    feed = {X: rng.normal(size=(32, 8)).astype(np.float32), y: rng.normal(size=(32, 1)).astype(np.float32)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        runs = [traced(sess, train, feed)[1].step_stats for _ in range(3)]
    profile = RunProfile.from_step_stats(runs)
    assert profile.runs == 3
    rows = {r.op: r for r in profile.by_op_type()}
    assert rows["MatMul"].calls == 3 * 5  # two forward, three backward (no gradient for the input X)
    assert abs(sum(r.share for r in rows.values()) - 1) < 1e-9
    assert profile.nodes["hidden/MatMul"].calls == 3
    table = profile.table("t").splitlines()
    assert table[0] == "t" and table[1].split() == ["op", "type", "calls", "total", "ms", "share"]
    assert table[-1].split()[0] == "total" and table[-1].endswith("100.0%")
