"""tf.unique and tf.unique_with_counts: the distinct values of a vector in order of appearance.

Shape rules here (no gradient, as TF1); kernels in src_cpp/kernels/unique.cc.
"""
import collections

from ..framework import dtypes
from ..framework.op_def import define_op, not_differentiable
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor

UniqueResult = collections.namedtuple("Unique", ["y", "idx"])
UniqueWithCountsResult = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])


def _unique_infer(with_counts):
    def infer(inputs, attrs):
        x = inputs[0]
        if x._shape.ndims not in (None, 1):
            raise ValueError(f"unique needs a vector (rank 1); '{x.name}' has shape {x._shape._bracket_str()}")
        out_idx = attrs["out_idx"]
        n = x._shape._dims[0] if x._shape.ndims == 1 else None
        outs = [(x._dtype, TensorShape([None])), (out_idx, TensorShape([n]))]
        return outs + [(out_idx, TensorShape([None]))] if with_counts else outs
    return infer


define_op("Unique", infer=_unique_infer(False))
define_op("UniqueWithCounts", infer=_unique_infer(True))
not_differentiable("Unique", "UniqueWithCounts")


def _check_out_idx(out_idx):
    out_idx = dtypes.as_dtype(out_idx)
    if out_idx not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"out_idx must be int32 or int64, got {out_idx.name}")
    return out_idx


def unique(x, out_idx=dtypes.int32, name=None):
    """(y, idx): the distinct values of the vector `x` in order of first appearance, and x[i] == y[idx[i]].

    >>> y, idx = tf.unique([1, 1, 2, 4, 4, 4, 7, 8, 8])    # y [1 2 4 7 8], idx [0 0 1 2 2 2 3 4 4]
    """
    x = convert_to_tensor(x)
    op = x.graph.create_op("Unique", (x,), {"out_idx": _check_out_idx(out_idx)}, name or "Unique")
    return UniqueResult(*op._outputs)


def unique_with_counts(x, out_idx=dtypes.int32, name=None):
    """(y, idx, count): as unique, and how many times each value of y occurs in x."""
    x = convert_to_tensor(x)
    op = x.graph.create_op("UniqueWithCounts", (x,), {"out_idx": _check_out_idx(out_idx)}, name or "UniqueWithCounts")
    return UniqueWithCountsResult(*op._outputs)
