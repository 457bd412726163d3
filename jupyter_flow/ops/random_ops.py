"""Random tensors. Seeds follow TF1: a graph-level seed (tf.set_random_seed) plus an op-level
seed make results repeatable; with neither, every session draws new numbers."""
from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.op_def import define_op, not_differentiable
from ..framework.shape_rules import FLOATING
from ..framework.tensor_shape import TensorShape, as_shape

DEFAULT_GRAPH_SEED = 87654321


def set_random_seed(seed):
    """Set the default graph's seed: ops created afterwards draw repeatable numbers.

    >>> tf.set_random_seed(42)
    """
    get_default_graph().seed = seed


def get_seed(op_seed):
    """TF1's rule for the (graph seed, op seed) pair of a new random op."""
    g = get_default_graph()
    graph_seed = g.seed
    if graph_seed is not None:
        if op_seed is None:
            op_seed = g._next_id  # differs per op, repeatable per graph
        return graph_seed, op_seed
    if op_seed is not None:
        return DEFAULT_GRAPH_SEED, op_seed
    return None, None


def _random_infer(inputs, attrs):
    return [(attrs["dtype"], attrs["shape"])]


for _t in ("RandomUniform", "RandomNormal", "TruncatedNormal"):
    define_op(_t, infer=_random_infer, stateful=True)
not_differentiable("RandomUniform", "RandomNormal", "TruncatedNormal")


def _random(op_type, shape, a, b, dtype, seed, name):
    dtype = dtypes.as_dtype(dtype)
    if dtype not in FLOATING:
        raise TypeError(f"{op_type} supports float32 and float64, not {dtype.name}")
    shape = as_shape(shape)
    if not shape.is_fully_defined():
        raise ValueError(f"{op_type} needs a fully defined shape, got {shape}")
    s1, s2 = get_seed(seed)
    attrs = {"shape": TensorShape(shape), "dtype": dtype, "a": float(a), "b": float(b),
             "seed": int(s1 or 0), "seed2": int(s2 or 0)}
    return get_default_graph().create_op(op_type, (), attrs, name)._outputs[0]


def random_uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Uniform samples in [minval, maxval).

    >>> theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0), name="theta")
    """
    return _random("RandomUniform", shape, minval, 1.0 if maxval is None else maxval, dtype, seed,
                   name or "random_uniform")


def random_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal samples: w = tf.Variable(tf.random_normal((n_features, 1)), name="weights")."""
    return _random("RandomNormal", shape, mean, stddev, dtype, seed, name or "random_normal")


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal samples, redrawn when more than two standard deviations from the mean."""
    return _random("TruncatedNormal", shape, mean, stddev, dtype, seed, name or "truncated_normal")
