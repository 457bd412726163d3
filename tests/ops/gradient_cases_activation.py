"""Gradient-check cases for jupyter_flow/ops/activation_ops.py (SELU, softplus, softsign)."""
import numpy as np


def _ph(tf, shape):
    return tf.placeholder(tf.float64, shape, name="x")


def _weighted(tf, y, rng, shape):
    return y * tf.constant(rng.standard_normal(shape))


def _away_from_zero(rng, shape, margin=0.1):
    v = rng.standard_normal(shape)
    return np.where(v >= 0, v + margin, v - margin)


def selu(tf, rng):
    x = _ph(tf, (3, 4))
    return _weighted(tf, tf.nn.selu(x), rng, (3, 4)), [x], [_away_from_zero(rng, (3, 4))]


def softplus(tf, rng):
    x = _ph(tf, (3, 4))
    return _weighted(tf, tf.nn.softplus(x), rng, (3, 4)), [x], [3 * rng.standard_normal((3, 4))]


def softsign(tf, rng):
    x = _ph(tf, (3, 4))
    return _weighted(tf, tf.nn.softsign(x), rng, (3, 4)), [x], [_away_from_zero(rng, (3, 4))]


CASES = [
    ("Selu", selu),
    ("Softplus", softplus),
    ("Softsign", softsign),
]
