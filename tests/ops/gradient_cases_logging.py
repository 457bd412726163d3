"""Gradient-check cases for tf.Print (case format: see gradient_cases_math.py): the gradient
passes through to input_ and ignores the printed data."""


def _print_passes_gradient(tf, rng):
    x = tf.placeholder(tf.float64, (2, 3))
    y = tf.Print(x * x, [x, tf.reduce_sum(x)], "x = ", first_n=1)
    return y * 3.0, [x], [rng.uniform(-2, 2, size=(2, 3))]


CASES = [("Print", _print_passes_gradient)]
