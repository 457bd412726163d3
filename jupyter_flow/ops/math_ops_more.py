"""Element-wise math beyond the basic set, with TF1's names and gradients: rounding (floor, ceil, round,
rint), tan and the inverse and hyperbolic trigonometric functions, expm1, erf/erfc, lgamma/digamma, the
is_nan/is_inf/is_finite predicates, and the binary atan2, div_no_nan, xlogy and xdivy (broadcasting).
Kernels: src_cpp/kernels/math_unary_more.cc, under the same op types.

>>> tf.floor(x), tf.is_nan(loss), tf.erf(x / np.sqrt(2.0))
"""
import math

from ..framework import dtypes
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.shape_rules import FLOATS, binary_broadcast, unary_same
from . import math_ops as _m

_UNARY = ("Floor", "Ceil", "Round", "Rint", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh",
          "Atanh", "Expm1", "Erf", "Erfc", "Lgamma", "Digamma")
for _t in _UNARY:
    define_op(_t, infer=unary_same(FLOATS, op_type=_t))


def _predicate_infer(op_type):
    same = unary_same(FLOATS, op_type=op_type)

    def infer(inputs, attrs):
        return [(dtypes.bool, same(inputs, attrs)[0][1])]
    return infer


for _t in ("IsNan", "IsInf", "IsFinite"):
    define_op(_t, infer=_predicate_infer(_t))
for _t in ("Atan2", "DivNoNan", "Xlogy", "Xdivy"):
    define_op(_t, infer=binary_broadcast(FLOATS, op_type=_t))
# TF1: rounding has no gradient (None), the predicates neither.
not_differentiable("Floor", "Ceil", "Round", "Rint", "IsNan", "IsInf", "IsFinite")


def _one_input_grad(op_type, derivative):
    """Register grad * derivative(x, y) for a unary op (x its input, y its output)."""
    @register_gradient(op_type)
    def _grad(op, grad):
        return [_m.multiply(grad, derivative(op.inputs[0], op.outputs[0]))]
    return _grad


_one_input_grad("Tan", lambda x, y: _m.square(_m.reciprocal(_m.cos(x))))
_one_input_grad("Asin", lambda x, y: _m.rsqrt(_m.subtract(1.0, _m.square(x))))
_one_input_grad("Acos", lambda x, y: _m.negative(_m.rsqrt(_m.subtract(1.0, _m.square(x)))))
_one_input_grad("Atan", lambda x, y: _m.reciprocal(_m.add(1.0, _m.square(x))))
_one_input_grad("Sinh", lambda x, y: cosh(x))
_one_input_grad("Cosh", lambda x, y: sinh(x))
_one_input_grad("Asinh", lambda x, y: _m.reciprocal(cosh(y)))
_one_input_grad("Acosh", lambda x, y: _m.reciprocal(sinh(y)))
_one_input_grad("Atanh", lambda x, y: _m.reciprocal(_m.subtract(1.0, _m.square(x))))
_one_input_grad("Expm1", lambda x, y: _m.exp(x))
_one_input_grad("Erf", lambda x, y: _m.multiply(2.0 / math.sqrt(math.pi), _m.exp(_m.negative(_m.square(x)))))
_one_input_grad("Erfc", lambda x, y: _m.multiply(-2.0 / math.sqrt(math.pi), _m.exp(_m.negative(_m.square(x)))))
_one_input_grad("Lgamma", lambda x, y: digamma(x))
# Digamma's gradient needs polygamma(1, x), which jupyter_flow does not have: tf.gradients says so by name.


@register_gradient("Atan2")
def _atan2_grad(op, grad):
    y, x = op.inputs
    inverse = _m.reciprocal(_m.add(_m.square(x), _m.square(y)))
    return [_m.sum_to_shape_of(_m.multiply(grad, _m.multiply(x, inverse)), y),
            _m.sum_to_shape_of(_m.multiply(grad, _m.negative(_m.multiply(y, inverse))), x)]


@register_gradient("DivNoNan")
def _div_no_nan_grad(op, grad):
    x, y = op.inputs
    return [_m.sum_to_shape_of(div_no_nan(grad, y), x),
            _m.sum_to_shape_of(_m.multiply(grad, div_no_nan(div_no_nan(_m.negative(x), y), y)), y)]


def _is_nonzero(x):
    return _m.cast(_m.not_equal(x, 0.0), x.dtype)


@register_gradient("Xlogy")
def _xlogy_grad(op, grad):
    x, y = op.inputs
    return [_m.sum_to_shape_of(_m.multiply(grad, xlogy(_is_nonzero(x), y)), x),
            _m.sum_to_shape_of(_m.multiply(grad, xdivy(x, y)), y)]


@register_gradient("Xdivy")
def _xdivy_grad(op, grad):
    x, y = op.inputs
    return [_m.sum_to_shape_of(_m.multiply(grad, xdivy(_is_nonzero(x), y)), x),
            _m.sum_to_shape_of(_m.multiply(grad, xdivy(_m.negative(x), _m.square(y))), y)]


def _unary_function(op_type, doc):
    def function(x, name=None):
        return _m.unary_op(op_type, x, name)
    function.__name__ = function.__qualname__ = _snake(op_type)
    function.__doc__ = doc
    return function


def _snake(op_type):
    return {"IsNan": "is_nan", "IsInf": "is_inf", "IsFinite": "is_finite"}.get(op_type, op_type.lower())


floor = _unary_function("Floor", "The largest integer not greater than x, element-wise.")
ceil = _unary_function("Ceil", "The smallest integer not less than x, element-wise.")
round = _unary_function("Round", "x rounded to the nearest integer, halves to even (banker's rounding), as TF1.")  # noqa: A001
rint = _unary_function("Rint", "x rounded to the nearest integer, halves to even.")
tan = _unary_function("Tan", "tan(x), element-wise.")
asin = _unary_function("Asin", "arcsin(x), element-wise.")
acos = _unary_function("Acos", "arccos(x), element-wise.")
atan = _unary_function("Atan", "arctan(x), element-wise.")
sinh = _unary_function("Sinh", "sinh(x), element-wise.")
cosh = _unary_function("Cosh", "cosh(x), element-wise.")
asinh = _unary_function("Asinh", "arsinh(x), element-wise.")
acosh = _unary_function("Acosh", "arcosh(x), element-wise.")
atanh = _unary_function("Atanh", "artanh(x), element-wise.")
expm1 = _unary_function("Expm1", "exp(x) - 1, exact for small x.")
erf = _unary_function("Erf", "The Gauss error function, element-wise.")
erfc = _unary_function("Erfc", "1 - erf(x), exact for large x.")
lgamma = _unary_function("Lgamma", "log |Γ(x)|, element-wise.")
digamma = _unary_function("Digamma", "ψ(x) = d/dx log Γ(x), element-wise.")
is_nan = _unary_function("IsNan", "True where x is NaN.")
is_inf = _unary_function("IsInf", "True where x is +inf or -inf.")
is_finite = _unary_function("IsFinite", "True where x is neither infinite nor NaN.")


def atan2(y, x, name=None):
    """The angle of the point (x, y), in (-pi, pi] (note the argument order, as NumPy and TF1)."""
    return _m.binary_op("Atan2", y, x, name, "Atan2")


def div_no_nan(x, y, name=None):
    """x / y, and 0 wherever y is 0."""
    return _m.binary_op("DivNoNan", x, y, name, "div_no_nan")


def xlogy(x, y, name=None):
    """x * log(y), and 0 wherever x is 0."""
    return _m.binary_op("Xlogy", x, y, name, "Xlogy")


def xdivy(x, y, name=None):
    """x / y, and 0 wherever x is 0."""
    return _m.binary_op("Xdivy", x, y, name, "Xdivy")


def log_sigmoid(x, name=None):
    """log(sigmoid(x)) = -softplus(-x), without overflow."""
    from ..framework.graph import get_default_graph
    from .activation_ops import softplus
    with get_default_graph().name_scope(name or "LogSigmoid"):
        return _m.negative(softplus(_m.negative(x)))
