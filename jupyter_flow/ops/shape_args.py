"""Shape-like arguments of the shape ops: converting shapes, sizes and axes given as Python
values or tensors, and the checks their shape rules share.

>>> int_vector([2, -1], "shape")                  # an int32 Const
>>> int_vector([tf.shape(x)[0], 3], "shape")      # a Pack of the two (TF's auto-packing)
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import Dimension, TensorShape
from ..framework.tensor_util import constant_value, partial_ints
from .constant_op import constant, convert_to_tensor, existing_tensor
from .math_ops import cast

INDEX_DTYPES = (dtypes.int32, dtypes.int64)


def to_tensor(x):
    return convert_to_tensor(x)


def to_tensors(values):
    """Tensors for a list of values; Python values adopt the dtype of the first tensor (as TF)."""
    ts = [existing_tensor(v) for v in values]
    if all(t is None for t in ts):
        return [convert_to_tensor(v) for v in values]
    ref = next(t for t in ts if t is not None)
    return [t if t is not None else convert_to_tensor(v, dtype=ref.dtype) for t, v in zip(ts, values)]


def int_vector(value, name, dtype=None):
    """A shape-like argument as an int32/int64 tensor. Lists may mix Python ints and scalar int
    tensors; they are packed into one tensor (TF's auto-packing)."""
    if isinstance(value, TensorShape):
        if not value.is_fully_defined():
            raise ValueError(f"Cannot use the partially known shape {value} as '{name}'; "
                             f"pass tf.shape(tensor) for a shape known only at run time.")
        value = value.as_list()
    if isinstance(value, np.ndarray):
        value = value.tolist()
    t = existing_tensor(value)
    if t is None and isinstance(value, (list, tuple)) and any(existing_tensor(v) is not None for v in value):
        parts = [existing_tensor(v) for v in value]
        dt = dtype or (dtypes.int64 if any(p is not None and p.dtype is dtypes.int64 for p in parts)
                       else dtypes.int32)
        with get_default_graph().name_scope(name) as scope:
            parts = [cast(p, dt) if p is not None else constant(as_int(v, name), dtype=dt, name="Const")
                     for p, v in zip(parts, value)]
            return get_default_graph().create_op("Pack", tuple(parts), {"N": len(parts), "axis": 0},
                                                 scope)._outputs[0]
    if t is None:
        py_ints = [as_int(v, name) for v in value] if isinstance(value, (list, tuple)) else as_int(value, name)
        try:
            ints = np.asarray(py_ints, dtype=np.int64)
        except OverflowError:
            raise ValueError(f"'{name}' must hold integers that fit in 64 bits, got {py_ints}") from None
        fits = ints.size == 0 or (ints.min() >= -(2 ** 31) and ints.max() < 2 ** 31)
        if dtype is None:
            dtype = dtypes.int32 if fits else dtypes.int64
        elif dtype is dtypes.int32 and not fits:
            # astype would wrap silently (one_hot(depth=2**40) became depth 0)
            raise ValueError(f"'{name}' must fit in int32, got {ints.tolist() if ints.ndim else int(ints)}")
        return constant(ints.astype(dtype.as_numpy_dtype), dtype=dtype, name=name)
    if t.dtype not in INDEX_DTYPES:
        raise TypeError(f"'{name}' must be an int32 or int64 tensor, got {t.dtype.name} ('{t.name}'); "
                        f"use tf.cast(..., tf.int32).")
    if dtype is not None and t.dtype is not dtype:
        t = cast(t, dtype)
    return t


def as_int(v, name):
    if isinstance(v, Dimension):
        if v.value is None:
            raise ValueError(f"'{name}' contains an unknown dimension; use tf.shape(tensor) instead.")
        return v.value
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
        raise TypeError(f"'{name}' must hold integers, got {v!r} of type {type(v).__name__}.")
    return int(v)


def check_vector(t, what):
    """Shape-like inputs must be vectors; returns their partly known value (see partial_ints)."""
    if t._shape.ndims not in (None, 1):
        raise ValueError(f"Shape must be rank 1 but is rank {t._shape.ndims} ({what})")
    return partial_ints(t)


def normalize_axis(axis, rank, what, extra=0):
    """axis in [-(rank+extra), rank+extra) made non-negative; rank None leaves it as is."""
    if rank is None:
        return axis
    n = rank + extra
    if not -n <= axis < n:
        raise ValueError(f"{what}: expected axis in the range [{-n}, {n}), but got {axis}")
    return axis % n


def static_axis(axis, what):
    """Axes are attributes: Python ints, or tensors whose value is known when the graph is built."""
    t = existing_tensor(axis)
    if t is not None:
        v = constant_value(t)
        if v is None:
            raise ValueError(f"{what} needs an axis known when the graph is built, got tensor '{t.name}'")
        axis = v.tolist()
    if isinstance(axis, (list, tuple)):
        return [as_int(a, "axis") for a in axis]
    return as_int(axis, "axis")


def same_dtype(inputs, what):
    dt = inputs[0]._dtype
    for i, t in enumerate(inputs[1:], 1):
        if t._dtype is not dt:
            raise TypeError(f"{what}: values[{i}] has dtype {t._dtype.name} but values[0] has {dt.name} "
                            f"('{t.name}' vs '{inputs[0].name}'); use tf.cast to convert one.")
    return dt
