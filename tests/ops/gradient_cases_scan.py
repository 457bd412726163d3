"""Gradient-check cases for tf.cumsum and tf.cumprod (all four exclusive/reverse combinations),
checked against finite differences by test_gradient_registry.py. Cumprod's rule divides by x, so
its inputs stay away from zero (as TF1's rule requires)."""
import numpy as np


def _scan(fn_name, axis, exclusive, reverse, nonzero=False):
    def build(tf, rng):
        x = tf.placeholder(tf.float64, (3, 4))
        v = rng.uniform(0.5, 2.0, size=(3, 4)) * rng.choice([-1.0, 1.0], size=(3, 4)) if nonzero else rng.uniform(-2, 2, (3, 4))
        weights = np.arange(12, dtype=np.float64).reshape(3, 4) / 7.0  # a loss that tells the outputs apart
        y = getattr(tf, fn_name)(x, axis=axis, exclusive=exclusive, reverse=reverse) * weights
        return y, [x], [v]
    return build


CASES = []
for _ex in (False, True):
    for _rev in (False, True):
        CASES.append(("Cumsum", _scan("cumsum", 1, _ex, _rev)))
        CASES.append(("Cumprod", _scan("cumprod", 1, _ex, _rev, nonzero=True)))
CASES += [("Cumsum", _scan("cumsum", 0, False, False)), ("Cumprod", _scan("cumprod", -2, True, False, nonzero=True))]
