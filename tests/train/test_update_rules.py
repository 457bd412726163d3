"""The optimizers' update rules against NumPy references of TF1's kernels (float32 and float64),
one fused update op per variable, and hyperparameters given as numbers, tensors, variables or
callables."""
import numpy as np
import pytest

import jupyter_flow as tf


# ----- NumPy references of TF1's update rules, for the gradient g = x - target -------------------

def _numpy_steps(name, n_steps, start, target, **hyper):
    x = start.copy()
    m = np.zeros_like(x)
    v = np.zeros_like(x)
    mg = np.zeros_like(x)
    accum = np.full_like(x, hyper.get("initial_accumulator_value", 0.1)) if name == "Adagrad" else np.zeros_like(x)
    ms = np.ones_like(x)
    for t in range(1, n_steps + 1):
        g = x - target
        lr = hyper["learning_rate"]
        if name == "GradientDescent":
            x = x - lr * g
        elif name == "Momentum":
            mu = hyper["momentum"]
            accum = mu * accum + g
            x = x - (lr * g + lr * mu * accum if hyper.get("use_nesterov") else lr * accum)
        elif name == "Adagrad":
            accum = accum + g * g
            x = x - lr * g / np.sqrt(accum)
        elif name == "RMSProp":
            rho, mu, eps = hyper["decay"], hyper["momentum"], hyper["epsilon"]
            ms = rho * ms + (1 - rho) * g * g
            if hyper.get("centered"):
                mg = rho * mg + (1 - rho) * g
                denominator = ms - mg * mg + eps
            else:
                denominator = ms + eps
            m = mu * m + lr * g / np.sqrt(denominator)
            x = x - m
        elif name == "Adam":
            b1, b2, eps = hyper["beta1"], hyper["beta2"], hyper["epsilon"]
            lr_t = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            x = x - lr_t * m / (np.sqrt(v) + eps)
    return x


CASES = [
    ("GradientDescent", tf.train.GradientDescentOptimizer, dict(learning_rate=0.3)),
    ("Momentum", tf.train.MomentumOptimizer, dict(learning_rate=0.1, momentum=0.9)),
    ("Momentum", tf.train.MomentumOptimizer, dict(learning_rate=0.1, momentum=0.9, use_nesterov=True)),
    ("Adagrad", tf.train.AdagradOptimizer, dict(learning_rate=0.4, initial_accumulator_value=0.2)),
    ("RMSProp", tf.train.RMSPropOptimizer, dict(learning_rate=0.05, decay=0.8, momentum=0.3, epsilon=1e-6)),
    ("RMSProp", tf.train.RMSPropOptimizer, dict(learning_rate=0.05, decay=0.8, momentum=0.3, epsilon=1e-6,
                                                centered=True)),
    ("Adam", tf.train.AdamOptimizer, dict(learning_rate=0.1, beta1=0.8, beta2=0.95, epsilon=1e-7)),
]


@pytest.mark.parametrize("dtype", [tf.float64, tf.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("name,cls,hyper", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_update_rule_matches_numpy_reference_over_several_steps(quadratic, name, cls, hyper, dtype):
    x, loss = quadratic.build(dtype)
    training_op = cls(**hyper).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            sess.run(training_op)
        value = sess.run(x)
    assert value.dtype == dtype.as_numpy_dtype
    expected = _numpy_steps(name, 5, quadratic.START, quadratic.TARGET, **hyper)
    np.testing.assert_allclose(value, expected, rtol=1e-12 if dtype is tf.float64 else 2e-5, atol=1e-6)


@pytest.mark.parametrize("cls,hyper,op_type", [
    (tf.train.GradientDescentOptimizer, dict(learning_rate=0.1), "ApplyGradientDescent"),
    (tf.train.MomentumOptimizer, dict(learning_rate=0.1, momentum=0.9), "ApplyMomentum"),
    (tf.train.AdagradOptimizer, dict(learning_rate=0.1), "ApplyAdagrad"),
    (tf.train.RMSPropOptimizer, dict(learning_rate=0.1), "ApplyRMSProp"),
    (tf.train.RMSPropOptimizer, dict(learning_rate=0.1, centered=True), "ApplyCenteredRMSProp"),
    (tf.train.AdamOptimizer, dict(), "ApplyAdam"),
])
def test_each_variable_is_updated_by_one_fused_op_of_tf1_type(quadratic, cls, hyper, op_type):
    x, loss = quadratic.build(tf.float32)
    b = tf.Variable(0.5, name="b")
    cls(**hyper).minimize(loss + b * b)
    update_ops = [op for op in tf.get_default_graph().get_operations() if op.type.startswith("Apply")]
    assert sorted(op.name.split("/")[1] for op in update_ops) == ["update_b", "update_x"]
    assert {op.type for op in update_ops} == {op_type}


# ----- hyperparameters as tensors -------------------------------------------------------------

def test_learning_rate_may_be_a_placeholder_fed_each_step(quadratic):
    x, loss = quadratic.build(tf.float32)
    learning_rate = tf.placeholder(tf.float32, shape=[], name="learning_rate")
    training_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(training_op, feed_dict={learning_rate: 0.0})
        np.testing.assert_allclose(sess.run(x), quadratic.START, rtol=1e-6)
        sess.run(training_op, feed_dict={learning_rate: 0.25})
        expected = quadratic.START - 0.25 * (quadratic.START - quadratic.TARGET)
        np.testing.assert_allclose(sess.run(x), expected, rtol=1e-6)


def test_hyperparameters_may_be_variables_and_are_cast_to_the_variables_dtype(quadratic):
    x, loss = quadratic.build(tf.float64)
    learning_rate = tf.Variable(0.1, name="lr", trainable=False)  # float32
    momentum = tf.constant(0.5)  # float32
    optimizer = tf.train.MomentumOptimizer(learning_rate, momentum)
    training_op = optimizer.minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(training_op)
        sess.run(learning_rate.assign(0.2))
        sess.run(training_op)
        accum1 = quadratic.START - quadratic.TARGET
        x1 = quadratic.START - np.float64(np.float32(0.1)) * accum1
        accum2 = 0.5 * accum1 + (x1 - quadratic.TARGET)
        np.testing.assert_allclose(sess.run(x), x1 - np.float64(np.float32(0.2)) * accum2, rtol=1e-12)


def test_learning_rate_may_be_a_callable(quadratic):
    x, loss = quadratic.build(tf.float64)
    training_op = tf.train.GradientDescentOptimizer(lambda: tf.constant(0.5, tf.float64)).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(training_op)
        np.testing.assert_allclose(sess.run(x), quadratic.START - 0.5 * (quadratic.START - quadratic.TARGET))


def test_python_hyperparameters_become_named_constants_of_the_variables_dtype(quadratic):
    x, loss = quadratic.build(tf.float64)
    tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
    g = tf.get_default_graph()
    lr, mu = g.get_tensor_by_name("Momentum/learning_rate:0"), g.get_tensor_by_name("Momentum/momentum:0")
    assert lr.dtype == tf.float64 and mu.dtype == tf.float64
    assert not [op for op in g.get_operations() if op.type == "Cast"]


@pytest.mark.parametrize("learning_rate", [np.float32(0.5), np.array(0.5), 1], ids=["np.float32", "0-d array", "int"])
def test_numpy_and_integer_learning_rates_are_accepted(quadratic, learning_rate):
    x, loss = quadratic.build(tf.float64)
    training_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(training_op)
        expected = quadratic.START - float(learning_rate) * (quadratic.START - quadratic.TARGET)
        np.testing.assert_allclose(sess.run(x), expected)


def test_non_scalar_learning_rate_is_rejected_naming_it(quadratic):
    x, loss = quadratic.build(tf.float32)
    with pytest.raises(ValueError, match="GradientDescentOptimizer's learning_rate must be a scalar, "
                                         "but 'Const:0' has shape \\(2,\\)"):
        tf.train.GradientDescentOptimizer(tf.constant([0.1, 0.2])).minimize(loss)


def test_non_numeric_learning_rate_is_rejected():
    with pytest.raises(TypeError, match="learning_rate must be a Python number"):
        tf.train.GradientDescentOptimizer("fast")
