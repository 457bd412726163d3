"""Sampling: tf.multinomial / tf.random.categorical (class ids drawn from logits) and
tf.random_shuffle. Kernels: src_cpp/kernels/random_sampling.cc.

>>> samples = tf.multinomial(tf.log([[0.1, 0.9]]), num_samples=5)
"""
from ..framework import dtypes
from ..framework.op_def import define_op, not_differentiable
from ..framework.shape_rules import FLOATING
from ..framework.tensor_shape import TensorShape
from ..framework.tensor_util import constant_value
from .constant_op import convert_to_tensor
from .random_ops import get_seed


def _multinomial_infer(inputs, attrs):
    logits, num_samples = inputs
    if logits._dtype not in FLOATING:
        raise TypeError(f"multinomial's logits must be float32 or float64, got {logits._dtype.name} ('{logits.name}')")
    s = logits._shape
    if s.ndims is not None and s.ndims != 2:
        raise ValueError(f"logits should be a matrix [batch_size, num_classes], got shape {s} ('{logits.name}')")
    n = attrs.get("static_num_samples")
    return [(attrs["output_dtype"], TensorShape([None if s.ndims is None else s[0].value, n]))]


def _shuffle_infer(inputs, attrs):
    return [(inputs[0]._dtype, inputs[0]._shape)]


define_op("Multinomial", infer=_multinomial_infer, stateful=True)
define_op("RandomShuffle", infer=_shuffle_infer, stateful=True)
not_differentiable("Multinomial", "RandomShuffle")


def _seeds(seed):
    s1, s2 = get_seed(seed)
    return {"seed": int(s1 or 0), "seed2": int(s2 or 0)}


def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    """num_samples class ids per row of logits ([batch, classes], unnormalized log-probabilities).

    >>> action = tf.multinomial(tf.log(probabilities), num_samples=1)
    """
    out = dtypes.int64 if output_dtype is None else dtypes.as_dtype(output_dtype)
    if out not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"multinomial's output_dtype must be int32 or int64, got {out.name}")
    lg = convert_to_tensor(logits)
    n = convert_to_tensor(num_samples, dtype=dtypes.int32)
    static = constant_value(n)
    attrs = dict(_seeds(seed), output_dtype=out, static_num_samples=None if static is None else int(static))
    return lg.graph.create_op("Multinomial", (lg, n), attrs, name or "multinomial")._outputs[0]


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """tf.random.categorical: multinomial with the argument order of TF 1.13+.

    >>> samples = tf.random.categorical(logits, 10)
    """
    return multinomial(logits, num_samples, seed=seed, name=name or "categorical", output_dtype=dtype)


def random_shuffle(value, seed=None, name=None):
    """value with its slices along the first dimension in a random order.

    >>> shuffled = tf.random_shuffle(tf.range(10))
    """
    v = convert_to_tensor(value)
    return v.graph.create_op("RandomShuffle", (v,), _seeds(seed), name or "RandomShuffle")._outputs[0]
