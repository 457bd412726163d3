"""Numeric gradient checks of the segment reductions (the registry-wide test picks up CASES)."""
import numpy as np

from tests.ops.gradient_cases_shape import ph

SORTED_IDS = [0, 0, 1, 3, 3]            # segment 2 is empty
UNSORTED_IDS = [2, 0, 2, -1, 1, 0]      # every segment has rows; the -1 row is dropped
# Zeros: segment 0 has one (its gradient is the product of the others), segment 1 has two (all 0).
WITH_ZEROS = np.array([[0.0, 1.5], [2.0, -1.2], [0.0, 0.7], [0.0, 1.1], [-0.8, 0.0]])


def _sorted(name, values=None):
    def build(tf, rng):
        x = ph(tf, (5, 2))
        v = rng.uniform(-2, 2, size=(5, 2)) if values is None else values
        return getattr(tf, name)(x, SORTED_IDS), [x], [v]
    return build


def _unsorted(name, values=None):
    def build(tf, rng):
        x = ph(tf, (6, 2))
        v = rng.uniform(-2, 2, size=(6, 2)) if values is None else values
        return getattr(tf, name)(x, UNSORTED_IDS, 3), [x], [v]
    return build


def _prod_with_zeros(tf, rng):
    x = ph(tf, (5, 2))
    return tf.segment_prod(x, [0, 0, 1, 1, 2]), [x], [WITH_ZEROS]


def _unsorted_prod_with_zeros(tf, rng):
    x = ph(tf, (5, 2))
    return tf.unsorted_segment_prod(x, [1, 0, 1, 1, 0], 2), [x], [WITH_ZEROS]


def _matrix_ids(tf, rng):
    x = ph(tf, (2, 3, 2))
    return tf.unsorted_segment_max(x, [[1, 0, 1], [0, 1, -1]], 2), [x], [rng.uniform(-2, 2, size=(2, 3, 2))]


CASES = [
    ("SegmentSum", _sorted("segment_sum")),
    ("SegmentMean", _sorted("segment_mean")),
    ("SegmentMax", _sorted("segment_max")),
    ("SegmentMin", _sorted("segment_min")),
    ("SegmentProd", _sorted("segment_prod")),
    ("SegmentProd", _prod_with_zeros),
    ("UnsortedSegmentMax", _unsorted("unsorted_segment_max")),
    ("UnsortedSegmentMax", _matrix_ids),
    ("UnsortedSegmentMin", _unsorted("unsorted_segment_min")),
    ("UnsortedSegmentProd", _unsorted("unsorted_segment_prod")),
    ("UnsortedSegmentProd", _unsorted_prod_with_zeros),
    ("UnsortedSegmentSum", _unsorted("unsorted_segment_sum")),
    ("UnsortedSegmentSum", _unsorted("unsorted_segment_mean")),
    ("UnsortedSegmentSum", _unsorted("unsorted_segment_sqrt_n")),
]
