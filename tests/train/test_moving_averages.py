"""tf.train.ExponentialMovingAverage: shadow names, num_updates, zero_debias and
variables_to_restore, against TF compat.v1 (TF 2.21 in /work/refenv) values."""
import numpy as np
import pytest

import jupyter_flow as tf

# v, w = 2*v[0] and the placeholder t take these values before each apply (step = 0, 1, 2)
VALUES = [[3.0, 0.0], [4.0, -1.0], [0.5, 1.5]]
# TF1's averages after each apply: v's and w's (decay 0.9 with num_updates), t's (0.8, zero_debias)
TF1_V = [[2.8, 0.20000005], [3.7818182, -0.78181815], [1.3204546, 0.9295454]]
TF1_W = [5.9, 7.6181817, 2.6545453]
TF1_T = [[3.0, 0.0], [3.5555558, -0.5555556], [2.3032787, 0.2868853]]


def _build():
    v = tf.Variable([1.0, 2.0], name="v")
    w = tf.Variable(5.0, name="w", trainable=False)
    t = tf.placeholder(tf.float32, [2], name="t")
    step = tf.Variable(0, name="step", trainable=False)
    ema = tf.train.ExponentialMovingAverage(0.9, num_updates=step)
    with tf.variable_scope("scope"):
        op = ema.apply([v, w])
    debiased = tf.train.ExponentialMovingAverage(0.8, zero_debias=True, name="Debiased")
    op_t = debiased.apply([t])
    return v, w, t, step, ema, op, debiased, op_t


def test_apply_updates_shadows_with_num_updates_and_zero_debias_as_tf1():
    v, w, t, step, ema, op, debiased, op_t = _build()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        start = sess.run([ema.average(v), ema.average(w), debiased.average(t)])
        np.testing.assert_allclose(start[0], [1.0, 2.0])
        assert start[1] == 5.0
        np.testing.assert_allclose(start[2], [0.0, 0.0])
        for i, val in enumerate(VALUES):
            sess.run([tf.assign(v, val), tf.assign(w, val[0] * 2), tf.assign(step, i)])
            sess.run([op, op_t], {t: val})
            got_v, got_w, got_t = sess.run([ema.average(v), ema.average(w), debiased.average(t)])
            np.testing.assert_allclose(got_v, TF1_V[i], rtol=1e-6)
            assert got_w == pytest.approx(TF1_W[i], rel=1e-6)
            np.testing.assert_allclose(got_t, TF1_T[i], rtol=1e-6)


def test_shadow_variables_are_named_as_tf1():
    v, w, t, step, ema, op, debiased, op_t = _build()
    assert op.name == "scope/ExponentialMovingAverage" and op.type == "NoOp"
    assert ema.average(v).name == "scope/v/ExponentialMovingAverage:0"
    assert ema.average_name(v) == "scope/v/ExponentialMovingAverage"
    assert debiased.average(t).name == "t/Debiased:0"
    assert sorted(x.name for x in tf.global_variables()) == [
        "scope/v/ExponentialMovingAverage:0", "scope/w/ExponentialMovingAverage:0", "step:0", "t/Debiased/biased:0",
        "t/Debiased/local_step:0", "t/Debiased:0", "v:0", "w:0"]
    assert [x.name for x in tf.get_collection("moving_average_variables")] == ["v:0", "w:0"]
    restore = ema.variables_to_restore()
    assert sorted(restore) == ["scope/v/ExponentialMovingAverage", "scope/w/ExponentialMovingAverage", "step",
                               "t/Debiased", "t/Debiased/biased", "t/Debiased/local_step"]
    assert restore["scope/v/ExponentialMovingAverage"] is v


def test_apply_refuses_a_variable_twice_and_integer_variables():
    v = tf.Variable(1.0, name="v")
    ema = tf.train.ExponentialMovingAverage(0.5)
    ema.apply([v])
    with pytest.raises(ValueError, match="already computed for: v:0"):
        ema.apply([v])
    with pytest.raises(TypeError, match="half, float, or double"):
        ema.apply([tf.Variable(1, name="count")])


def test_averages_follow_training_under_control_dependencies():
    x = tf.Variable(4.0, name="x")
    minimize = tf.train.GradientDescentOptimizer(0.5).minimize(x * x)  # x halves... to 0: x -= x
    ema = tf.train.ExponentialMovingAverage(0.5)
    with tf.control_dependencies([minimize]):
        training_op = ema.apply([x])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(training_op)
        # x: 4 -> 0; the average reads the updated x: 4 - 0.5 * (4 - 0)
        assert sess.run([x, ema.average(x)]) == [0.0, 2.0]
