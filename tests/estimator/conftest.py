import numpy as np
import pytest

import jupyter_flow as tf


@pytest.fixture(autouse=True)
def fresh_default_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


@pytest.fixture(scope="session")
def digits():
    """sklearn's 8x8 digits (offline), scaled to [0, 1]: (X_train, y_train, X_test, y_test)."""
    from sklearn.datasets import load_digits
    data = load_digits()
    X = (data.data / 16.0).astype(np.float32)
    y = data.target.astype(np.int64)
    rng = np.random.RandomState(42)
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    return X[:1500], y[:1500], X[1500:], y[1500:]
