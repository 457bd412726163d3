"""Gradient-check cases for the ops of jupyter_flow/ops/math_ops_more.py (checked by test_gradient_registry.py)."""
from tests.ops.gradient_cases_math import BROADCAST_PAIRS, away_from_zero, binary_case, unary_case


def _in(lo, hi):
    return lambda rng, shape: rng.uniform(lo, hi, size=shape)


def _positive_pair(rng, sa, sb):
    return rng.uniform(0.2, 2.0, size=sa), rng.uniform(0.5, 2.0, size=sb)


def _nonzero_pair(rng, sa, sb):
    return away_from_zero(rng, sa), away_from_zero(rng, sb)


UNARY = {
    "Tan": unary_case(lambda tf, x: tf.tan(x), _in(-1.2, 1.2)),
    "Asin": unary_case(lambda tf, x: tf.asin(x), _in(-0.9, 0.9)),
    "Acos": unary_case(lambda tf, x: tf.acos(x), _in(-0.9, 0.9)),
    "Atan": unary_case(lambda tf, x: tf.atan(x)),
    "Sinh": unary_case(lambda tf, x: tf.sinh(x)),
    "Cosh": unary_case(lambda tf, x: tf.cosh(x)),
    "Asinh": unary_case(lambda tf, x: tf.asinh(x)),
    "Acosh": unary_case(lambda tf, x: tf.acosh(x), _in(1.2, 3.0)),
    "Atanh": unary_case(lambda tf, x: tf.atanh(x), _in(-0.9, 0.9)),
    "Expm1": unary_case(lambda tf, x: tf.expm1(x)),
    "Erf": unary_case(lambda tf, x: tf.erf(x)),
    "Erfc": unary_case(lambda tf, x: tf.erfc(x)),
    "Lgamma": unary_case(lambda tf, x: tf.lgamma(x), _in(0.3, 4.0)),
}
BINARY = {
    "Atan2": binary_case(lambda tf, y, x: tf.atan2(y, x), _nonzero_pair),
    "DivNoNan": binary_case(lambda tf, x, y: tf.div_no_nan(x, y), _nonzero_pair),
    "Xlogy": binary_case(lambda tf, x, y: tf.xlogy(x, y), _positive_pair),
    "Xdivy": binary_case(lambda tf, x, y: tf.xdivy(x, y), _nonzero_pair),
}
CASES = [(op, build) for op, build in UNARY.items()]
CASES += [(op, make(sa, sb)) for op, make in BINARY.items() for sa, sb in BROADCAST_PAIRS]
