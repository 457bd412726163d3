"""Candidate samplers (tf.nn.log_uniform_candidate_sampler, uniform_candidate_sampler) and
tf.nn.compute_accidental_hits: the negative classes of the sampled losses (sampled_losses.py).
Kernels: src_cpp/kernels/candidate_sampling.cc.

>>> sampled, true_expected, sampled_expected = tf.nn.log_uniform_candidate_sampler(
...     true_classes=labels, num_true=1, num_sampled=64, unique=True, range_max=50000)
"""
import collections

from ..framework import dtypes
from ..framework.op_def import define_op, not_differentiable
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .math_ops import cast
from .random_ops import get_seed

CandidateSamples = collections.namedtuple("CandidateSamples",
                                          ("sampled_candidates", "true_expected_count", "sampled_expected_count"))


def _sampler_infer(inputs, attrs):
    tc = inputs[0]._shape.with_rank(2)
    if tc[1].value is not None and tc[1].value != attrs["num_true"]:
        raise ValueError(f"true_classes has {tc[1].value} columns but num_true is {attrs['num_true']} "
                         f"('{inputs[0].name}')")
    n = attrs["num_sampled"]
    return [(dtypes.int64, TensorShape([n])), (dtypes.float32, TensorShape([tc[0].value, attrs["num_true"]])),
            (dtypes.float32, TensorShape([n]))]


def _accidental_hits_infer(inputs, attrs):
    inputs[0]._shape.with_rank(2)
    inputs[1]._shape.with_rank(1)
    return [(dtypes.int32, TensorShape([None])), (dtypes.int64, TensorShape([None])), (dtypes.float32, TensorShape([None]))]


for _t in ("LogUniformCandidateSampler", "UniformCandidateSampler"):
    define_op(_t, infer=_sampler_infer, stateful=True)
define_op("ComputeAccidentalHits", infer=_accidental_hits_infer)
not_differentiable("LogUniformCandidateSampler", "UniformCandidateSampler", "ComputeAccidentalHits")


def _true_classes(true_classes):
    t = convert_to_tensor(true_classes)
    if t.dtype is not dtypes.int64:
        if not t.dtype.is_integer:
            raise TypeError(f"true_classes must hold integer class ids, got {t.dtype.name} ('{t.name}')")
        t = cast(t, dtypes.int64)
    return t


def _sampler(op_type, true_classes, num_true, num_sampled, unique, range_max, seed, name):
    for what, v in (("num_true", num_true), ("num_sampled", num_sampled), ("range_max", range_max)):
        if not isinstance(v, int) or v < 1:
            raise ValueError(f"{name}: {what} must be a positive Python int, got {v!r}")
    if unique and num_sampled > range_max:
        raise ValueError(f"{name}: cannot draw num_sampled={num_sampled} unique candidates from range_max={range_max} "
                         f"classes; lower num_sampled or pass unique=False")
    tc = _true_classes(true_classes)
    s1, s2 = get_seed(seed)
    attrs = {"num_true": int(num_true), "num_sampled": int(num_sampled), "unique": bool(unique),
             "range_max": int(range_max), "seed": int(s1 or 0), "seed2": int(s2 or 0)}
    op = tc.graph.create_op(op_type, (tc,), attrs, name)
    return CandidateSamples(*op.outputs)


def log_uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None, name=None):
    """num_sampled class ids drawn with P(k) = log((k+2)/(k+1)) / log(range_max+1) (frequent
    classes first, as in a frequency-sorted vocabulary), and how often each true and sampled class
    is expected among the draws. Returns (sampled_candidates, true_expected_count, sampled_expected_count).

    >>> sampled, true_exp, sampled_exp = tf.nn.log_uniform_candidate_sampler(labels, 1, 64, True, 10000)
    """
    return _sampler("LogUniformCandidateSampler", true_classes, num_true, num_sampled, unique, range_max, seed,
                    name or "LogUniformCandidateSampler")


def uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None, name=None):
    """As log_uniform_candidate_sampler, with every class equally likely.

    >>> sampled, true_exp, sampled_exp = tf.nn.uniform_candidate_sampler(labels, 1, 64, True, 10000)
    """
    return _sampler("UniformCandidateSampler", true_classes, num_true, num_sampled, unique, range_max, seed,
                    name or "UniformCandidateSampler")


def compute_accidental_hits(true_classes, sampled_candidates, num_true, seed=None, name=None):
    """The sampled candidates that are in fact true classes of their row: (indices [rows],
    ids [positions in sampled_candidates], weights [-FLT_MAX each], to add to those logits).

    >>> indices, ids, weights = tf.nn.compute_accidental_hits(labels, sampled, num_true=1)
    """
    tc = _true_classes(true_classes)
    sc = _true_classes(sampled_candidates)
    op = tc.graph.create_op("ComputeAccidentalHits", (tc, sc), {"num_true": int(num_true)},
                            name or "ComputeAccidentalHits")
    return tuple(op.outputs)
