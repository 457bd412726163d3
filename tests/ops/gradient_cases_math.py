"""Gradient-check cases for the element-wise math, linalg, reduction and array ops, checked
against central finite differences by test_gradient_registry.py.

A case is (op_type, builder); builder(tf, rng) returns (y, xs, x_values) and optionally a dict of
tolerances {"eps", "rtol"}: y a float64 tensor built from xs (placeholders or variables) whose
gradient rule for op_type is under test, x_values float64 arrays to evaluate at. Inputs stay away
from kinks (|x| at 0 for Abs/Relu, ties for Max/Maximum, integer ratios for FloorMod) where finite
differences do not measure the rule's value.
"""
import numpy as np

BROADCAST_PAIRS = [((3, 4), (3, 4)), ((3, 4), (4,)), ((2, 1, 3), (4, 1)), ((), (2, 3))]


def ph(tf, shape):
    return tf.placeholder(tf.float64, shape)


def uniform(rng, shape, lo=-2.0, hi=2.0):
    return rng.uniform(lo, hi, size=shape)


def away_from_zero(rng, shape, lo=0.3, hi=2.0):
    return rng.uniform(lo, hi, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def distinct(rng, shape):
    """Values at least 0.1 apart from each other (no ties for max/min)."""
    n = int(np.prod(shape, dtype=np.int64))
    return (rng.permutation(n) * 0.1 + rng.uniform(0, 0.01, n) - n * 0.05).reshape(shape)


def apart(rng, sa, sb):
    """x, y whose broadcast pairs differ by at least 0.1 (no ties for maximum/minimum)."""
    while True:
        a, b = uniform(rng, sa), uniform(rng, sb)
        if np.min(np.abs(a - b), initial=1.0) > 0.1:
            return a, b


def non_integer_ratio(rng, sa, sb):
    """x, y with x / y away from integers (floor(x / y) is locally constant)."""
    while True:
        a, b = uniform(rng, sa, -5, 5), away_from_zero(rng, sb, 1.0, 2.0)
        frac = np.mod(a / b, 1.0)
        if np.all((frac > 0.05) & (frac < 0.95)):
            return a, b


def binary_case(fn, values=None):
    def make(sa, sb):
        def build(tf, rng):
            x, y = ph(tf, sa), ph(tf, sb)
            a, b = values(rng, sa, sb) if values else (uniform(rng, sa), uniform(rng, sb))
            return fn(tf, x, y), [x, y], [a, b]
        return build
    return make


def unary_case(fn, values=uniform, shape=(2, 3)):
    def build(tf, rng):
        x = ph(tf, shape)
        return fn(tf, x), [x], [values(rng, shape)]
    return build


def _add_v2(tf, x, y):
    # No public function makes AddV2 (tf.add makes Add); build the op itself.
    return x.graph.create_op("AddV2", (x, y), None, "AddV2").outputs[0]


BINARY = {
    "Add": binary_case(lambda tf, x, y: tf.add(x, y)),
    "AddV2": binary_case(_add_v2),
    "Sub": binary_case(lambda tf, x, y: x - y),
    "Mul": binary_case(lambda tf, x, y: x * y),
    "RealDiv": binary_case(lambda tf, x, y: x / y, lambda rng, sa, sb: (uniform(rng, sa), away_from_zero(rng, sb))),
    "Maximum": binary_case(lambda tf, x, y: tf.maximum(x, y), apart),
    "Minimum": binary_case(lambda tf, x, y: tf.minimum(x, y), apart),
    "Pow": binary_case(lambda tf, x, y: tf.pow(x, y),
                       lambda rng, sa, sb: (uniform(rng, sa, 0.5, 2.0), uniform(rng, sb, -1.5, 1.5))),
    "SquaredDifference": binary_case(lambda tf, x, y: tf.squared_difference(x, y)),
    "FloorMod": binary_case(lambda tf, x, y: tf.floormod(x, y), non_integer_ratio),
}

UNARY = {
    "Neg": unary_case(lambda tf, x: -x),
    "Square": unary_case(lambda tf, x: tf.square(x)),
    "Abs": unary_case(lambda tf, x: tf.abs(x), away_from_zero),
    "Relu": unary_case(lambda tf, x: tf.nn.relu(x), away_from_zero),
    "Sign": unary_case(lambda tf, x: tf.sign(x), away_from_zero),
    "Sqrt": unary_case(lambda tf, x: tf.sqrt(x), lambda rng, s: uniform(rng, s, 0.5, 2.0)),
    "Rsqrt": unary_case(lambda tf, x: tf.rsqrt(x), lambda rng, s: uniform(rng, s, 0.5, 2.0)),
    "Exp": unary_case(lambda tf, x: tf.exp(x)),
    "Log": unary_case(lambda tf, x: tf.log(x), lambda rng, s: uniform(rng, s, 0.5, 2.0)),
    "Log1p": unary_case(lambda tf, x: tf.log1p(x), lambda rng, s: uniform(rng, s, -0.5, 2.0)),
    "Sin": unary_case(lambda tf, x: tf.sin(x)),
    "Cos": unary_case(lambda tf, x: tf.cos(x)),
    "Tanh": unary_case(lambda tf, x: tf.tanh(x)),
    "Sigmoid": unary_case(lambda tf, x: tf.sigmoid(x)),
    "Reciprocal": unary_case(lambda tf, x: tf.reciprocal(x), away_from_zero),
    "Identity": unary_case(lambda tf, x: tf.identity(x)),
    "Transpose": unary_case(lambda tf, x: tf.transpose(x, [2, 0, 1]), shape=(2, 3, 4)),
}


def _cast_round_trip(tf, rng):
    # float64 -> float32 -> float64: float32 rounding needs a larger step and tolerance.
    x = ph(tf, (2, 3))
    return tf.cast(tf.cast(x, tf.float32), tf.float64), [x], [uniform(rng, (2, 3))], {"eps": 1e-3, "rtol": 1e-3}


def _add_n(tf, rng):
    xs = [ph(tf, (2, 3)) for _ in range(3)]
    return tf.add_n([xs[0], 2.0 * xs[1], xs[2] * xs[0]]), xs, [uniform(rng, (2, 3)) for _ in range(3)]


def _matmul(ta, tb):
    def build(tf, rng):
        sa, sb = ((4, 3) if ta else (3, 4)), ((2, 4) if tb else (4, 2))
        a, b = ph(tf, sa), ph(tf, sb)
        return tf.matmul(a, b, transpose_a=ta, transpose_b=tb), [a, b], [uniform(rng, sa), uniform(rng, sb)]
    return build


def _matrix_inverse(tf, rng):
    a = ph(tf, (4, 4))
    return tf.matrix_inverse(a), [a], [3.0 * np.eye(4) + uniform(rng, (4, 4), -0.5, 0.5)]


def _select(sc, sx, sy):
    def build(tf, rng):
        cond = tf.constant(rng.uniform(size=sc) > 0.5)
        x, y = ph(tf, sx), ph(tf, sy)
        return tf.where(cond, x, y), [x, y], [uniform(rng, sx), uniform(rng, sy)]
    return build


def _reduction(name, axis, keepdims=False, values=uniform, shape=(2, 3, 4)):
    def build(tf, rng):
        x = ph(tf, shape)
        return getattr(tf, name)(x, axis=axis, keepdims=keepdims), [x], [values(rng, shape)]
    return build


def _unknown_dims_mean(tf, rng):
    # Mean over a dimension known only at run time: the divisor comes from the runtime shape.
    x = tf.placeholder(tf.float64, (None, 3))
    return tf.reduce_mean(x, axis=0), [x], [uniform(rng, (5, 3))]


def _nonzero(rng, shape):
    return away_from_zero(rng, shape, 0.5, 1.5)


def _prod_with_zeros(tf, rng):
    # Rows with no, one and two zeros: the product of the others is the gradient, also at 0.
    values = away_from_zero(rng, (3, 4), 0.5, 1.5)
    values[1, 2] = values[2, 0] = values[2, 3] = 0.0
    x = ph(tf, (3, 4))
    return tf.reduce_prod(x, axis=1), [x], [values]


def _binary_unknown_dims(fn, values=None):
    # Broadcasting decided at run time: SumToShape undoes it from the runtime shapes.
    def build(tf, rng):
        x, y = ph(tf, (None, None)), ph(tf, (None,))
        a, b = values(rng, (3, 4), (4,)) if values else (uniform(rng, (3, 4)), uniform(rng, (4,)))
        return fn(tf, x, y), [x, y], [a, b]
    return build


def _variable_input(tf, rng):
    # Variables are differentiated through their `read` snapshot (an Identity).
    v = tf.Variable(np.zeros((2, 2)), name="v")
    return tf.identity(v * v), [v], [uniform(rng, (2, 2))]


CASES = []
for _op, _make in BINARY.items():
    CASES += [(_op, _make(sa, sb)) for sa, sb in BROADCAST_PAIRS]
CASES += list(UNARY.items())
CASES += [
    ("Cast", _cast_round_trip),
    ("AddN", _add_n),
    ("MatMul", _matmul(False, False)),
    ("MatMul", _matmul(True, False)),
    ("MatMul", _matmul(False, True)),
    ("MatMul", _matmul(True, True)),
    ("MatrixInverse", _matrix_inverse),
    ("Select", _select((3, 4), (3, 4), (3, 4))),
    ("Select", _select((3, 4), (3, 1), (4,))),
    ("Identity", _variable_input),
    ("PlaceholderWithDefault", unary_case(lambda tf, x: tf.placeholder_with_default(x, [None, None]) * 1.0)),
]
for _name, _op in (("reduce_sum", "Sum"), ("reduce_mean", "Mean")):
    CASES += [(_op, _reduction(_name, None)), (_op, _reduction(_name, 1)), (_op, _reduction(_name, [0, 2], True)),
              (_op, _reduction(_name, -1))]
CASES.append(("Mean", _unknown_dims_mean))
CASES += [("Prod", _prod_with_zeros), ("Prod", _reduction("reduce_prod", [0, 1], values=_nonzero))]
CASES += [("Add", _binary_unknown_dims(lambda tf, x, y: x + y)),
          ("Mul", _binary_unknown_dims(lambda tf, x, y: x * y)),
          ("RealDiv", _binary_unknown_dims(lambda tf, x, y: x / y,
                                           lambda rng, sa, sb: (uniform(rng, sa), away_from_zero(rng, sb)))),
          ("Maximum", _binary_unknown_dims(lambda tf, x, y: tf.maximum(x, y), apart))]
for _name, _op in (("reduce_max", "Max"), ("reduce_min", "Min")):
    CASES += [(_op, _reduction(_name, None, values=distinct)), (_op, _reduction(_name, 1, values=distinct)),
              (_op, _reduction(_name, [0, 2], True, values=distinct))]
CASES += [("Prod", _reduction("reduce_prod", None, values=_nonzero, shape=(2, 3))),
          ("Prod", _reduction("reduce_prod", 1, values=_nonzero)),
          ("Prod", _reduction("reduce_prod", [0, 2], True, values=_nonzero))]
