"""Operation attribute values <-> JSON, for meta graph files.

Plain JSON values (null, booleans, numbers, strings) stand for themselves; everything else is a
one-key object naming what it is, so decoding builds plain values only and never runs code:

    {"dtype": "float32"}            a DType
    {"shape": [null, 3]}            a TensorShape (null: unknown rank or dimension)
    {"tensor": "<key>"}             a NumPy array stored as a tensor of the safetensors file
    {"strings": {"shape": [2], "base64": ["YQ==", "YmM="]}}   a string (bytes) array
    {"bytes": "<base64>"}, {"float": "nan" | "inf" | "-inf"}
    {"list": [...]}, {"tuple": [...]}, {"dict": {...}}
"""
import base64
import math
import numbers

import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape


def encode_attr(v, key, tensors):
    """A JSON value for attribute value `v`; arrays go to `tensors` under `key`.

    >>> encode_attr(tf.float32, "x:dtype", {})
    {'dtype': 'float32'}
    """
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, numbers.Integral):
        return int(v)
    if isinstance(v, numbers.Real):
        f = float(v)
        return f if math.isfinite(f) else {"float": repr(f)}
    if isinstance(v, dtypes.DType):
        return {"dtype": v.name}
    if isinstance(v, TensorShape):
        return {"shape": shape_json(v)}
    if isinstance(v, bytes):
        return {"bytes": base64.b64encode(v).decode("ascii")}
    if isinstance(v, np.ndarray):
        if v.dtype == object or v.dtype.kind in "SU":
            items = [x if isinstance(x, bytes) else str(x).encode("utf-8") for x in v.ravel()]
            return {"strings": {"shape": list(v.shape),
                                "base64": [base64.b64encode(x).decode("ascii") for x in items]}}
        tensors[key] = v
        return {"tensor": key}
    if isinstance(v, list):
        return {"list": [encode_attr(x, f"{key}[{i}]", tensors) for i, x in enumerate(v)]}
    if isinstance(v, tuple):
        return {"tuple": [encode_attr(x, f"{key}[{i}]", tensors) for i, x in enumerate(v)]}
    if isinstance(v, dict) and all(isinstance(k, str) for k in v):
        return {"dict": {k: encode_attr(x, f"{key}[{k}]", tensors) for k, x in v.items()}}
    raise TypeError(f"values of type {type(v).__name__} cannot be stored")


def shape_json(shape):
    """A TensorShape as JSON: a list with null for unknown dimensions, or null for unknown rank."""
    return None if shape.ndims is None else shape.as_list()


def decode_attr(v, tensors):
    """The attribute value a JSON value stands for (`tensors`: the file's arrays by key).

    >>> decode_attr({"shape": [None, 3]}, {})
    TensorShape([Dimension(None), Dimension(3)])
    """
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, dict) and len(v) == 1:
        (tag, x), = v.items()
        if tag == "dtype":
            return dtypes.as_dtype(x)
        if tag == "shape":
            return TensorShape(x)
        if tag == "float":
            return float(x) if x in ("nan", "inf", "-inf") else _bad(v)
        if tag == "bytes":
            return base64.b64decode(x, validate=True)
        if tag == "tensor":
            return np.array(tensors[x])  # a copy: the file's buffer can then be freed
        if tag == "strings":
            items = [base64.b64decode(s, validate=True) for s in x["base64"]]
            arr = np.empty(len(items), dtype=object)
            arr[:] = items
            return arr.reshape(tuple(int(d) for d in x["shape"]))
        if tag == "list":
            return [decode_attr(i, tensors) for i in x]
        if tag == "tuple":
            return tuple(decode_attr(i, tensors) for i in x)
        if tag == "dict":
            return {k: decode_attr(i, tensors) for k, i in x.items()}
    return _bad(v)


def _bad(v):
    raise ValueError(f"unrecognised attribute value {v!r}")
