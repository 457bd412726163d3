"""Element-wise math: binary ops with broadcasting, unary functions, cast and add_n.

Each op is declared once here (shape rule + gradient rule); kernels live in
src_cpp/kernels/math_binary.cc and math_unary.cc under the same type names.
"""
import functools

import numpy as np

from ..framework import dtypes
from ..framework import graph as _graph
from ..framework.graph import Tensor, get_default_graph
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.shape_rules import FLOATING, FLOATS, INEXACT, NUMBERS, NUMERIC, REAL, binary_broadcast, unary_same
from .constant_op import convert_to_tensor, existing_tensor

# ----- building blocks -------------------------------------------------------------------------


def binary_op(op_type, x, y, name, default_name):
    """Create an element-wise binary op; Python values adopt the other operand's dtype (TF1)."""
    # (a Tensor is checked inline: two calls fewer on the path of every `x + y`)
    tx = x if type(x) is Tensor else existing_tensor(x)
    ty = y if type(y) is Tensor else existing_tensor(y)
    if tx is not None and ty is not None:
        # In the inputs' graph, as TF1 (which enters it), whatever the default graph is.
        return tx._op._graph.create_op(op_type, (tx, ty), None, name or default_name)._outputs[0]
    if name is None:
        if tx is not None and type(y) in _PYTHON_NUMBERS and tx._dtype._kind == "float":
            return tx._op._graph._create_op_with_constant(op_type, tx, _scalar(y, tx), True, default_name)._outputs[0]
        if ty is not None and type(x) in _PYTHON_NUMBERS and ty._dtype._kind == "float":
            return ty._op._graph._create_op_with_constant(op_type, ty, _scalar(x, ty), False, default_name)._outputs[0]
    g = (tx if tx is not None else ty).graph if (tx is not None or ty is not None) else get_default_graph()
    with g.as_default(), g.name_scope(name or default_name) as scope:
        if tx is None and ty is None:
            tx = convert_to_tensor(x, name="x")
            ty = convert_to_tensor(y, dtype=tx._dtype, name="y")
        elif tx is None:
            tx = convert_to_tensor(x, dtype=ty._dtype, name="x")
        else:
            ty = convert_to_tensor(y, dtype=tx._dtype, name="y")
        return g.create_op(op_type, (tx, ty), None, scope)._outputs[0]


_PYTHON_NUMBERS = (float, int)


def _with_python_number(op_type, t, number, tensor_first, default_name):
    """`x + 1.0`: the same ops and names as the general path below ('add' reading the Const
    'add/y'), built without entering the graph and its name scope (two context managers and a
    second create_op cost more than the ops themselves)."""
    return t._op._graph._create_op_with_constant(op_type, t, _scalar(number, t), tensor_first, default_name)._outputs[0]


def _scalar(number, like):
    """The 0-d array of `like`'s dtype a Const of `number` holds: one read-only array per dtype
    and value (`x * 0.5` in a loop makes one), except for zeros (a key 0.0 would also match -0.0)
    and NaN (never equal to itself)."""
    np_type = like._dtype._np
    if number == 0 or number != number:
        return np.array(number, dtype=np_type)
    return _shared_scalar(np_type, type(number), number)


@functools.lru_cache(maxsize=1024)
def _shared_scalar(np_type, kind, number):
    # `kind` keeps 1, 1.0 and True apart (equal keys otherwise).
    arr = np.array(number, dtype=np_type)
    arr.flags.writeable = False
    return arr


def unary_op(op_type, x, name):
    t = existing_tensor(x)
    if t is None:
        t = convert_to_tensor(x)
    return t.graph.create_op(op_type, (t,), None, name or op_type)._outputs[0]


def sum_to_shape_of(grad, like):
    """Undo broadcasting: sum `grad` down to the runtime shape of `like`."""
    if grad._shape.is_fully_defined() and grad._shape == like._shape:
        return grad
    return grad.graph.create_op("SumToShape", (grad, like), None, "SumToShape")._outputs[0]


def _sum_to_shape_infer(inputs, attrs):
    return [(inputs[0]._dtype, inputs[1]._shape)]


define_op("SumToShape", infer=_sum_to_shape_infer)
not_differentiable("SumToShape")

# ----- binary ops ------------------------------------------------------------------------------

# Each op's dtypes are its kernel's dispatch family (math_binary.cc), after TF1's registrations.
for _t in ("Add", "AddV2", "Sub", "Mul", "Pow", "SquaredDifference"):
    define_op(_t, infer=binary_broadcast(NUMBERS, op_type=_t))
for _t in ("Maximum", "Minimum", "FloorDiv", "FloorMod"):
    define_op(_t, infer=binary_broadcast(REAL, op_type=_t))
define_op("RealDiv", infer=binary_broadcast(INEXACT, op_type="RealDiv"))
for _t in ("Equal", "NotEqual"):
    define_op(_t, infer=binary_broadcast(None, dtypes.bool, op_type=_t))
for _t in ("Less", "LessEqual", "Greater", "GreaterEqual"):
    define_op(_t, infer=binary_broadcast(REAL, dtypes.bool, op_type=_t))
for _t in ("LogicalAnd", "LogicalOr"):
    define_op(_t, infer=binary_broadcast((dtypes.bool,), op_type=_t))
not_differentiable("Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual", "LogicalAnd",
                   "LogicalOr", "FloorDiv")


@register_gradient("Add")
@register_gradient("AddV2")
def _add_grad(op, grad):
    x, y = op.inputs
    return [sum_to_shape_of(grad, x), sum_to_shape_of(grad, y)]


@register_gradient("Sub")
def _sub_grad(op, grad):
    x, y = op.inputs
    return [sum_to_shape_of(grad, x), sum_to_shape_of(negative(grad), y)]


@register_gradient("Mul")
def _mul_grad(op, grad):
    x, y = op.inputs
    return [sum_to_shape_of(multiply(grad, y), x), sum_to_shape_of(multiply(x, grad), y)]


@register_gradient("RealDiv")
def _real_div_grad(op, grad):
    x, y = op.inputs
    gx = real_div(grad, y)
    gy = multiply(grad, real_div(real_div(negative(x), y), y))
    return [sum_to_shape_of(gx, x), sum_to_shape_of(gy, y)]


def _select_grad(op, grad, x_wins):
    x, y = op.inputs
    mask = cast(x_wins, grad.dtype)
    return [sum_to_shape_of(multiply(grad, mask), x), sum_to_shape_of(multiply(grad, subtract(1, mask)), y)]


@register_gradient("Maximum")
def _maximum_grad(op, grad):
    x, y = op.inputs
    return _select_grad(op, grad, greater_equal(x, y))


@register_gradient("Minimum")
def _minimum_grad(op, grad):
    x, y = op.inputs
    return _select_grad(op, grad, less_equal(x, y))


@register_gradient("Pow")
def _pow_grad(op, grad):
    x, y = op.inputs
    z = op.outputs[0]
    from .array_ops import ones_like, where, zeros_like
    gx = multiply(grad, multiply(y, pow(x, subtract(y, 1))))
    # d(x^y)/dy = x^y log(x), taken as 0 where x <= 0 (as TF does).
    positive = greater(x, 0)
    safe_log = where(positive, log(where(positive, x, ones_like(x))), zeros_like(x))
    gy = multiply(grad, multiply(z, safe_log))
    return [sum_to_shape_of(gx, x), sum_to_shape_of(gy, y)]


@register_gradient("SquaredDifference")
def _squared_difference_grad(op, grad):
    x, y = op.inputs
    d = multiply(multiply(grad, 2), subtract(x, y))
    return [sum_to_shape_of(d, x), sum_to_shape_of(negative(d), y)]


@register_gradient("FloorMod")
def _floor_mod_grad(op, grad):
    x, y = op.inputs
    gy = multiply(negative(grad), floordiv(x, y))
    return [sum_to_shape_of(grad, x), sum_to_shape_of(gy, y)]


def add(x, y, name=None):
    """x + y element-wise, with broadcasting.

    >>> z1 = tf.add(tf.matmul(X, w1), b1, name="z1")
    """
    return binary_op("Add", x, y, name, "Add")


def subtract(x, y, name=None):
    """x - y element-wise."""
    return binary_op("Sub", x, y, name, "Sub")


def multiply(x, y, name=None):
    """x * y element-wise."""
    return binary_op("Mul", x, y, name, "Mul")


def real_div(x, y, name=None):
    return binary_op("RealDiv", x, y, name, "RealDiv")


# TF1's truediv: 8- and 16-bit integers divide in float32, 32- and 64-bit ones in float64.
_TRUEDIV_FLOAT = {dtypes.int8: dtypes.float32, dtypes.uint8: dtypes.float32, dtypes.int16: dtypes.float32,
                  dtypes.uint16: dtypes.float32, dtypes.int32: dtypes.float64, dtypes.int64: dtypes.float64,
                  dtypes.uint32: dtypes.float64, dtypes.uint64: dtypes.float64}


def _promote_for_truediv(t):
    if t.dtype in _TRUEDIV_FLOAT:
        return cast(t, _TRUEDIV_FLOAT[t.dtype])
    return t


def truediv(x, y, name=None):
    """x / y; integers are converted to float64 first (Python 3 division, as TF1)."""
    tx, ty = existing_tensor(x), existing_tensor(y)
    if name is None:
        if tx is not None and ty is None and type(y) in _PYTHON_NUMBERS and tx._dtype._kind == "float":
            return _with_python_number("RealDiv", tx, y, True, "truediv")
        if ty is not None and tx is None and type(x) in _PYTHON_NUMBERS and ty._dtype._kind == "float":
            return _with_python_number("RealDiv", ty, x, False, "truediv")
    ref = tx if tx is not None else ty
    if ref is None:
        tx = convert_to_tensor(x)
        ref = tx
    g = ref.graph
    with g.as_default(), g.name_scope(name or "truediv") as scope:
        if tx is None:
            tx = convert_to_tensor(x, dtype=ty.dtype, name="x")
        if ty is None:
            ty = convert_to_tensor(y, dtype=tx.dtype, name="y")
        tx, ty = _promote_for_truediv(tx), _promote_for_truediv(ty)
        return g.create_op("RealDiv", (tx, ty), None, scope)._outputs[0]


def divide(x, y, name=None):
    """x / y (true division)."""
    return truediv(x, y, name=name)


def floordiv(x, y, name=None):
    """x // y, rounding toward negative infinity."""
    return binary_op("FloorDiv", x, y, name, "floordiv")


floor_div = floordiv


def floormod(x, y, name=None):
    """x % y with the sign of y (Python semantics)."""
    return binary_op("FloorMod", x, y, name, "FloorMod")


mod = floormod


def pow(x, y, name=None):  # noqa: A001 - TF1's public name
    """x ** y element-wise."""
    return binary_op("Pow", x, y, name, "Pow")


def maximum(x, y, name=None):
    """Element-wise maximum, e.g. a ReLU: tf.maximum(z, 0., name="relu")."""
    return binary_op("Maximum", x, y, name, "Maximum")


def minimum(x, y, name=None):
    """Element-wise minimum."""
    return binary_op("Minimum", x, y, name, "Minimum")


def squared_difference(x, y, name=None):
    """(x - y)² element-wise."""
    return binary_op("SquaredDifference", x, y, name, "SquaredDifference")


def equal(x, y, name=None):
    return binary_op("Equal", x, y, name, "Equal")


def not_equal(x, y, name=None):
    return binary_op("NotEqual", x, y, name, "NotEqual")


def less(x, y, name=None):
    return binary_op("Less", x, y, name, "Less")


def less_equal(x, y, name=None):
    return binary_op("LessEqual", x, y, name, "LessEqual")


def greater(x, y, name=None):
    return binary_op("Greater", x, y, name, "Greater")


def greater_equal(x, y, name=None):
    return binary_op("GreaterEqual", x, y, name, "GreaterEqual")


def logical_and(x, y, name=None):
    return binary_op("LogicalAnd", x, y, name, "LogicalAnd")


def logical_or(x, y, name=None):
    return binary_op("LogicalOr", x, y, name, "LogicalOr")


def logical_xor(x, y, name="LogicalXor"):
    """x != y for booleans, built as TF1 does: (x or y) and not (x and y)."""
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=name)


# ----- unary ops -------------------------------------------------------------------------------

for _t in ("Neg", "Square"):
    define_op(_t, infer=unary_same(NUMBERS, op_type=_t))
for _t in ("Abs", "Sign", "Relu"):
    define_op(_t, infer=unary_same(REAL, op_type=_t))
for _t in ("Sqrt", "Rsqrt", "Exp", "Log", "Log1p", "Sin", "Cos", "Tanh", "Reciprocal"):
    define_op(_t, infer=unary_same(INEXACT, op_type=_t))
define_op("Sigmoid", infer=unary_same(FLOATS, op_type="Sigmoid"))
define_op("LogicalNot", infer=unary_same((dtypes.bool,), op_type="LogicalNot"))
define_op("ReluGrad", infer=unary_same(NUMERIC, op_type="ReluGrad"))
define_op("SigmoidGrad", infer=unary_same(FLOATING, op_type="SigmoidGrad"))
define_op("TanhGrad", infer=unary_same(FLOATING, op_type="TanhGrad"))
not_differentiable("LogicalNot", "ReluGrad", "SigmoidGrad", "TanhGrad")


@register_gradient("Neg")
def _neg_grad(op, grad):
    return [negative(grad)]


@register_gradient("Square")
def _square_grad(op, grad):
    return [multiply(grad, multiply(op.inputs[0], 2))]


@register_gradient("Abs")
def _abs_grad(op, grad):
    return [multiply(grad, sign(op.inputs[0]))]


@register_gradient("Sign")
def _sign_grad(op, grad):
    # TF1 returns zeros (not None), so a path through sign() still yields a gradient tensor.
    from .array_ops import zeros_like
    return [zeros_like(op.inputs[0])]


@register_gradient("Relu")
def _relu_grad(op, grad):
    return [op.graph.create_op("ReluGrad", (grad, op.outputs[0]), None, "ReluGrad")._outputs[0]]


@register_gradient("Sqrt")
def _sqrt_grad(op, grad):
    return [real_div(multiply(grad, 0.5), op.outputs[0])]


@register_gradient("Rsqrt")
def _rsqrt_grad(op, grad):
    y = op.outputs[0]
    return [multiply(grad, multiply(-0.5, multiply(y, multiply(y, y))))]


@register_gradient("Exp")
def _exp_grad(op, grad):
    return [multiply(grad, op.outputs[0])]


@register_gradient("Log")
def _log_grad(op, grad):
    return [real_div(grad, op.inputs[0])]


@register_gradient("Log1p")
def _log1p_grad(op, grad):
    return [real_div(grad, add(op.inputs[0], 1))]


@register_gradient("Sin")
def _sin_grad(op, grad):
    return [multiply(grad, cos(op.inputs[0]))]


@register_gradient("Cos")
def _cos_grad(op, grad):
    return [multiply(grad, negative(sin(op.inputs[0])))]


@register_gradient("Tanh")
def _tanh_grad(op, grad):
    return [op.graph.create_op("TanhGrad", (op.outputs[0], grad), None, "TanhGrad")._outputs[0]]


@register_gradient("Sigmoid")
def _sigmoid_grad(op, grad):
    return [op.graph.create_op("SigmoidGrad", (op.outputs[0], grad), None, "SigmoidGrad")._outputs[0]]


@register_gradient("Reciprocal")
def _reciprocal_grad(op, grad):
    y = op.outputs[0]
    return [negative(multiply(grad, multiply(y, y)))]


def negative(x, name=None):
    """-x element-wise."""
    return unary_op("Neg", x, name)


def square(x, name=None):
    """x² element-wise."""
    return unary_op("Square", x, name)


def sqrt(x, name=None):
    return unary_op("Sqrt", x, name)


def rsqrt(x, name=None):
    return unary_op("Rsqrt", x, name)


def exp(x, name=None):
    return unary_op("Exp", x, name)


def log(x, name=None):
    return unary_op("Log", x, name)


def log1p(x, name=None):
    return unary_op("Log1p", x, name)


def abs(x, name=None):  # noqa: A001 - TF1's public name
    return unary_op("Abs", x, name)


def sign(x, name=None):
    return unary_op("Sign", x, name)


def sin(x, name=None):
    return unary_op("Sin", x, name)


def cos(x, name=None):
    return unary_op("Cos", x, name)


def tanh(x, name=None):
    return unary_op("Tanh", x, name)


def sigmoid(x, name=None):
    """1 / (1 + exp(-x)), computed without overflow."""
    return unary_op("Sigmoid", x, name)


def reciprocal(x, name=None):
    return unary_op("Reciprocal", x, name)


def relu(features, name=None):
    """max(features, 0)."""
    return unary_op("Relu", features, name)


def logical_not(x, name=None):
    return unary_op("LogicalNot", x, name)


# ----- cast and add_n --------------------------------------------------------------------------


def _cast_infer(inputs, attrs):
    src, dst = inputs[0]._dtype, attrs["DstT"]
    if (src is dtypes.string) != (dst is dtypes.string):
        raise TypeError(f"Cast between {src.name} and {dst.name} is not supported ('{inputs[0].name}'); "
                        f"cast numbers to numbers only")
    return [(dst, inputs[0]._shape)]


define_op("Cast", infer=_cast_infer)


@register_gradient("Cast")
def _cast_grad(op, grad):
    src = op.inputs[0].dtype
    if src.is_floating and grad.dtype.is_floating:
        return [cast(grad, src)]
    return [None]


def cast(x, dtype, name=None):
    """x converted to `dtype` (floats to ints truncate toward zero).

    >>> tf.cast(tf.constant([1.7, -1.7]), tf.int32)   # [1, -1]
    """
    dtype = dtypes.as_dtype(dtype)
    t = existing_tensor(x)
    if t is None:
        t = convert_to_tensor(x)
    if t.dtype is dtype:
        return t
    return t.graph.create_op("Cast", (t,), {"SrcT": t.dtype, "DstT": dtype}, name or "Cast")._outputs[0]


def to_float(x, name="ToFloat"):
    return cast(x, dtypes.float32, name=name)


def to_int32(x, name="ToInt32"):
    return cast(x, dtypes.int32, name=name)


def to_int64(x, name="ToInt64"):
    return cast(x, dtypes.int64, name=name)


def to_double(x, name="ToDouble"):
    return cast(x, dtypes.float64, name=name)


def to_bfloat16(x, name="ToBFloat16"):
    return cast(x, dtypes.bfloat16, name=name)


def div(x, y, name=None):
    """TF1's Python-2 division: floor division for integers, true division for floats.

    >>> tf.div(7, 2), tf.div(7., 2.)      # 3 and 3.5
    """
    tx = existing_tensor(x)
    ty = existing_tensor(y)
    ref = tx if tx is not None else ty if ty is not None else convert_to_tensor(x)
    if ref.dtype.is_integer:
        return binary_op("FloorDiv", x, y, name, "div")
    return binary_op("RealDiv", x, y, name, "div")


def realdiv(x, y, name=None):
    """x / y for floats (and complex), without any conversion of the operands."""
    return binary_op("RealDiv", x, y, name, "RealDiv")


def _add_n_infer(inputs, attrs):
    if not inputs:
        raise ValueError("add_n needs at least one input")
    dt = inputs[0]._dtype
    shape = inputs[0]._shape
    for t in inputs[1:]:
        if t._dtype is not dt:
            raise TypeError(f"add_n inputs must all have dtype {dt.name}; '{t.name}' has {t._dtype.name}")
        if not shape.is_compatible_with(t._shape):
            raise ValueError(f"Shapes must be equal, but are {shape._bracket_str()} and {t._shape._bracket_str()}")
        shape = shape.merge_with(t._shape)
    return [(dt, shape)]


define_op("AddN", infer=_add_n_infer)


@register_gradient("AddN")
def _add_n_grad(op, grad):
    return [grad] * len(op.inputs)


def add_n(inputs, name=None):
    """The element-wise sum of a list of tensors of the same shape and dtype.

    >>> output = tf.add_n(relus, name="output")
    """
    if not inputs:
        raise ValueError("inputs must be a non-empty list of tensors")
    ts = [convert_to_tensor(t) for t in inputs]
    if len(ts) == 1 and not name:
        return ts[0]
    return ts[0].graph.create_op("AddN", tuple(ts), {"N": len(ts)}, name or "AddN")._outputs[0]


# ----- Python operators on tensors -------------------------------------------------------------

def _binary_operators(method, op_type, name):
    """`x <op> y` and its reflected form: binary_op called straight from the operator method."""
    def forward(x, y):
        return binary_op(op_type, x, y, None, name)

    def reflected(x, y):
        return binary_op(op_type, y, x, None, name)

    forward.__name__, reflected.__name__ = f"__{method}__", f"__r{method}__"
    return {forward.__name__: forward, reflected.__name__: reflected}


_graph.install_operators({
    **_binary_operators("add", "Add", "add"),
    **_binary_operators("sub", "Sub", "sub"),
    **_binary_operators("mul", "Mul", "mul"),
    **_binary_operators("floordiv", "FloorDiv", "floordiv"),
    **_binary_operators("mod", "FloorMod", "mod"),
    **_binary_operators("pow", "Pow", "pow"),
    **_binary_operators("and", "LogicalAnd", "LogicalAnd"),
    **_binary_operators("or", "LogicalOr", "LogicalOr"),
    "__truediv__": lambda x, y: truediv(x, y),
    "__rtruediv__": lambda x, y: truediv(y, x),
    "__xor__": lambda x, y: logical_xor(x, y),
    "__rxor__": lambda x, y: logical_xor(y, x),
    "__neg__": lambda x: unary_op("Neg", x, "Neg"),
    "__abs__": lambda x: unary_op("Abs", x, "Abs"),
    "__invert__": lambda x: unary_op("LogicalNot", x, "LogicalNot"),
    "__lt__": lambda x, y: binary_op("Less", x, y, None, "Less"),
    "__le__": lambda x, y: binary_op("LessEqual", x, y, None, "LessEqual"),
    "__gt__": lambda x, y: binary_op("Greater", x, y, None, "Greater"),
    "__ge__": lambda x, y: binary_op("GreaterEqual", x, y, None, "GreaterEqual"),
})
