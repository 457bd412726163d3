"""Run-time checks: tf.Assert and the tf.assert_* family (assert_equal, assert_less, assert_positive,
assert_rank...). Each returns the Assert op; run it, or put it in tf.control_dependencies, and a
failed check raises tf.errors.InvalidArgumentError "assertion failed: [...]". As in TF1, a check
whose values are known when the graph is built fails at once, before any session runs.
Kernel: Assert in src_cpp/kernels/logging.cc.
"""
import numpy as np

from ..framework import errors
from ..framework.graph import Tensor
from ..framework.op_def import define_op, not_differentiable
from ..framework.shape_rules import no_outputs
from ..framework.tensor_util import constant_value
from .constant_op import convert_to_tensor


def _assert_infer(inputs, attrs):
    cond = inputs[0]
    if cond._dtype.name != "bool" or cond._shape.ndims not in (None, 0):
        raise TypeError(f"Assert's condition must be a boolean scalar; '{cond.name}' is {cond._dtype.name} "
                        f"of shape {cond._shape._bracket_str()} (use tf.reduce_all)")
    return no_outputs(inputs, attrs)


define_op("Assert", infer=_assert_infer, stateful=True)
not_differentiable("Assert")


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TF1's name
    """An op that raises InvalidArgumentError, listing `data`, when the boolean scalar `condition` is false.

    >>> check = tf.Assert(tf.reduce_all(x > 0), ["x must be positive:", x])
    >>> with tf.control_dependencies([check]): y = tf.log(x)
    """
    if isinstance(data, (Tensor, str)) or not hasattr(data, "__iter__"):
        raise TypeError(f"tf.Assert's data must be a list of tensors or strings, got {type(data).__name__}")
    cond = convert_to_tensor(condition)
    items = [convert_to_tensor(d) for d in data]
    attrs = {"summarize": 3 if summarize is None else int(summarize)}
    return cond.graph.create_op("Assert", (cond, *items), attrs, name or "Assert")


def _static_text(items):
    parts = []
    for d in items:
        parts.append(d if isinstance(d, str) else str(constant_value(d) if isinstance(d, Tensor) else d))
    return "\n".join(parts)


def _check(condition, static_ok, data, summarize, name, default_name):
    if static_ok is not None and not static_ok:
        raise errors.InvalidArgumentError(None, None, _static_text(data))
    from ..framework.graph import get_default_graph
    g = condition.graph if isinstance(condition, Tensor) else get_default_graph()
    with g.as_default(), g.name_scope(name or default_name):
        return Assert(condition, data, summarize=summarize)


def _binary_assert(symbol, np_test, tf_test, default_name, x, y, data, summarize, message, name):
    from .reduction_ops import reduce_all
    x = convert_to_tensor(x)
    y = convert_to_tensor(y, dtype=x.dtype)
    if data is None:
        data = [f"Condition x {symbol} y did not hold element-wise:", f"x ({x.name}) = ", x, f"y ({y.name}) = ", y]
    data = ([message] if message else []) + list(data)
    xs, ys = constant_value(x), constant_value(y)
    static_ok = bool(np.all(np_test(xs, ys))) if xs is not None and ys is not None else None
    with x.graph.as_default():
        condition = reduce_all(tf_test(x, y))
    return _check(condition, static_ok, data, summarize, name, default_name)


def _math():
    from . import math_ops
    return math_ops


def assert_equal(x, y, data=None, summarize=None, message=None, name=None):
    """Check x == y element-wise (with broadcasting)."""
    return _binary_assert("==", np.equal, _math().equal, "assert_equal", x, y, data, summarize, message, name)


def assert_none_equal(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert("!=", np.not_equal, _math().not_equal, "assert_none_equal", x, y, data, summarize, message, name)


def assert_less(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert("<", np.less, _math().less, "assert_less", x, y, data, summarize, message, name)


def assert_less_equal(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert("<=", np.less_equal, _math().less_equal, "assert_less_equal", x, y, data, summarize, message, name)


def assert_greater(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert(">", np.greater, _math().greater, "assert_greater", x, y, data, summarize, message, name)


def assert_greater_equal(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert(">=", np.greater_equal, _math().greater_equal, "assert_greater_equal", x, y, data,
                          summarize, message, name)


def _sign_assert(symbol, np_test, tf_test, default_name, x, data, summarize, message, name):
    x = convert_to_tensor(x)
    if data is None:  # (TF1 leads with the message, empty when none is given)
        data = [message or "", f"Condition x {symbol} 0 did not hold element-wise:", f"x ({x.name}) = ", x]
        message = None
    return _binary_assert(symbol, np_test, tf_test, default_name, x, 0, data, summarize, message, name)


def assert_positive(x, data=None, summarize=None, message=None, name=None):
    return _sign_assert(">", np.greater, _math().greater, "assert_positive", x, data, summarize, message, name)


def assert_negative(x, data=None, summarize=None, message=None, name=None):
    return _sign_assert("<", np.less, _math().less, "assert_negative", x, data, summarize, message, name)


def assert_non_negative(x, data=None, summarize=None, message=None, name=None):
    return _sign_assert(">=", np.greater_equal, _math().greater_equal, "assert_non_negative", x, data, summarize,
                        message, name)


def assert_non_positive(x, data=None, summarize=None, message=None, name=None):
    return _sign_assert("<=", np.less_equal, _math().less_equal, "assert_non_positive", x, data, summarize,
                        message, name)


def _rank_assert(x, rank, at_least, data, summarize, message, name, default_name):
    from .shape_ops import rank as rank_of
    from .shape_ops import shape as shape_of
    x = convert_to_tensor(x)
    r = int(rank)
    wanted = "at least rank" if at_least else "rank"
    static = x.shape.ndims
    if static is not None:
        if static < r if at_least else static != r:
            prefix = f"{message}  " if message else ""
            raise ValueError(f"{prefix}Tensor {x.name} must have {wanted} {r}.  Received rank {static}, shape {x.shape}")
    with x.graph.as_default():
        if data is None:
            data = [message or "", f"Tensor {x.name} must have {wanted}", r, "Received shape: ", shape_of(x)]
        elif message:
            data = [message] + list(data)
        actual = rank_of(x)
        condition = _math().greater_equal(actual, r) if at_least else _math().equal(actual, r)
    return _check(condition, None, list(data), summarize, name, default_name)


def assert_rank(x, rank, data=None, summarize=None, message=None, name=None):
    """Check that x has rank `rank` (a ValueError at once when x's static rank differs)."""
    return _rank_assert(x, rank, False, data, summarize, message, name, "assert_rank")


def assert_rank_at_least(x, rank, data=None, summarize=None, message=None, name=None):
    return _rank_assert(x, rank, True, data, summarize, message, name, "assert_rank_at_least")


def assert_type(tensor, tf_type, message=None, name=None):
    """Raise TypeError now unless `tensor` has dtype `tf_type` (a static check, as TF1)."""
    from ..framework import dtypes
    t = convert_to_tensor(tensor)
    if t.dtype != dtypes.as_dtype(tf_type):
        raise TypeError(f"{message + ' ' if message else ''}{t.name} must be of type {dtypes.as_dtype(tf_type)!r}; "
                        f"got {t.dtype!r}")
    from .control_flow_ops import no_op
    return no_op(name or "statically_determined_correct_type")


def assert_scalar(tensor, name=None, message=None):
    t = convert_to_tensor(tensor)
    if t.shape.ndims is not None and t.shape.ndims != 0:
        raise ValueError(f"{message + ' ' if message else ''}Expected scalar shape for {t.name}, saw shape: {t.shape}.")
    return t


def assert_rank_in(x, ranks, data=None, summarize=None, message=None, name=None):
    """Check that x's rank is one of `ranks` (a ValueError at once when x's static rank is not).

    >>> tf.assert_rank_in(images, [3, 4])
    """
    from .shape_ops import rank as rank_of
    from .shape_ops import shape as shape_of
    x = convert_to_tensor(x)
    ranks = [int(r) for r in ranks]
    static = x.shape.ndims
    if static is not None:
        if static not in ranks:
            prefix = f"{message}  " if message else ""
            raise ValueError(f"{prefix}Tensor {x.name} must have rank in {tuple(ranks)}.  Received rank {static}, "
                             f"shape {x.shape}")
        from .control_flow_ops import no_op
        return no_op(name or "static_checks_determined_all_ok")
    with x.graph.as_default():
        if data is None:
            data = [message or "", f"Tensor {x.name} must have rank in", *ranks, "Received shape: ", shape_of(x)]
        elif message:
            data = [message] + list(data)
        actual = rank_of(x)
        m = _math()
        condition = m.equal(actual, ranks[0])
        for r in ranks[1:]:
            condition = m.logical_or(condition, m.equal(actual, r))
    return _check(condition, None, list(data), summarize, name, "assert_rank_in")


def assert_integer(x, message=None, name=None):
    """Raise TypeError now unless x has an integer dtype (a static check, as TF1).

    >>> tf.assert_integer(labels)
    """
    t = convert_to_tensor(x)
    if not t.dtype.is_integer:
        raise TypeError(f"{message + ' ' if message else ''}Expected \"x\" to be integer type.  Found: {t.name} of "
                        f"dtype {t.dtype!r}")
    from .control_flow_ops import no_op
    return no_op(name or "statically_determined_was_integer")


def assert_near(x, y, rtol=None, atol=None, data=None, summarize=None, message=None, name=None):
    """Check |x - y| <= atol + rtol * |y| element-wise; rtol and atol default to 10 * eps of the
    dtype (as TF1).

    >>> tf.assert_near(prediction, expected, rtol=1e-3)
    """
    from .reduction_ops import reduce_all
    m = _math()
    x = convert_to_tensor(x)
    y = convert_to_tensor(y, dtype=x.dtype)
    eps = float(np.finfo(x.dtype.as_numpy_dtype).eps) if x.dtype.is_floating else 0.0
    g = x.graph
    with g.as_default(), g.name_scope(name or "assert_near"):
        rtol_t = convert_to_tensor(10 * eps if rtol is None else rtol, dtype=x.dtype, name="rtol")
        atol_t = convert_to_tensor(10 * eps if atol is None else atol, dtype=x.dtype, name="atol")
        if data is None:
            data = [message or "", f"x and y not equal to tolerance rtol = {rtol_t}, atol = {atol_t}",
                    f"x ({x.name}) = ", x, f"y ({y.name}) = ", y]
        elif message:
            data = [message] + list(data)
        # (no check while building, even for constants: TF1's assert_near fails only when run)
        tol = m.add(atol_t, m.multiply(rtol_t, m.abs(y)))
        condition = reduce_all(m.less_equal(m.abs(m.subtract(x, y)), tol))
        return Assert(condition, list(data), summarize=summarize)


def assert_same_float_dtype(tensors=None, dtype=None):
    """The one floating dtype of `tensors` (and of `dtype` when given); ValueError when they
    differ or are not floating (float32 when there is nothing to check).

    >>> tf.assert_same_float_dtype([logits, labels])
    """
    from ..framework import dtypes
    expected = dtypes.as_dtype(dtype) if dtype is not None else None
    first = None
    for t in tensors or []:
        if t is None:
            continue
        t_dtype = dtypes.as_dtype(t.dtype)
        if expected is None:
            expected, first = t_dtype, t
        elif t_dtype != expected:
            source = first.name if first is not None else "dtype"
            raise ValueError(f"{t.name}, type={t_dtype!r}, must be of the same type ({expected!r}) as {source}.")
    if expected is None:
        return dtypes.float32
    if not expected.is_floating:
        raise ValueError(f"Expected floating point type, got {expected!r}.")
    return expected
