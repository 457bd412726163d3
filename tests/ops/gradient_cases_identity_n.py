"""Gradient-check cases for IdentityN and EnsureShape (ops/identity_n_ops.py), checked against
central finite differences by test_gradient_registry.py (case format: see gradient_cases_math.py)."""


def _identity_n(tf, rng):
    a = tf.placeholder(tf.float64, (2, 3))
    b = tf.placeholder(tf.float64, (3,))
    a2, b2 = tf.identity_n([a, b])
    return a2 * 2.0 + b2 * b2, [a, b], [rng.uniform(-2, 2, size=(2, 3)), rng.uniform(-2, 2, size=3)]


def _ensure_shape(tf, rng):
    x = tf.placeholder(tf.float64, (None, 3))
    return tf.ensure_shape(x, [2, None]) * 3.0, [x], [rng.uniform(-2, 2, size=(2, 3))]


CASES = [("IdentityN", _identity_n), ("EnsureShape", _ensure_shape)]
