"""Random tensors. Seeds follow TF1: a graph-level seed (tf.set_random_seed) plus an op-level
seed make results repeatable; with neither, every session draws new numbers."""
import numbers

import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.op_def import define_op, not_differentiable
from ..framework.shape_rules import FLOATING
from ..framework.tensor_shape import UNKNOWN, TensorShape, as_shape

DEFAULT_GRAPH_SEED = 87654321


def set_random_seed(seed):
    """Set the default graph's seed: ops created afterwards draw repeatable numbers.

    >>> tf.set_random_seed(42)
    """
    get_default_graph().seed = seed


def _check_seed(seed, what):
    if seed is not None and (isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral)):
        raise TypeError(f"{what} must be an integer or None, got {seed!r} of type {type(seed).__name__}")


def get_seed(op_seed):
    """TF1's rule for the (graph seed, op seed) pair of a new random op."""
    g = get_default_graph()
    graph_seed = g.seed
    _check_seed(op_seed, "seed")
    _check_seed(graph_seed, "the graph-level seed (tf.set_random_seed)")
    if graph_seed is not None:
        if op_seed is None:
            op_seed = g._next_id  # differs per op, repeatable per graph
        return graph_seed, op_seed
    if op_seed is not None:
        return DEFAULT_GRAPH_SEED, op_seed
    return None, None


def _random_infer(inputs, attrs):
    if inputs:  # the shape is a tensor (tf.random_normal(tf.shape(x))): known as far as its value is
        from .shape_args import check_vector
        dims = inputs[0]
        if dims._dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError(f"a random op's shape must be an int32 or int64 tensor, got {dims._dtype.name}")
        known = check_vector(dims, "shape")
        return [(attrs["dtype"], UNKNOWN if known is None else TensorShape(list(known)))]
    shape = attrs.get("shape")
    if not isinstance(shape, TensorShape) or not shape.is_fully_defined():
        raise ValueError(f"a random op without a shape input needs a fully defined shape attribute, got {shape!r}")
    return [(attrs["dtype"], shape)]


for _t in ("RandomUniform", "RandomNormal", "TruncatedNormal"):
    define_op(_t, infer=_random_infer, stateful=True)


def _random_int_infer(inputs, attrs):
    shape, lo, hi = inputs
    for t, what in ((lo, "minval"), (hi, "maxval")):
        if t.shape.ndims not in (None, 0):
            raise ValueError(f"{what} must be a scalar; got a tensor of shape {t.shape.as_list()} "
                             f"('{t.name}'); RandomUniformInt draws from one [minval, maxval) range")
    return _random_infer([shape], attrs)


define_op("RandomUniformInt", infer=_random_int_infer, stateful=True)
not_differentiable("RandomUniform", "RandomNormal", "TruncatedNormal", "RandomUniformInt")


def _is_tensor_like(v):
    from .constant_op import is_tensor
    return is_tensor(v)


def _random(op_type, shape, a, b, dtype, seed, name, a_name, b_name):
    """A random op; a shape given as a tensor becomes its input, and tensor parameters
    (mean/stddev, minval/maxval) scale a standard sample, as TF1 does."""
    dtype = dtypes.as_dtype(dtype)
    if dtype not in FLOATING:
        raise TypeError(f"{op_type} supports float32 and float64, not {dtype.name}")
    s1, s2 = get_seed(seed)
    dynamic = _is_tensor_like(shape) or (isinstance(shape, (list, tuple)) and any(_is_tensor_like(d) for d in shape))
    if not dynamic:
        shape = as_shape(shape)
        if not shape.is_fully_defined():
            raise ValueError(f"{op_type} needs a fully defined shape, got {shape}; pass tf.shape(tensor) for a "
                             f"shape known only at run time")
    scaled = _is_tensor_like(a) or _is_tensor_like(b)
    if not scaled:
        for value, what in ((a, a_name), (b, b_name)):
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise TypeError(f"{name}: '{what}' must be a number or a tensor, got {value!r}")
    g = get_default_graph()
    attrs = {"dtype": dtype, "a": 0.0 if scaled else float(a), "b": 1.0 if scaled else float(b),
             "seed": int(s1 or 0), "seed2": int(s2 or 0)}
    with g.name_scope(name) as scope:
        inputs = ()
        if dynamic:
            from .shape_args import int_vector
            inputs = (int_vector(shape, "shape"),)
        else:
            attrs["shape"] = TensorShape(shape)
        if not scaled:
            return g.create_op(op_type, inputs, attrs, scope)._outputs[0]
        from . import math_ops
        from .constant_op import convert_to_tensor
        sample = g.create_op(op_type, inputs, attrs, op_type)._outputs[0]
        lo = convert_to_tensor(a, dtype=dtype, name=a_name)
        hi = convert_to_tensor(b, dtype=dtype, name=b_name)
        width = math_ops.subtract(hi, lo) if op_type == "RandomUniform" else hi
        return math_ops.add(math_ops.multiply(sample, width), lo, name=scope)


def random_uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Uniform samples in [minval, maxval).

    >>> theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0), name="theta")
    """
    dtype = dtypes.as_dtype(dtype)
    if dtype not in (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64):
        raise ValueError(f"Argument `dtype` got invalid value {dtype!r}. Accepted dtypes are "
                         f"(tf.float32, tf.float64, tf.int32, tf.int64).")
    if dtype.is_integer:
        if maxval is None:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        return _random_uniform_int(shape, minval, maxval, dtype, seed, name or "random_uniform")
    return _random("RandomUniform", shape, minval, 1.0 if maxval is None else maxval, dtype, seed,
                   name or "random_uniform", "min", "max")


def _random_uniform_int(shape, minval, maxval, dtype, seed, name):
    """TF1's RandomUniformInt node: inputs shape, min, max (int tensors made in the op's scope)."""
    from .constant_op import convert_to_tensor
    from .shape_args import int_vector
    s1, s2 = get_seed(seed)
    g = get_default_graph()
    with g.name_scope(name) as scope:
        dims = int_vector(shape, "shape")
        lo = convert_to_tensor(minval, dtype=dtype, name="min")
        hi = convert_to_tensor(maxval, dtype=dtype, name="max")
        attrs = {"dtype": dtype, "seed": int(s1 or 0), "seed2": int(s2 or 0)}
        return g.create_op("RandomUniformInt", (dims, lo, hi), attrs, scope)._outputs[0]


def random_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal samples: w = tf.Variable(tf.random_normal((n_features, 1)), name="weights")."""
    return _random("RandomNormal", shape, mean, stddev, dtype, seed, name or "random_normal", "mean", "stddev")


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal samples, redrawn when more than two standard deviations from the mean."""
    return _random("TruncatedNormal", shape, mean, stddev, dtype, seed, name or "truncated_normal", "mean",
                   "stddev")
