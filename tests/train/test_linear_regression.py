"""The chapter's proof: linear regression on standardized housing-shaped data reaches the
normal-equation solution by autodiff + assign, by every optimizer, and by mini-batch gradient
descent fed through placeholders.

Tolerances: theta within 1e-4 (absolute; the coefficients are of order 1, the random start is
~1 away) of np.linalg.lstsq's float64 solution, and the final MSE within 1e-5 (relative) of the
least-squares MSE. The engine computes in float32 (sums over 20640 rows); runs reach ~2e-6.
"""
import numpy as np
import pytest

import jupyter_flow as tf

THETA_ATOL = 1e-4
MSE_RTOL = 1e-5


@pytest.fixture(scope="module")
def housing(housing_like_data):
    X, y, theta_best = housing_like_data
    best_mse = float(np.mean((X.astype(np.float64) @ theta_best - y) ** 2))
    return X, y, theta_best, best_mse


def _linear_model(X_value, y_value):
    n = X_value.shape[1]
    X = tf.constant(X_value, dtype=tf.float32, name="X")
    y = tf.constant(y_value, dtype=tf.float32, name="y")
    theta = tf.Variable(tf.random_uniform([n, 1], -1.0, 1.0, seed=42), name="theta")
    y_pred = tf.matmul(X, theta, name="predictions")
    error = y_pred - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
    return theta, mse


def _assert_reaches_normal_equation(theta_value, mse_value, theta_best, best_mse):
    np.testing.assert_allclose(theta_value, theta_best, atol=THETA_ATOL, rtol=0)
    assert abs(mse_value - best_mse) <= MSE_RTOL * best_mse


def _train(training_op, theta, mse, n_epochs):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(n_epochs):
            sess.run(training_op)
        return sess.run([theta, mse])


def test_autodiff_and_assign_reach_the_normal_equation_solution(housing):
    X, y, theta_best, best_mse = housing
    theta, mse = _linear_model(X, y)
    gradients = tf.gradients(mse, [theta])[0]
    training_op = tf.assign(theta, theta - 0.1 * gradients)
    theta_value, mse_value = _train(training_op, theta, mse, 1000)
    _assert_reaches_normal_equation(theta_value, mse_value, theta_best, best_mse)


def _decaying(lr, steps_per_tenth):
    """A learning rate tensor shrinking tenfold every `steps_per_tenth` steps, and its step counter."""
    global_step = tf.train.get_or_create_global_step()
    return tf.train.exponential_decay(lr, global_step, steps_per_tenth, 0.1), global_step


OPTIMIZERS = {
    "GradientDescent": (lambda: tf.train.GradientDescentOptimizer(learning_rate=0.1), 1000),
    "Momentum": (lambda: tf.train.MomentumOptimizer(learning_rate=0.02, momentum=0.9), 300),
    "Nesterov": (lambda: tf.train.MomentumOptimizer(learning_rate=0.02, momentum=0.9, use_nesterov=True), 300),
    "Adagrad": (lambda: tf.train.AdagradOptimizer(learning_rate=0.5), 500),
    # RMSProp and Adam take steps of about the learning rate whatever the gradient's size, so
    # they settle on the optimum only as the rate decays (a tensor learning rate).
    "RMSProp": (lambda: tf.train.RMSPropOptimizer(learning_rate=_decaying(0.05, 400)[0], momentum=0.5), 1200),
    "CenteredRMSProp": (lambda: tf.train.RMSPropOptimizer(learning_rate=_decaying(0.05, 400)[0], centered=True),
                        1200),
    "Adam": (lambda: tf.train.AdamOptimizer(learning_rate=_decaying(0.1, 500)[0]), 600),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_each_optimizer_reaches_the_normal_equation_solution(housing, name):
    X, y, theta_best, best_mse = housing
    make_optimizer, n_epochs = OPTIMIZERS[name]
    theta, mse = _linear_model(X, y)
    optimizer = make_optimizer()
    training_op = optimizer.minimize(mse, global_step=tf.train.get_global_step())
    theta_value, mse_value = _train(training_op, theta, mse, n_epochs)
    _assert_reaches_normal_equation(theta_value, mse_value, theta_best, best_mse)


def test_mini_batch_gradient_descent_with_placeholders_reaches_the_solution(housing):
    X_value, y_value, theta_best, best_mse = housing
    m, n = X_value.shape
    X = tf.placeholder(tf.float32, shape=(None, n), name="X")
    y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
    theta = tf.Variable(tf.random_uniform([n, 1], -1.0, 1.0, seed=42), name="theta")
    mse = tf.reduce_mean(tf.square(tf.matmul(X, theta) - y), name="mse")
    global_step = tf.train.get_or_create_global_step()
    learning_rate = tf.train.exponential_decay(0.05, global_step, decay_steps=1000, decay_rate=0.3)
    training_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(mse, global_step=global_step)

    batch_size, n_epochs = 100, 20
    n_batches = int(np.ceil(m / batch_size))
    rng = np.random.default_rng(7)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(n_epochs):
            for batch_index in range(n_batches):
                indices = rng.integers(m, size=batch_size)
                sess.run(training_op, feed_dict={X: X_value[indices], y: y_value[indices]})
        theta_value, mse_value, steps = sess.run([theta, mse, global_step], feed_dict={X: X_value, y: y_value})
    assert steps == n_epochs * n_batches
    # Mini-batch noise: looser than full batch (runs reach ~2e-3), yet far closer than the
    # random start (~1 away).
    np.testing.assert_allclose(theta_value, theta_best, atol=0.01, rtol=0)
    assert mse_value <= best_mse * (1 + 2e-4)
