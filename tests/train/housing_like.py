"""Synthetic data shaped like the chapter's California housing set (20640 districts, 8 features),
generated from a fixed seed so the tests run offline and give the same numbers every time."""
import numpy as np

M, N = 20640, 8


def housing_like_data(seed=42):
    """(scaled_housing_data_plus_bias float32 [M, 9], target float32 [M, 1], normal-equation theta float64 [9, 1]).

    Features are correlated (as median income, rooms and bedrooms are) and on different scales
    before standardization; the target is linear in them plus noise.
    """
    rng = np.random.default_rng(seed)
    mixing = np.eye(N) + 0.3 * rng.standard_normal((N, N))
    raw = rng.standard_normal((M, N)) @ mixing * rng.uniform(0.5, 50.0, size=N) + rng.uniform(-10, 10, size=N)
    scaled = (raw - raw.mean(axis=0)) / raw.std(axis=0)
    X = np.c_[np.ones((M, 1)), scaled]
    true_theta = rng.uniform(-1.0, 1.0, size=(N + 1, 1)) + np.r_[[[2.0]], np.zeros((N, 1))]
    y = X @ true_theta + 0.5 * rng.standard_normal((M, 1))
    X, y = X.astype(np.float32), y.astype(np.float32)
    theta_best = np.linalg.lstsq(X.astype(np.float64), y.astype(np.float64), rcond=None)[0]
    return X, y, theta_best
