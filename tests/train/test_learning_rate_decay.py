"""tf.train.exponential_decay: a tensor of the global step, TF1's formula (and staircase)."""
import numpy as np
import pytest

import jupyter_flow as tf


@pytest.mark.parametrize("staircase", [False, True])
def test_exponential_decay_follows_the_formula_as_the_step_advances(staircase):
    global_step = tf.train.get_or_create_global_step()
    learning_rate = tf.train.exponential_decay(0.1, global_step, decay_steps=4, decay_rate=0.5, staircase=staircase)
    assert learning_rate.dtype == tf.float32 and learning_rate.shape == ()
    assert learning_rate.op.name == "ExponentialDecay"
    step_once = tf.assign_add(global_step, 1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = []
        for _ in range(10):
            values.append(sess.run(learning_rate))
            sess.run(step_once)
    steps = np.arange(10)
    exponent = np.floor(steps / 4) if staircase else steps / 4
    np.testing.assert_allclose(values, 0.1 * 0.5 ** exponent, rtol=1e-6)
    if staircase:
        assert values[0] == values[3] and values[4] < values[3]


def test_exponential_decay_accepts_a_plain_step_and_float64_rate():
    learning_rate = tf.train.exponential_decay(tf.constant(0.2, tf.float64), 300, 100, 0.96, name="lr")
    assert learning_rate.dtype == tf.float64 and learning_rate.op.name == "lr"
    with tf.Session() as sess:
        assert sess.run(learning_rate) == pytest.approx(0.2 * 0.96 ** 3, rel=1e-12)


def test_exponential_decay_drives_an_optimizer_through_minimize():
    x = tf.Variable(10.0, name="x")
    loss = 0.5 * x * x  # gradient x
    global_step = tf.train.get_or_create_global_step()
    learning_rate = tf.train.exponential_decay(0.5, global_step, 1, 0.5, staircase=True)
    training_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss, global_step=global_step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(training_op)
        expected = 10.0
        for lr in (0.5, 0.25, 0.125):
            expected -= lr * expected
        assert sess.run(x) == pytest.approx(expected, rel=1e-6)


def test_exponential_decay_needs_a_global_step_and_a_float_rate():
    with pytest.raises(ValueError, match="global_step is required for exponential_decay"):
        tf.train.exponential_decay(0.1, None, 10, 0.9)
    with pytest.raises(TypeError, match="learning_rate must be a float, got int32"):
        tf.train.exponential_decay(1, tf.train.get_or_create_global_step(), 10, 0.9)
