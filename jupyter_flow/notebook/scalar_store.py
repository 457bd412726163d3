"""Every scalar point the curves widget has seen, kept in full (drawing downsamples a copy, never this).

Points arrive from a training loop (`TrainingCurves.log`) and from a log-directory reader thread, so the store
takes a lock for writes; readers get array views that later appends never modify.
"""

import threading

import numpy as np


class ScalarSeries:
    """The (step, wall_time, value) columns of one tag in one run, grown by doubling.

    >>> series = ScalarSeries(); series.append(0, 1700000000.0, 2.5)
    >>> series.columns()   # (array([0]), array([1.7e+09]), array([2.5]))
    """

    def __init__(self, capacity=256):
        self._steps = np.empty(capacity, dtype=np.int64)
        self._wall_times = np.empty(capacity, dtype=np.float64)
        self._values = np.empty(capacity, dtype=np.float64)
        self._length = 0

    def __len__(self):
        return self._length

    def append(self, step, wall_time, value):
        if self._length == len(self._steps):
            self._grow()
        i = self._length
        self._steps[i], self._wall_times[i], self._values[i] = step, wall_time, value
        self._length = i + 1  # published last: a concurrent reader sees complete rows only

    def _grow(self):
        # New arrays, not resize in place: views handed out earlier keep pointing at valid memory.
        capacity = 2 * len(self._steps)
        for name in ("_steps", "_wall_times", "_values"):
            old = getattr(self, name)
            new = np.empty(capacity, dtype=old.dtype)
            new[: self._length] = old[: self._length]
            setattr(self, name, new)

    def columns(self):
        """(steps, wall_times, values) views of equal length, safe to read while another thread appends."""
        n = self._length  # read first: whichever arrays are current hold at least n complete rows
        return self._steps[:n], self._wall_times[:n], self._values[:n]


class ScalarStore:
    """Series keyed by (run, tag); runs keep the order they first appeared in, as TensorBoard lists them.

    >>> store = ScalarStore(); store.add("run-1", "MSE", step=0, wall_time=1700000000.0, value=2.5)
    >>> store.runs, store.tags, len(store.series("run-1", "MSE"))   # (['run-1'], ['MSE'], 1)
    """

    def __init__(self):
        self._series = {}
        self._runs = []
        self._lock = threading.Lock()
        self.version = 0  # bumped on every write; the widget redraws when it differs from what it drew

    def add(self, run, tag, step, wall_time, value):
        with self._lock:
            self._add_unlocked(run, tag, step, wall_time, value)
            self.version += 1

    def add_points(self, points):
        """Adds (run, tag, step, wall_time, value) tuples, such as `LogDirReader.read_new()` returns."""
        if not points:
            return
        with self._lock:
            for point in points:
                self._add_unlocked(*point)
            self.version += 1

    def _add_unlocked(self, run, tag, step, wall_time, value):
        key = (run, tag)
        series = self._series.get(key)
        if series is None:
            series = self._series[key] = ScalarSeries()
            if run not in self._runs:
                self._runs.append(run)
        series.append(step, wall_time, value)

    @property
    def runs(self):
        with self._lock:
            return list(self._runs)

    @property
    def tags(self):
        with self._lock:
            return sorted({tag for _, tag in self._series})

    def series(self, run, tag):
        """The series of `tag` in `run`, or None if that run never wrote that tag."""
        with self._lock:
            return self._series.get((run, tag))

    def point_count(self):
        with self._lock:
            return sum(len(series) for series in self._series.values())
