"""tf.debugging.enable_check_numerics() (what %flow_debug nan on switches): the engine checks every
float output of every step and fails the run at the first op that produced NaN or Inf, naming it,
its op type, its inputs' ranges and the line that made it. Off by default."""
import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow import _engine


@pytest.fixture
def checking():
    tf.debugging.enable_check_numerics()
    yield
    tf.debugging.disable_check_numerics()


def test_off_by_default_and_nan_flows_through():
    assert _engine.check_numerics() is False
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.log(x, name="log") * 2.0
    with tf.Session() as sess:
        out = sess.run(y, {x: [-1.0, 1.0]})
    assert np.isnan(out[0]) and out[1] == 0.0


def test_first_op_producing_nan_is_named_with_its_inputs_ranges(checking):
    x = tf.placeholder(tf.float32, [2], name="x")
    shifted = tf.subtract(x, 2.0, name="shifted")
    logged = tf.log(shifted, name="logged")  # NaN for x < 2
    doubled = tf.multiply(logged, 2.0, name="doubled")  # NaN too, but not first
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(doubled, {x: [3.0, 5.0]}), 2 * np.log([1.0, 3.0]), rtol=1e-6)
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(doubled, {x: [1.0, 5.0]})
    error = info.value
    assert error.op is logged.op
    message = str(error)
    assert message.startswith("'logged' (op Log) produced float32 [2]: min 1.09861, max 1.09861, 1 NaN in output 0.\n"
                              "Its inputs:\n  'shifted:0' float32 [2]: min -1, max 3\n")
    assert "%flow_debug nan on" in message
    assert "[[node logged (op: Log), defined at test_check_numerics_mode.py, line 30" in message


def test_inf_is_found_too(checking):
    x = tf.placeholder(tf.float64, [3], name="x")
    y = tf.divide(1.0, x, name="inverse")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"^'inverse' \(op RealDiv\) produced float64 \[3\]: "
                                                                 r"min 0.5, max 1, 1 \+Inf in output 0"):
            sess.run(y, {x: [1.0, 0.0, 2.0]})


def test_a_fed_nan_is_blamed_on_what_fed_it(checking):
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.square(x, name="sq")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(y, {x: [np.nan, 1.0]})
    assert "'x:0' float32 [2]: min 1, max 1, 1 NaN" in str(info.value)
    assert "The input 'x:0' already held NaN or Inf when this op ran" in str(info.value)


def test_nan_inside_a_loop_body_names_the_body_op_and_iteration(checking):
    x = tf.placeholder(tf.float32, [], name="x")
    _, y = tf.while_loop(lambda i, v: i < 4, lambda i, v: (i + 1, tf.sqrt(v - 1.0, name="root")), [0, x])
    with tf.Session() as sess:
        assert np.isfinite(sess.run(y, {x: 1e6}))
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(y, {x: 2.0})  # 2 -> 1 -> 0 -> sqrt(-1): NaN in the third iteration
    assert str(info.value).startswith("'while/root' (op Sqrt) produced float32 []: no finite values, 1 NaN")
    assert "iteration 2 of while loop" in str(info.value)
    assert info.value.op.name == "while/root"


def test_check_and_trace_together(checking):
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.sqrt(x, name="root")
    md = tf.RunMetadata()
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    with tf.Session() as sess:
        sess.run(y, {x: [1.0, 4.0]}, options=options, run_metadata=md)
        assert [s.node_name for s in md.step_stats.dev_stats[0].node_stats] == ["root"]
        with pytest.raises(tf.errors.InvalidArgumentError, match="'root' .op Sqrt. produced"):
            sess.run(y, {x: [-1.0, 4.0]}, options=options, run_metadata=md)


def test_disable_turns_it_off():
    tf.debugging.enable_check_numerics()
    assert _engine.check_numerics() is True
    tf.debugging.disable_check_numerics()
    x = tf.placeholder(tf.float32, [1], name="x")
    with tf.Session() as sess:
        assert np.isnan(sess.run(tf.sqrt(x), {x: [-1.0]})[0])


def test_a_plan_fused_before_the_check_was_on_is_replanned_so_the_first_op_is_named():
    x = tf.placeholder(tf.float32, [2], name="x")
    logged = tf.log(tf.subtract(x, 2.0, name="shifted"), name="logged")
    doubled = tf.multiply(logged, 2.0, name="doubled")
    with tf.Session() as sess:
        sess.run(doubled, {x: [3.0, 5.0]})  # planned (and fused) while the check is off
        tf.debugging.enable_check_numerics()
        try:
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"^'logged' \(op Log\)") as info:
                sess.run(doubled, {x: [1.0, 5.0]})
        finally:
            tf.debugging.disable_check_numerics()
        assert info.value.op is logged.op
        assert np.isnan(sess.run(doubled, {x: [1.0, 5.0]})[0])  # off again: NaN flows through
