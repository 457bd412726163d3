import numpy as np
import pytest

import jupyter_flow as tf


@pytest.fixture(autouse=True)
def fresh_default_graph():
    """Each test builds in an empty default graph (names start again at 'theta', 'GradientDescent')."""
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


@pytest.fixture(scope="session")
def housing_like_data():
    """Synthetic data shaped like the chapter's California housing set, from a fixed seed (offline):
    (scaled_housing_data_plus_bias float32 [20640, 9], target float32 [20640, 1],
    normal-equation theta float64 [9, 1]).

    Features are correlated (as median income, rooms and bedrooms are) and on different scales
    before standardization; the target is linear in them plus noise.
    """
    m, n = 20640, 8
    rng = np.random.default_rng(42)
    mixing = np.eye(n) + 0.3 * rng.standard_normal((n, n))
    raw = rng.standard_normal((m, n)) @ mixing * rng.uniform(0.5, 50.0, size=n) + rng.uniform(-10, 10, size=n)
    scaled = (raw - raw.mean(axis=0)) / raw.std(axis=0)
    X = np.c_[np.ones((m, 1)), scaled]
    true_theta = rng.uniform(-1.0, 1.0, size=(n + 1, 1)) + np.r_[[[2.0]], np.zeros((n, 1))]
    y = X @ true_theta + 0.5 * rng.standard_normal((m, 1))
    X, y = X.astype(np.float32), y.astype(np.float32)
    theta_best = np.linalg.lstsq(X.astype(np.float64), y.astype(np.float64), rcond=None)[0]
    return X, y, theta_best


class QuadraticProblem:
    """loss = 0.5 * sum((x - TARGET)^2) for a 2x3 variable x starting at START: its gradient is
    x - TARGET, so NumPy can replay any optimizer exactly."""

    TARGET = np.array([[1.0, -2.0, 0.5], [3.0, 0.25, -1.5]])
    START = np.array([[0.3, 0.1, -0.2], [-1.0, 2.0, 0.7]])

    @classmethod
    def build(cls, dtype):
        """(x, loss) in the default graph, with x named 'x' of `dtype`."""
        x = tf.Variable(cls.START.astype(dtype.as_numpy_dtype), name="x")
        loss = 0.5 * tf.reduce_sum(tf.square(x - cls.TARGET.astype(dtype.as_numpy_dtype)))
        return x, loss


@pytest.fixture
def quadratic():
    return QuadraticProblem
