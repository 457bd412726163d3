"""Gradient-check cases for tf.check_numerics (case format: see gradient_cases_math.py): the
gradient passes through unchanged (and is itself checked)."""


def _check_numerics_passes_gradient(tf, rng):
    x = tf.placeholder(tf.float64, (2, 3))
    y = tf.check_numerics(tf.sin(x), "sin")
    return y * y, [x], [rng.uniform(-2, 2, size=(2, 3))]


CASES = [("CheckNumerics", _check_numerics_passes_gradient)]
