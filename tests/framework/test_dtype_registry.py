"""Per op, the dtypes TF1 registers CPU kernels for and the dtypes jupyter_flow runs.

TF1_DTYPES was computed with TensorFlow 2.21 (tensorflow.python.framework.kernels.
get_registered_kernels_for_op, CPU, attribute T), limited to the dtypes jupyter_flow has (no
quantized, float8, resource or variant). The test builds and runs every op on every dtype of the
union and checks: each TF1 dtype runs (or is listed in GAPS, with the reason), and each dtype TF1
does not register is refused when the graph is built (or is listed in EXTRAS).
"""
import numpy as np
import pytest

import jupyter_flow as tf

ALL = ["bfloat16", "bool", "complex128", "complex64", "float16", "float32", "float64", "int16", "int32", "int64",
       "int8", "string", "uint16", "uint32", "uint64", "uint8"]
_REAL = ["bfloat16", "float16", "float32", "float64", "int16", "int32", "int64", "int8", "uint16", "uint32", "uint64",
         "uint8"]
_FLOAT_COMPLEX = ["bfloat16", "complex128", "complex64", "float16", "float32", "float64"]
_SIGNED = ["bfloat16", "complex128", "complex64", "float16", "float32", "float64", "int16", "int32", "int64", "int8"]
_NUMBERS = sorted(_REAL + ["complex64", "complex128"])

TF1_DTYPES = {
    "Add": ["bfloat16", "complex128", "complex64", "float16", "float32", "float64", "int16", "int32", "int64", "int8",
            "string", "uint8"],
    "AddV2": _NUMBERS, "Sub": _NUMBERS, "Mul": _NUMBERS, "RealDiv": _FLOAT_COMPLEX,
    "FloorDiv": _REAL, "FloorMod": _REAL, "Maximum": _REAL, "Minimum": _REAL,
    "Pow": _SIGNED,
    "SquaredDifference": ["bfloat16", "complex128", "complex64", "float16", "float32", "float64", "int32", "int64"],
    "Equal": ALL, "NotEqual": ALL,
    "Less": _REAL, "LessEqual": _REAL, "Greater": _REAL, "GreaterEqual": _REAL,
    "Neg": _SIGNED, "Square": _NUMBERS,
    "Abs": ["bfloat16", "float16", "float32", "float64", "int16", "int32", "int64", "int8"],
    "Sign": _SIGNED, "Relu": _REAL,
    "Sqrt": _FLOAT_COMPLEX, "Rsqrt": _FLOAT_COMPLEX, "Exp": _FLOAT_COMPLEX, "Log": _FLOAT_COMPLEX,
    "Log1p": _FLOAT_COMPLEX, "Sin": _FLOAT_COMPLEX, "Cos": _FLOAT_COMPLEX, "Tanh": _FLOAT_COMPLEX,
    "Sigmoid": _FLOAT_COMPLEX, "Reciprocal": _FLOAT_COMPLEX,
    "Sum": _NUMBERS, "Mean": _NUMBERS, "Prod": _NUMBERS, "Max": _REAL, "Min": _REAL,
    "ArgMax": sorted(_REAL + ["bool"]), "ArgMin": sorted(_REAL + ["bool"]),
    "Cumsum": _NUMBERS, "Cumprod": _NUMBERS,
    "Unique": sorted(_REAL + ["bool", "string"]),
    "ReverseV2": ALL, "ConcatV2": ALL, "Transpose": ALL, "Select": ALL,
    "Cast": [d for d in ALL if d != "string"],
}

# TF1 dtypes we do not run yet, and why.
GAPS = {
    "Add": {"string"},  # string concatenation with +: not implemented (tf.strings.join neither)
    "Sign": {"complex64", "complex128"}, "Sigmoid": {"complex64", "complex128"},
    "Abs": set(), "ArgMax": {"bool"}, "ArgMin": {"bool"},
}
# dtypes we run that TF1 registers no kernel for (harmless supersets, from shared dispatch families).
EXTRAS = {
    "Neg": {"uint8", "uint16", "uint32", "uint64"}, "Pow": {"uint8", "uint16", "uint32", "uint64"},
    "SquaredDifference": {"int8", "int16", "uint8", "uint16", "uint32", "uint64"},
    "Add": {"uint16", "uint32", "uint64"}, "Sign": {"uint8", "uint16", "uint32", "uint64"},
    "Abs": {"uint8", "uint16", "uint32", "uint64"},
    "Unique": {"complex64", "complex128"},
}


def _value(name):
    dt = tf.as_dtype(name)
    if name == "string":
        return tf.constant(["a", "b"])
    if name == "bool":
        return tf.constant([True, False])
    return tf.constant(np.asarray([1, 2], dt.as_numpy_dtype), dt)


def _build(op, name):
    x = _value(name)
    binary = {"Add": tf.add, "Sub": tf.subtract, "Mul": tf.multiply, "RealDiv": tf.realdiv, "FloorDiv": tf.floordiv,
              "FloorMod": tf.floormod, "Maximum": tf.maximum, "Minimum": tf.minimum, "Pow": tf.pow,
              "SquaredDifference": tf.squared_difference, "Equal": tf.equal, "NotEqual": tf.not_equal,
              "Less": tf.less, "LessEqual": tf.less_equal, "Greater": tf.greater, "GreaterEqual": tf.greater_equal}
    if op in binary:
        return binary[op](x, x)
    if op == "AddV2":
        return x.graph.create_op("AddV2", (x, x), None, "AddV2").outputs[0]
    unary = {"Neg": tf.negative, "Square": tf.square, "Abs": tf.abs, "Sign": tf.sign, "Relu": tf.nn.relu,
             "Sqrt": tf.sqrt, "Rsqrt": tf.rsqrt, "Exp": tf.exp, "Log": tf.log, "Log1p": tf.log1p, "Sin": tf.sin,
             "Cos": tf.cos, "Tanh": tf.tanh, "Sigmoid": tf.sigmoid, "Reciprocal": tf.reciprocal,
             "Sum": tf.reduce_sum, "Mean": tf.reduce_mean, "Prod": tf.reduce_prod, "Max": tf.reduce_max,
             "Min": tf.reduce_min, "ArgMax": tf.argmax, "ArgMin": tf.argmin, "Cumsum": tf.cumsum, "Cumprod": tf.cumprod,
             "Unique": lambda t: tf.unique(t)[0], "ReverseV2": lambda t: tf.reverse(t, [0]),
             "ConcatV2": lambda t: tf.concat([t, t], 0), "Transpose": lambda t: tf.transpose(tf.reshape(t, [1, 2])),
             "Select": lambda t: tf.where(tf.constant([True, False]), t, t),
             "Cast": lambda t: tf.cast(tf.cast(t, tf.float32), t.dtype) if name != "bool" else tf.cast(t, tf.int8)}
    if op == "Cast":  # every dtype converts from and to float32 (and bool to int8)
        return unary[op](x)
    return unary[op](x)


def _runs(op, name):
    tf.reset_default_graph()
    try:
        y = _build(op, name)
    except TypeError:
        return False
    with tf.Session() as sess:
        sess.run(y)  # an engine error here is a bug: the graph-time check promised a kernel
    return True


@pytest.mark.parametrize("op", sorted(TF1_DTYPES))
def test_op_runs_the_dtypes_tf1_registers(op):
    tf1 = set(TF1_DTYPES[op])
    ours = {name for name in ALL if _runs(op, name)}
    assert tf1 - ours == GAPS.get(op, set()), f"{op}: TF1 dtypes we do not run"
    assert ours - tf1 == EXTRAS.get(op, set()), f"{op}: dtypes we run that TF1 does not register"
