import numpy as np
import pytest

from jupyter_flow.notebook.training_progress import format_duration, training_progress


def test_rate_and_time_left_come_from_logged_steps_and_times():
    progress = training_progress(np.array([0, 100, 200]), np.array([10.0, 11.0, 12.0]), total_steps=1000)

    assert progress.step == 200
    assert progress.steps_per_second == pytest.approx(100.0)
    assert progress.seconds_left == pytest.approx(8.0)
    assert progress.describe() == "step 200 / 1,000 · 100 steps/s · ETA 0:08"


def test_rate_follows_the_recent_pace_not_the_whole_run():
    steps = np.array([0, 10, 1010])
    times = np.array([0.0, 1000.0, 1010.0])  # slow at first, then 100 steps/s for the last 10 s

    assert training_progress(steps, times).steps_per_second == pytest.approx(100.0)


def test_no_total_means_no_eta_and_a_single_point_has_no_rate():
    progress = training_progress(np.array([5]), np.array([1.0]))

    assert (progress.steps_per_second, progress.seconds_left) == (None, None)
    assert progress.describe() == "step 5"


def test_durations_read_as_clock_times():
    assert [format_duration(s) for s in (42, 725, 10930)] == ["0:42", "12:05", "3:02:10"]
