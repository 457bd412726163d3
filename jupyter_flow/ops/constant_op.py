"""Constants and the conversion of Python/NumPy values to tensors (TF1's dtype inference)."""
import numpy as np

from ..framework import dtypes
from ..framework.graph import Operation, Tensor, get_default_graph
from ..framework.op_def import define_op, not_differentiable
from ..framework.tensor_shape import TensorShape


def _infer_const(inputs, attrs):
    v = attrs["value"]
    return [(attrs["dtype"], TensorShape._from_tuple(v.shape))]


define_op("Const", infer=_infer_const)
not_differentiable("Const")

_INT32_MIN, _INT32_MAX = -(2 ** 31), 2 ** 31 - 1


def _python_dtype(value):
    """TF1's default dtype for Python values: floats -> float32, ints -> int32 (int64 if needed)."""
    if isinstance(value, bool):
        return dtypes.bool
    if isinstance(value, int):
        return dtypes.int32 if _INT32_MIN <= value <= _INT32_MAX else dtypes.int64
    if isinstance(value, float):
        return dtypes.float32
    if isinstance(value, complex):
        return dtypes.complex128  # (TF1's default for Python complex numbers)
    if isinstance(value, (bytes, str)):
        return dtypes.string
    if isinstance(value, (list, tuple)):
        kinds = set()
        stack = [value]
        while stack:
            v = stack.pop()
            if isinstance(v, (list, tuple)):
                stack.extend(v)
            elif isinstance(v, np.ndarray):
                return dtypes.as_dtype(v.dtype)
            elif isinstance(v, np.generic):
                kinds.add(dtypes.as_dtype(v.dtype))
            else:
                kinds.add(_python_dtype(v))
        if dtypes.string in kinds:
            return dtypes.string
        if dtypes.complex128 in kinds:
            return dtypes.complex128
        if dtypes.float64 in kinds:
            return dtypes.float64
        if dtypes.float32 in kinds:
            return dtypes.float32
        if dtypes.int64 in kinds:
            return dtypes.int64
        if dtypes.int32 in kinds:
            return dtypes.int32
        if dtypes.bool in kinds:
            return dtypes.bool
        return dtypes.float32  # empty list
    raise TypeError(f"Failed to convert object of type {type(value).__name__} to Tensor. "
                    f"Contents: {value!r}. Consider casting elements to a supported type.")


def to_numpy(value, dtype=None):
    """The NumPy array a constant of `value` holds, with TF1's dtype rules and checks."""
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        src = dtypes.as_dtype(value.dtype)
    else:
        src = _python_dtype(value)
    dt = src if dtype is None else dtypes.as_dtype(dtype)
    if dtype is not None and not isinstance(value, (np.ndarray, np.generic)):
        # (an empty list has no floats in it: tf.constant([], tf.int32) is fine)
        if src.is_floating and (dt.is_integer or dt.is_bool) and np.size(value):
            raise TypeError(f"Expected {dt.name}, got {value!r} of type '{type(value).__name__}' instead.")
        if src is dtypes.string and dt is not dtypes.string:
            raise TypeError(f"Expected {dt.name}, got {value!r} of type '{type(value).__name__}' instead.")
    if dt is dtypes.string:
        arr = np.asarray(value, dtype=object)
        flat = [v.encode() if isinstance(v, str) else v for v in arr.ravel()]
        out = np.empty(len(flat), dtype=object)
        out[:] = flat
        return out.reshape(arr.shape), dt
    try:
        arr = np.asarray(value, dtype=dt.as_numpy_dtype)
    except OverflowError:  # a Python int beyond int64 (tf.constant(2**70))
        raise ValueError(f"Value {value!r} is out of range for dtype {dt.name}; integers must fit in "
                         f"{dt.name}, or pass a float") from None
    if dt.is_integer and not isinstance(value, (np.ndarray, np.generic)):
        checked = np.asarray(value)
        if checked.dtype.kind in "iu" and checked.size and (checked.min() < dt.min or checked.max() > dt.max):
            raise ValueError(f"Value {value!r} is out of range for dtype {dt.name}")
    if not arr.flags.c_contiguous:
        arr = arr.copy(order="C")  # (np.ascontiguousarray would turn 0-d into 1-d)
    return arr, dt


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
    """A tensor with a fixed value.

    >>> X = tf.constant(housing_data_plus_bias, dtype=tf.float32, name="X")
    """
    arr, dt = to_numpy(value, dtype)
    if shape is not None:
        shape = tuple(int(d) for d in shape)
        if arr.size == 1 and int(np.prod(shape)) != 1:
            arr = np.full(shape, arr.reshape(()), dtype=arr.dtype)
        elif arr.size == int(np.prod(shape)):
            arr = arr.reshape(shape)
        elif verify_shape:
            raise TypeError(f"Expected Tensor's shape: {shape}, got {arr.shape}.")
        elif 0 < arr.size < int(np.prod(shape)):
            # TF1 pads a short value with its last element: constant([1, 2, 3], shape=[2, 2]) = [[1, 2], [3, 3]].
            flat = arr.reshape(-1)
            arr = np.concatenate([flat, np.repeat(flat[-1:], int(np.prod(shape)) - flat.size)]).reshape(shape)
        else:
            raise ValueError(f"Too many elements provided. Needed at most {int(np.prod(shape))}, but received "
                             f"{arr.size} (value of shape {arr.shape} for shape {shape}).")
    return get_default_graph().create_op("Const", (), {"value": arr, "dtype": dt}, name=name)._outputs[0]


_PLAIN_VALUES = frozenset((float, int, bool, complex, list, tuple, str, bytes, np.ndarray))


def existing_tensor(value):
    """The Tensor `value` already stands for (itself, or a Variable's value), or None for a
    Python/NumPy value, which convert_to_tensor would turn into a new constant.

    >>> existing_tensor(tf.Variable(1.0)).name, existing_tensor(1.0)
    ('Variable/read:0', None)
    """
    if isinstance(value, Tensor):
        return value
    if type(value) in _PLAIN_VALUES:
        return None  # (spares the failing attribute lookup below, on the path of every `x + 1.0`)
    conv = getattr(value, "_as_tensor", None)
    return conv() if conv is not None else None


def is_tensor(value):
    """Whether `value` is a graph tensor (or a Variable), as opposed to a Python/NumPy value.

    >>> tf.is_tensor(tf.constant(1)), tf.is_tensor(1)
    (True, False)
    """
    return existing_tensor(value) is not None


def convert_to_tensor(value, dtype=None, name=None, preferred_dtype=None):
    """A Tensor for `value`: tensors pass through (dtype checked), variables give their value,
    Python/NumPy values become constants.

    >>> t = tf.convert_to_tensor([1.0, 2.0])
    """
    if isinstance(value, Tensor):
        if dtype is not None and value._dtype is not dtypes.as_dtype(dtype):
            raise ValueError(f"Tensor conversion requested dtype {dtypes.as_dtype(dtype).name} for Tensor with "
                             f"dtype {value._dtype.name}: {value!r}")
        return value
    conv = getattr(value, "_as_tensor", None)
    if conv is not None:
        t = conv()
        if dtype is not None and t._dtype is not dtypes.as_dtype(dtype):
            raise ValueError(f"Tensor conversion requested dtype {dtypes.as_dtype(dtype).name} for "
                             f"{value!r} of dtype {t._dtype.name}")
        return t
    if isinstance(value, Operation):
        raise TypeError(f"Can't convert Operation '{value.name}' to Tensor (target dtype={dtype}, name={name}); "
                        f"use one of its outputs, e.g. op.outputs[0].")
    if isinstance(value, (list, tuple)) and _holds_tensor(value):
        return _autopack(value, dtype, name or "packed")
    if dtype is None and preferred_dtype is not None:
        try:
            return constant(value, preferred_dtype, name=name or "Const")
        except (TypeError, ValueError):
            pass
    return constant(value, dtype, name=name or "Const")


def _holds_tensor(value):
    if isinstance(value, (list, tuple)):
        return any(_holds_tensor(v) for v in value)
    return isinstance(value, Tensor) or hasattr(value, "_as_tensor")


def _autopack(values, dtype, name):
    """TF1 packs a (nested) list holding tensors, e.g. `[t, 2.0]`, with one Pack per level, named 'packed'."""
    from .concat_ops import stack
    parts = [_autopack(v, dtype, "packed") if isinstance(v, (list, tuple)) and _holds_tensor(v) else v for v in values]
    if dtype is None:
        dtype = next(p.dtype for p in parts if isinstance(p, Tensor) or hasattr(p, "_as_tensor"))
    return stack([convert_to_tensor(p, dtype) for p in parts], name=name)


def convert_n_to_tensor(values, dtype=None):
    return [convert_to_tensor(v, dtype) for v in values]
