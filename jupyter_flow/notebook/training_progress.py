"""Steps done, steps per second and time left, from the (step, wall_time) pairs a training run logged."""

import math
from typing import NamedTuple, Optional

import numpy as np

RATE_WINDOW_SECONDS = 30.0  # recent enough to follow a change of pace, long enough to average out jitter


class TrainingProgress(NamedTuple):
    step: int
    steps_per_second: Optional[float]
    total_steps: Optional[int]
    seconds_left: Optional[float]

    def describe(self):
        """One line for the widget, e.g. 'step 1,200 / 5,000 · 310 steps/s · ETA 0:12'."""
        parts = [f"step {self.step:,}" + (f" / {self.total_steps:,}" if self.total_steps else "")]
        if self.steps_per_second is not None:
            parts.append(f"{_format_rate(self.steps_per_second)} steps/s")
        if self.seconds_left is not None:
            parts.append(f"ETA {format_duration(self.seconds_left)}")
        return " · ".join(parts)


def training_progress(steps, wall_times, total_steps=None):
    """Progress of one run from its logged steps and their wall-clock times (seconds).

    >>> training_progress(np.array([0, 100, 200]), np.array([0.0, 1.0, 2.0]), total_steps=1000)
    TrainingProgress(step=200, steps_per_second=100.0, total_steps=1000, seconds_left=8.0)
    """
    if len(steps) == 0:
        return TrainingProgress(0, None, total_steps, None)
    step, now = int(steps[-1]), float(wall_times[-1])
    recent = np.flatnonzero(wall_times >= now - RATE_WINDOW_SECONDS)
    first = recent[0] if len(recent) else len(steps) - 1
    elapsed = now - float(wall_times[first])
    rate = (step - int(steps[first])) / elapsed if elapsed > 0 and step > steps[first] else None
    seconds_left = None
    if rate and total_steps is not None:
        seconds_left = max(total_steps - step, 0) / rate
    return TrainingProgress(step, rate, total_steps, seconds_left)


def format_duration(seconds):
    """'0:42', '12:05', '3:02:10' — minutes:seconds, with hours only when needed."""
    if not math.isfinite(seconds):
        return "?"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def _format_rate(rate):
    return f"{rate:,.0f}" if rate >= 100 else f"{rate:.3g}"
