"""TensorFlow's histogram: default exponential buckets and the summary encoding of `tf.summary.histogram`.

This is a line-by-line reference of TF1's ``tensorflow/core/lib/histogram/histogram.cc`` so a C++
kernel can be tested against it for exact equality:
- bucket limits: +-1e-12 growing by a factor 1.1 (in double) while below 1e20, then +-DBL_MAX, and 0;
- a value goes in the first bucket whose limit is strictly greater than it (``std::upper_bound``);
- sum and sum of squares are accumulated in double, one value at a time, in flat (C) order;
- runs of empty buckets are collapsed into one entry carrying the last limit of the run.

    >>> h = histogram_proto([1.0, 2.0, 2.0])
    >>> (h.min, h.max, h.num, h.sum, h.sum_squares, sum(h.bucket))
    (1.0, 2.0, 3.0, 5.0, 9.0, 3.0)
"""

import sys

import numpy as np

from .protos import HistogramProto

DBL_MAX = sys.float_info.max


def _default_bucket_limits():
    positive = []
    v = 1.0e-12
    while v < 1.0e20:
        positive.append(v)
        v *= 1.1
    positive.append(DBL_MAX)
    negative = [-limit for limit in reversed(positive)]
    return np.array(negative + [0.0] + positive, dtype=np.float64)


DEFAULT_BUCKET_LIMITS = _default_bucket_limits()
DEFAULT_BUCKET_LIMITS.flags.writeable = False


def bucket_counts(values, limits=DEFAULT_BUCKET_LIMITS):
    """Count of ``values`` (float64, finite) in each bucket; bucket i holds limits[i-1] <= v < limits[i].

        >>> int(bucket_counts(np.array([0.0]))[len(DEFAULT_BUCKET_LIMITS) // 2 + 1])
        1
    """
    index = np.searchsorted(limits, values, side="right")
    # TF indexes one past the end for a value equal to DBL_MAX (out of bounds there); keep it in
    # the last bucket instead.
    np.minimum(index, len(limits) - 1, out=index)
    return np.bincount(index, minlength=len(limits)).astype(np.float64)


def _sequential_sum(values):
    # np.sum is pairwise; TF adds one value at a time, and np.cumsum does too.
    return float(np.cumsum(values)[-1]) if values.size else 0.0


def histogram_proto(values, tag_for_errors="histogram"):
    """The HistogramProto TF1's HistogramSummary op writes for ``values`` (any shape, real numbers).

        >>> histogram_proto([]).bucket_limit[:] == [DBL_MAX]
        True
    """
    array = np.asarray(values)
    if array.dtype.kind not in "iuf":
        raise TypeError(
            f"summary.histogram '{tag_for_errors}' needs real numbers, got dtype {array.dtype}; "
            "cast the values first, e.g. tf.cast(x, tf.float32)"
        )
    flat = array.astype(np.float64).ravel()
    if np.isnan(flat).any():
        raise ValueError(f"Nan in summary histogram for: {tag_for_errors}")
    if np.isinf(flat).any():
        raise ValueError(f"Infinity in summary histogram for: {tag_for_errors}")
    counts = bucket_counts(flat)
    with np.errstate(over="ignore", invalid="ignore"):  # overflow gives inf/nan in TF's doubles too
        total, total_squares = _sequential_sum(flat), _sequential_sum(flat * flat)
    proto = HistogramProto(
        min=float(flat.min()) if flat.size else DBL_MAX,
        max=float(flat.max()) if flat.size else -DBL_MAX,
        num=float(flat.size),
        sum=total,
        sum_squares=total_squares,
    )
    limits, kept = _collapse_empty_runs(DEFAULT_BUCKET_LIMITS, counts)
    proto.bucket_limit.extend(limits)
    proto.bucket.extend(kept)
    return proto


def _collapse_empty_runs(limits, counts):
    """Keep non-empty buckets; each run of empty ones becomes one entry with the run's last limit."""
    nonempty = counts > 0
    # An entry ends at i when bucket i is non-empty, or it is empty and the next one is not (or i is last).
    next_nonempty = np.append(nonempty[1:], True)
    keep = nonempty | next_nonempty
    return limits[keep].tolist(), counts[keep].tolist()
