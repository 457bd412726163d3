"""Synthetic data in the shapes the course uses, from fixed seeds (no downloads).

Example:
    X, y, theta0 = housing_like_data()
    batches = minibatches(X, y, batch_size=100)
"""

from __future__ import annotations

import numpy as np

HOUSING_ROWS, HOUSING_FEATURES = 20640, 8  # California housing; +1 bias column = 9
MNIST_PIXELS, MNIST_CLASSES = 784, 10


def housing_like_data(seed: int = 42):
    """Stand-in for the chapter's scaled_housing_data_plus_bias, its target and a start theta.

    Standardized features plus a bias column, a noisy linear target; all float32.
    """
    rng = np.random.default_rng(seed)
    features = rng.standard_normal((HOUSING_ROWS, HOUSING_FEATURES))
    features = (features - features.mean(axis=0)) / features.std(axis=0)
    data = np.c_[np.ones((HOUSING_ROWS, 1)), features].astype(np.float32)
    true_theta = rng.uniform(-1.0, 1.0, size=(HOUSING_FEATURES + 1, 1))
    target = data @ true_theta + 0.1 * rng.standard_normal((HOUSING_ROWS, 1))
    theta0 = rng.uniform(-1.0, 1.0, size=(HOUSING_FEATURES + 1, 1)).astype(np.float32)
    return data, target.astype(np.float32), theta0


def minibatches(X, y, batch_size: int, seed: int = 42):
    """Full mini-batches of a shuffled copy, made ahead so timing excludes batch fetching."""
    order = np.random.default_rng(seed).permutation(len(X))
    starts = range(0, len(X) - batch_size + 1, batch_size)
    return [
        (np.ascontiguousarray(X[order[s : s + batch_size]]), np.ascontiguousarray(y[order[s : s + batch_size]]))
        for s in starts
    ]


def mnist_like_data(rows: int = 1000, seed: int = 42):
    """Pixels in [0, 1) as float32 (rows x 784) and int64 labels 0..9, like MNIST after scaling."""
    rng = np.random.default_rng(seed)
    pixels = rng.random((rows, MNIST_PIXELS), dtype=np.float32)
    labels = rng.integers(0, MNIST_CLASSES, size=rows, dtype=np.int64)
    return pixels, labels


def glorot_uniform(fan_in: int, fan_out: int, rng) -> np.ndarray:
    """The default kernel initializer of tf.layers.dense, drawn once so every implementation starts alike."""
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out)).astype(np.float32)


def mlp_start_weights(layer_sizes=(MNIST_PIXELS, 300, 100, MNIST_CLASSES), seed: int = 42):
    """[(kernel, bias), ...] for each dense layer; kernels are (inputs, units) as in TF."""
    rng = np.random.default_rng(seed)
    return [
        (glorot_uniform(fan_in, fan_out, rng), np.zeros(fan_out, dtype=np.float32))
        for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:])
    ]
