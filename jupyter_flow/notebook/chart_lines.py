"""What to draw: for each tag a chart, for each run a line, smoothed and downsampled from the full store.

Both the live chart (plotly) and the static snapshot (matplotlib) draw from these `LineDrawing`s, so the
picture saved in the notebook is the picture that was on screen.
"""

from dataclasses import dataclass, field
from typing import NamedTuple, Optional, Tuple

import numpy as np

from .downsample import minmax_indices
from .smoothing import ExponentialSmoothing

X_AXES = ("step", "relative", "wall")  # as TensorBoard: step, seconds since the run started, wall-clock time
Y_SCALES = ("linear", "log")
X_AXIS_TITLES = {"step": "step", "relative": "relative time (s)", "wall": "wall time"}
# Colour of a run, by the order runs appeared in (stable while new runs come in).
RUN_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
              "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")


@dataclass(frozen=True)
class ChartOptions:
    """The user's choices in the widget's controls.

    >>> ChartOptions(smoothing=0.9, x_axis="relative", y_scale="log", hidden_runs=frozenset({"run-1"}))
    """

    smoothing: float = 0.6
    x_axis: str = "step"
    y_scale: str = "linear"
    hidden_runs: frozenset = field(default_factory=frozenset)
    max_points: int = 2000  # per drawn line; the store keeps every point

    def __post_init__(self):
        if not 0.0 <= self.smoothing < 1.0:
            raise ValueError(f"smoothing must be in [0, 1) like TensorBoard's slider, got {self.smoothing!r}")
        if self.x_axis not in X_AXES:
            raise ValueError(f"x_axis must be one of {X_AXES}, got {self.x_axis!r}")
        if self.y_scale not in Y_SCALES:
            raise ValueError(f"y_scale must be one of {Y_SCALES}, got {self.y_scale!r}")
        if int(self.max_points) < 4:
            raise ValueError(f"max_points must be at least 4 points per line, got {self.max_points!r}")


class LineDrawing(NamedTuple):
    run: str
    tag: str
    color: str
    visible: bool
    raw_x: np.ndarray  # the faint line of raw values (min/max downsampled on its own)
    raw_y: np.ndarray
    x: np.ndarray  # the smoothed line (the raw line itself when smoothing is 0)
    y: np.ndarray
    y_raw_at_x: np.ndarray  # raw values at the smoothed line's points, for the hover read-out
    steps_at_x: np.ndarray


class LinePlanner:
    """Turns the store into `LineDrawing`s, keeping smoothing state so a redraw only smooths new points.

    >>> planner = LinePlanner(store)
    >>> {tag: lines for tag, lines in planner.plan(ChartOptions()).items()}   # tag -> [LineDrawing per run]
    """

    def __init__(self, store):
        self._store = store
        self._smoothers = {}  # (run, tag) -> ExponentialSmoothing for the current weight

    def plan(self, options, x_ranges=None):
        """Lines per tag (tags sorted); `x_ranges` maps a tag to the (low, high) x window the user zoomed to."""
        x_ranges = x_ranges or {}
        runs, tags = self._store.runs, self._store.tags
        run_starts = {run: self._run_start(run, tags) for run in runs}
        charts = {}
        for tag in tags:
            lines = []
            for run_index, run in enumerate(runs):
                series = self._store.series(run, tag)
                if series is None or len(series) == 0:
                    continue
                lines.append(self._line(run, run_index, tag, series, run_starts[run], options, x_ranges.get(tag)))
            charts[tag] = lines
        return charts

    def _run_start(self, run, tags):
        starts = [self._store.series(run, tag).columns()[1][0] for tag in tags
                  if self._store.series(run, tag) is not None and len(self._store.series(run, tag))]
        return min(starts) if starts else 0.0

    def _line(self, run, run_index, tag, series, run_start, options, x_range: Optional[Tuple[float, float]]):
        steps, wall_times, values = series.columns()
        x = _x_values(options.x_axis, steps, wall_times, run_start)
        smoothed = self._smoothed(run, tag, values, options.smoothing)
        raw_kept = minmax_indices(values, options.max_points, x, x_range)
        kept = minmax_indices(smoothed, options.max_points, x, x_range)
        return LineDrawing(
            run=run, tag=tag, color=RUN_COLORS[run_index % len(RUN_COLORS)],
            visible=run not in options.hidden_runs,
            raw_x=x[raw_kept], raw_y=values[raw_kept],
            x=x[kept], y=smoothed[kept], y_raw_at_x=values[kept], steps_at_x=steps[kept],
        )

    def _smoothed(self, run, tag, values, weight):
        if weight == 0.0:
            return values
        smoother = self._smoothers.get((run, tag))
        if smoother is None or smoother.weight != weight:
            smoother = self._smoothers[(run, tag)] = ExponentialSmoothing(weight)
        return smoother.update(values)


def _x_values(x_axis, steps, wall_times, run_start):
    if x_axis == "step":
        return steps.astype(np.float64)
    if x_axis == "relative":
        return wall_times - run_start
    return wall_times * 1000.0  # milliseconds since the epoch: what a date axis reads, sent as binary
