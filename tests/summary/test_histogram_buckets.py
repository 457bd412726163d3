"""The histogram reference against a literal, loop-by-loop port of TF1's histogram.cc."""

import bisect
import math
import sys

import numpy as np
import pytest

from jupyter_flow.summary.histogram_buckets import DEFAULT_BUCKET_LIMITS, bucket_counts, histogram_proto

DBL_MAX = sys.float_info.max


def tf_histogram_port(values):
    """histogram.cc, statement by statement: InitDefaultBuckets, Add, EncodeToProto(false)."""
    buckets = []
    v = 1.0e-12
    while v < 1.0e20:
        buckets.append(v)
        v *= 1.1
    buckets.append(DBL_MAX)
    limits = [-b for b in reversed(buckets)] + [0.0] + buckets
    counts = [0.0] * len(limits)
    lo, hi, num, total, total_sq = DBL_MAX, -DBL_MAX, 0.0, 0.0, 0.0
    for value in values:
        b = bisect.bisect_right(limits, value)
        counts[b] += 1.0
        lo, hi = min(lo, value), max(hi, value)
        num += 1
        total += value
        total_sq += value * value
    out_limits, out_counts = [], []
    i = 0
    while i < len(counts):
        end, count = limits[i], counts[i]
        i += 1
        if count <= 0.0:
            while i < len(counts) and counts[i] <= 0.0:
                end, count = limits[i], counts[i]
                i += 1
        out_limits.append(end)
        out_counts.append(count)
    return dict(min=lo, max=hi, num=num, sum=total, sum_squares=total_sq,
                bucket_limit=out_limits, bucket=out_counts)


def as_dict(proto):
    return dict(min=proto.min, max=proto.max, num=proto.num, sum=proto.sum,
                sum_squares=proto.sum_squares, bucket_limit=list(proto.bucket_limit),
                bucket=list(proto.bucket))


def test_default_buckets_are_tensorflows_1551_limits():
    limits = DEFAULT_BUCKET_LIMITS
    assert len(limits) == 1551
    assert limits[775] == 0.0
    assert limits[776] == 1e-12 and limits[777] == 1e-12 * 1.1
    assert limits[-1] == DBL_MAX and limits[0] == -DBL_MAX
    assert limits[-2] < 1e20 <= limits[-2] * 1.1
    assert np.all(np.diff(limits) > 0)
    assert np.array_equal(limits[:775], -limits[:775:-1])


@pytest.mark.parametrize("seed", range(5))
def test_random_values_match_the_tf_port_exactly(seed):
    rng = np.random.default_rng(seed)
    values = np.concatenate([
        rng.normal(0, 10 ** rng.uniform(-13, 21), size=400),
        rng.integers(-5, 5, size=50).astype(np.float64),
        [0.0, -0.0, 1e-12, -1e-12, 1e-13],
    ])
    rng.shuffle(values)
    assert as_dict(histogram_proto(values)) == tf_histogram_port(values.tolist())


def test_float32_values_are_widened_to_double_before_summing():
    values = np.array([0.1, 0.2, 0.7, 1e7, -3.3], dtype=np.float32)
    expected = tf_histogram_port([float(v) for v in values])
    assert as_dict(histogram_proto(values)) == expected


def test_sum_is_sequential_not_pairwise():
    # TF adds one value at a time; NumPy's pairwise np.sum gives 0.0 here, sequential gives 1.0.
    values = np.array([1e16, 1.0, -1e16, 1.0] * 64)
    assert np.sum(values) == 0.0
    assert histogram_proto(values).sum == 1.0 == tf_histogram_port(values.tolist())["sum"]


def test_value_on_a_limit_goes_to_the_next_bucket():
    limit_index = 800
    value = DEFAULT_BUCKET_LIMITS[limit_index]
    counts = bucket_counts(np.array([value]))
    assert counts[limit_index + 1] == 1 and counts.sum() == 1


def test_empty_runs_collapse_to_their_last_limit():
    proto = histogram_proto([1.0])
    one_bucket = int(np.searchsorted(DEFAULT_BUCKET_LIMITS, 1.0, side="right"))
    assert list(proto.bucket) == [0.0, 1.0, 0.0]
    assert list(proto.bucket_limit) == [
        DEFAULT_BUCKET_LIMITS[one_bucket - 1], DEFAULT_BUCKET_LIMITS[one_bucket], DBL_MAX
    ]


def test_no_values_give_one_empty_bucket_and_extreme_min_max():
    proto = histogram_proto(np.zeros((0, 3)))
    assert as_dict(proto) == tf_histogram_port([])
    assert (proto.min, proto.max, proto.num) == (DBL_MAX, -DBL_MAX, 0.0)
    assert list(proto.bucket_limit) == [DBL_MAX] and list(proto.bucket) == [0.0]


def test_dbl_max_is_kept_in_the_last_bucket():
    proto = histogram_proto([DBL_MAX])
    assert list(proto.bucket) == [0.0, 1.0] and list(proto.bucket_limit) == [DEFAULT_BUCKET_LIMITS[-2], DBL_MAX]


@pytest.mark.parametrize("bad, message", [(np.nan, "Nan in summary histogram for: weights"),
                                         (np.inf, "Infinity in summary histogram for: weights")])
def test_non_finite_values_are_rejected_naming_the_tag(bad, message):
    with pytest.raises(ValueError, match=message):
        histogram_proto([1.0, bad], tag_for_errors="weights")


def test_non_numeric_values_are_rejected_with_a_cast_hint():
    with pytest.raises(TypeError, match="needs real numbers, got dtype bool.*tf.cast"):
        histogram_proto(np.array([True, False]))


def test_sums_past_dbl_max_overflow_to_inf_as_in_tf():
    values = [1e308, 1e308, -1e308]
    proto = histogram_proto(values)
    assert proto.sum == math.inf and proto.sum_squares == math.inf
    assert as_dict(proto) == tf_histogram_port(values)
