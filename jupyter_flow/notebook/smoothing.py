"""TensorBoard's smoothing: an exponential moving average with debiasing.

The same rule as TensorBoard's scalar dashboard, so a curve looks the same in both: non-finite values pass
through and do not enter the average; a constant series stays exactly constant; the early points are divided
by (1 - weight**n) so the curve does not start from zero.
"""

import math

import numpy as np


class ExponentialSmoothing:
    """Smooths a series that only grows, doing work only for the appended values.

    >>> smoothing = ExponentialSmoothing(weight=0.6)
    >>> smoothing.update(np.array([1.0, 0.0]))   # array([1.    , 0.375])
    """

    def __init__(self, weight):
        if not 0.0 <= weight < 1.0:
            raise ValueError(f"smoothing weight must be in [0, 1), got {weight!r}; 0 draws the raw values")
        self.weight = weight
        self._smoothed = np.empty(0, dtype=np.float64)
        self._last = 0.0
        self._accumulated = 0
        self._first = None
        self._constant = True

    def update(self, values):
        """Smoothed values for the whole series `values`, whose first len(previous) entries did not change."""
        done = len(self._smoothed)
        if len(values) < done:
            raise ValueError("ExponentialSmoothing.update: the series shrank; make a new ExponentialSmoothing")
        if len(values) == done:
            return self._smoothed
        new = np.asarray(values[done:], dtype=np.float64)
        out = np.empty(len(new), dtype=np.float64)
        weight, last, accumulated = self.weight, self._last, self._accumulated
        for i, value in enumerate(new.tolist()):
            if not math.isfinite(value):
                out[i] = value
                continue
            last = last * weight + (1.0 - weight) * value
            accumulated += 1
            out[i] = last / (1.0 - weight**accumulated)
        self._last, self._accumulated = last, accumulated
        self._track_constant(new)
        self._smoothed = np.concatenate([self._smoothed, out])
        if self._constant:
            # TensorBoard special-cases a constant series so rounding never shows as a wiggle.
            self._smoothed = np.asarray(values, dtype=np.float64).copy()
        return self._smoothed

    def _track_constant(self, new):
        if not self._constant or len(new) == 0:
            return
        if self._first is None:
            self._first = new[0]
        self._constant = bool(np.all(new == self._first))


def smooth(values, weight):
    """TensorBoard's smoothing of a whole series.

    >>> smooth(np.array([1.0, 0.0, 0.0]), 0.6)   # array([1.   , 0.375, 0.184...])
    >>> smooth(values, 0.0)                        # the values themselves
    """
    return ExponentialSmoothing(weight).update(np.asarray(values, dtype=np.float64)).copy()
