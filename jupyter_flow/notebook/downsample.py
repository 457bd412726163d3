"""Choosing which points of a long series to draw.

A browser chart slows down with hundreds of thousands of points per line, while a screen is only about a
thousand pixels wide. `minmax_indices` keeps, for each of `max_points // 2` buckets of consecutive points,
the point with the smallest and the one with the largest value (plus the first and last point), so spikes
and the envelope of a noisy curve stay visible. It returns indices: the stored series is never changed.
"""

import numpy as np


def minmax_indices(y, max_points, x=None, x_range=None):
    """Sorted indices of at most `max_points` points of `y` (+ 2 neighbours when `x_range` cuts the series).

    >>> minmax_indices(np.array([0.0, 5.0, 1.0, 2.0, -3.0, 4.0]), max_points=4)   # array([0, 1, 4, 5])
    >>> minmax_indices(y, 2000, x=steps, x_range=(100, 200))   # only the zoomed-in window, in more detail

    Non-finite values are not drawn (a chart line cannot pass through NaN), so their indices are left out.
    """
    if max_points < 2:
        raise ValueError(f"max_points must be at least 2 (a bucket keeps its minimum and maximum), got {max_points}")
    y = np.asarray(y)
    candidates = np.flatnonzero(np.isfinite(y))
    if x_range is not None:
        candidates = _within_range(candidates, np.asarray(x), x_range)
    if len(candidates) <= max_points:
        return candidates
    n_buckets = max(1, (max_points - 2) // 2)
    inner = candidates[1:-1]
    starts = (np.arange(n_buckets) * len(inner)) // n_buckets  # bucket i: inner[i*n//B : (i+1)*n//B]
    values = y[inner]
    bucket_of = np.repeat(np.arange(n_buckets), np.diff(np.append(starts, len(inner))))
    lowest = _first_index_per_bucket(values == np.minimum.reduceat(values, starts)[bucket_of], bucket_of)
    highest = _first_index_per_bucket(values == np.maximum.reduceat(values, starts)[bucket_of], bucket_of)
    kept = np.union1d(inner[lowest], inner[highest])
    return np.concatenate([candidates[:1], kept, candidates[-1:]])


def _first_index_per_bucket(is_extreme, bucket_of):
    positions = np.flatnonzero(is_extreme)
    _, first = np.unique(bucket_of[positions], return_index=True)
    return positions[first]


def _within_range(candidates, x, x_range):
    low, high = x_range
    inside = (x[candidates] >= low) & (x[candidates] <= high)
    where = np.flatnonzero(inside)
    if len(where) == 0:
        return where
    # One point beyond each edge so the drawn line runs to the border of the zoomed view.
    first, last = max(where[0] - 1, 0), min(where[-1] + 1, len(candidates) - 1)
    return candidates[first : last + 1]
