"""The chapter's listings (../shared/reference) run unchanged on jupyter_flow and give TF1's results.

California housing is not on the machine (no downloads), so a synthetic stand-in of the same
shape (20640 x 8, standardized) is used; the code itself is the chapter's.
"""
import numpy as np

import jupyter_flow as tf


def housing_like():
    rng = np.random.RandomState(42)
    data = rng.randn(20640, 8)
    target = data @ rng.randn(8) + 2.0 + 0.1 * rng.randn(20640)
    return data, target


def test_normal_equation_listing():
    data, target = housing_like()
    m, n = data.shape
    housing_data_plus_bias = np.c_[np.ones((m, 1)), data]
    X = tf.constant(housing_data_plus_bias, dtype=tf.float32, name="X")
    y = tf.constant(target.reshape(-1, 1), dtype=tf.float32, name="y")
    XT = tf.transpose(X)
    theta = tf.matmul(tf.matmul(tf.matrix_inverse(tf.matmul(XT, X)), XT), y)
    with tf.Session() as sess:
        theta_value = theta.eval()
    expected = np.linalg.lstsq(housing_data_plus_bias, target.reshape(-1, 1), rcond=None)[0]
    np.testing.assert_allclose(theta_value, expected, atol=2e-3)


def _gradient_descent(gradients_fn):
    data, target = housing_like()
    m, n = data.shape
    scaled_housing_data_plus_bias = np.c_[np.ones((m, 1)), data]
    n_epochs = 1000
    learning_rate = 0.01
    tf.set_random_seed(42)
    X = tf.constant(scaled_housing_data_plus_bias, dtype=tf.float32, name="X")
    y = tf.constant(target.reshape(-1, 1), dtype=tf.float32, name="y")
    theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0), name="theta")
    y_pred = tf.matmul(X, theta, name="predictions")
    error = y_pred - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
    gradients = gradients_fn(X, error, m, mse, theta)
    training_op = tf.assign(theta, theta - learning_rate * gradients)
    init = tf.global_variables_initializer()
    mses = []
    with tf.Session() as sess:
        sess.run(init)
        for epoch in range(n_epochs):
            if epoch % 100 == 0:
                mses.append(mse.eval())
            sess.run(training_op)
        best_theta = theta.eval()
    expected = np.linalg.lstsq(scaled_housing_data_plus_bias, target.reshape(-1, 1), rcond=None)[0]
    return mses, best_theta, expected


def test_manual_gradient_descent_listing_converges():
    mses, best_theta, expected = _gradient_descent(lambda X, error, m, mse, theta: 2 / m * tf.matmul(tf.transpose(X), error))
    assert all(a >= b - 1e-6 for a, b in zip(mses, mses[1:])) and mses[-1] < mses[0] / 10
    np.testing.assert_allclose(best_theta, expected, atol=1e-3)


def test_autodiff_listing_gives_the_same_result():
    mses, best_theta, expected = _gradient_descent(lambda X, error, m, mse, theta: tf.gradients(mse, [theta])[0])
    np.testing.assert_allclose(best_theta, expected, atol=1e-3)


def test_my_func_gradients_match_finite_differences():
    def my_func(a, b):  # as in the chapter's notebook: z starts as a float constant
        z = tf.constant(0.0, dtype=tf.float64, name="z0")
        for i in range(100):
            z = a * tf.cos(z + i) + z * tf.sin(b - i)
        return z

    def my_func_np(a, b):
        z = 0
        for i in range(100):
            z = a * np.cos(z + i) + z * np.sin(b - i)
        return z

    a = tf.Variable(0.2, name="a", dtype=tf.float64)
    b = tf.Variable(0.3, name="b", dtype=tf.float64)
    z = my_func(a, b)
    grads = tf.gradients(z, [a, b])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        z_val, (ga, gb) = sess.run([z, grads])
    eps = 1e-6
    assert np.isclose(z_val, my_func_np(0.2, 0.3))
    assert np.isclose(ga, (my_func_np(0.2 + eps, 0.3) - my_func_np(0.2 - eps, 0.3)) / (2 * eps), rtol=1e-5)
    assert np.isclose(gb, (my_func_np(0.2, 0.3 + eps) - my_func_np(0.2, 0.3 - eps)) / (2 * eps), rtol=1e-5)


def test_placeholder_listing():
    A = tf.placeholder(tf.float32, shape=(None, 3))
    B = A + 5
    with tf.Session() as sess:
        B_val_1 = B.eval(feed_dict={A: [[1, 2, 3]]})
        B_val_2 = B.eval(feed_dict={A: [[4, 5, 6], [7, 8, 9]]})
    np.testing.assert_array_equal(B_val_1, [[6., 7., 8.]])
    np.testing.assert_array_equal(B_val_2, [[9., 10., 11.], [12., 13., 14.]])


def test_mini_batch_listing_with_placeholders():
    data, target = housing_like()
    m, n = data.shape
    scaled = np.c_[np.ones((m, 1)), data]
    learning_rate = 0.01
    X = tf.placeholder(tf.float32, shape=(None, n + 1), name="X")
    y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
    theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
    y_pred = tf.matmul(X, theta, name="predictions")
    error = y_pred - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
    gradients = tf.gradients(mse, [theta])[0]
    training_op = tf.assign(theta, theta - learning_rate * gradients)
    init = tf.global_variables_initializer()
    n_epochs = 10
    batch_size = 100
    n_batches = int(np.ceil(m / batch_size))

    def fetch_batch(epoch, batch_index, batch_size):
        rnd = np.random.RandomState(epoch * n_batches + batch_index)
        indices = rnd.randint(m, size=batch_size)
        return scaled[indices], target.reshape(-1, 1)[indices]

    with tf.Session() as sess:
        sess.run(init)
        for epoch in range(n_epochs):
            for batch_index in range(n_batches):
                X_batch, y_batch = fetch_batch(epoch, batch_index, batch_size)
                sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
        best_theta = theta.eval()
    expected = np.linalg.lstsq(scaled, target.reshape(-1, 1), rcond=None)[0]
    np.testing.assert_allclose(best_theta, expected, atol=0.02)


def test_lifecycle_listing():
    w = tf.constant(3)
    x = w + 2
    y = x + 5
    z = x * 3
    with tf.Session() as sess:
        assert y.eval() == 10
        assert z.eval() == 15
    with tf.Session() as sess:
        y_val, z_val = sess.run([y, z])
    assert (y_val, z_val) == (10, 15)
