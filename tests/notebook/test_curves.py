import base64

import numpy as np
import pytest

from jupyter_flow.notebook.curves import TrainingCurves
from tfevents_writing import write_run


def _traces(curves, kind):
    return {(t.meta[0], t.meta[1]): t for t in curves._figure.widget.data if t.meta[2] == kind}


def test_logged_points_are_all_kept_but_each_line_draws_at_most_its_budget():
    curves = TrainingCurves(display=False, max_points_per_line=2000)
    noise = np.random.default_rng(0).normal(size=100_000)
    for step in range(100_000):
        curves.log(step, mse=noise[step])
    curves.stop()

    steps, _, values = curves.store.series("log", "mse").columns()
    smoothed = _traces(curves, "smoothed")[("log", "mse")]
    raw = _traces(curves, "raw")[("log", "mse")]
    assert len(values) == 100_000 and np.array_equal(values, noise)
    assert 1000 < len(smoothed.x) <= 2000 and 1000 < len(raw.x) <= 2000
    assert raw.y.max() == noise.max() and raw.y.min() == noise.min()


def test_one_chart_per_tag_and_one_line_per_run_from_a_log_directory(tmp_path):
    write_run(tmp_path / "run-1", [(step, {"MSE": 1.0 / (step + 1), "accuracy": 0.5}) for step in range(20)])
    write_run(tmp_path / "run-2", [(step, {"MSE": 2.0 / (step + 1)}) for step in range(10)])

    curves = TrainingCurves(tmp_path, display=False)
    curves.stop()

    figure = curves._figure.widget
    assert sorted(a.text for a in figure.layout.annotations) == ["<b>MSE</b>", "<b>accuracy</b>"]
    assert sorted(_traces(curves, "smoothed")) == [("run-1", "MSE"), ("run-1", "accuracy"), ("run-2", "MSE")]
    run_2 = _traces(curves, "raw")[("run-2", "MSE")]
    np.testing.assert_array_equal(run_2.x, np.arange(10.0))
    np.testing.assert_allclose(run_2.y, 2.0 / np.arange(1, 11))


def test_unchecking_a_run_hides_its_lines_in_every_chart(tmp_path):
    write_run(tmp_path / "run-1", [(0, {"MSE": 1.0, "loss": 2.0}), (1, {"MSE": 0.5, "loss": 1.0})])
    write_run(tmp_path / "run-2", [(0, {"MSE": 3.0}), (1, {"MSE": 2.0})])
    curves = TrainingCurves(tmp_path, display=False)
    curves.stop()

    curves._controls._run_boxes["run-1"].value = False

    visible = {key: trace.visible for key, trace in _traces(curves, "smoothed").items()}
    assert visible == {("run-1", "MSE"): False, ("run-1", "loss"): False, ("run-2", "MSE"): True}


def test_smoothing_slider_redraws_with_tensorboards_average():
    curves = TrainingCurves(display=False, smoothing=0.0)
    for step, value in enumerate([1.0, 0.0, 0.0]):
        curves.log(step, mse=value)
    curves.stop()

    curves._controls._smoothing.value = 0.6

    smoothed = _traces(curves, "smoothed")[("log", "mse")]
    assert list(smoothed.y) == pytest.approx([1.0, 0.375, 0.144 / 0.784])
    assert list(smoothed.customdata) == [1.0, 0.0, 0.0]  # the hover shows the raw value too


def test_axis_switches_change_the_chart_axes():
    curves = TrainingCurves(display=False)
    curves.log(0, mse=1.0)
    curves.log(1, mse=0.1)
    curves.stop()

    curves._controls._x_axis.value = "wall"
    curves._controls._y_scale.value = "log"

    layout = curves._figure.widget.layout
    assert (layout.xaxis.type, layout.yaxis.type) == ("date", "log")
    x = _traces(curves, "smoothed")[("log", "mse")].x
    wall_times = curves.store.series("log", "mse").columns()[1]
    np.testing.assert_allclose(x, wall_times * 1000.0)  # epoch milliseconds on a date axis


def test_progress_shows_steps_rate_and_eta_against_total_steps():
    curves = TrainingCurves(total_steps=1000, display=False)
    for step in range(0, 300, 10):
        curves.log(step, mse=1.0)
    curves.stop()

    assert curves._controls._bar.value == 290
    assert curves._controls._status.value.startswith("step 290 / 1,000 · ")
    assert "ETA" in curves._controls._status.value


def test_the_widget_output_carries_the_widget_view_and_the_snapshot_output_a_summary():
    curves = TrainingCurves(display=False)
    curves.log(0, mse=1.0)
    curves.log(1, mse=0.5)
    curves.stop()

    bundle = curves._repr_mimebundle_()

    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == curves.widget.model_id
    assert curves._snapshot_bundle()[0]["text/plain"].startswith("TrainingCurves: 1 run, 1 tag, 2 points")


def test_the_snapshot_output_is_a_png_that_hides_itself_next_to_the_live_widget():
    curves = TrainingCurves(display=False)
    empty, _ = curves._snapshot_bundle()
    curves.log(0, mse=1.0)
    curves.log(1, mse=0.5)
    curves.stop()

    data, metadata = curves._snapshot_bundle()

    assert "image/png" not in empty  # nothing drawn yet, nothing to keep
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert metadata["image/png"]["width"] > 0
    live_class = next(c for c in curves._figure.widget._dom_classes if c.startswith("jf-live-curves-"))
    assert f"body:has(.{live_class}) .jf-curves-snapshot-" in data["text/html"]
    assert data["image/png"] in data["text/html"]


@pytest.mark.parametrize("bad, error, message", [
    ({"mse": np.ones(3)}, ValueError, "shape"),
    ({"mse": "low"}, TypeError, "not a number"),
    ({}, TypeError, "at least one scalar"),
])
def test_log_explains_what_it_cannot_draw(bad, error, message):
    curves = TrainingCurves(display=False)
    with pytest.raises(error, match=message):
        curves.log(0, **bad)
    curves.stop()


def test_log_needs_a_whole_number_step():
    curves = TrainingCurves(display=False)
    with pytest.raises(TypeError, match="step"):
        curves.log(0.5, mse=1.0)
    curves.stop()


def test_total_steps_must_be_positive():
    with pytest.raises(ValueError, match="total_steps"):
        TrainingCurves(total_steps=0, display=False)


def test_zooming_into_a_window_redraws_it_in_full_detail_and_zooming_out_restores_the_overview():
    curves = TrainingCurves(display=False, max_points_per_line=200)
    for step in range(10_000):
        curves.log(step, mse=float(np.sin(step / 10)))
    curves.stop()
    line = _traces(curves, "smoothed")[("log", "mse")]

    curves._figure.widget.layout.xaxis.update(range=[1000, 1100], autorange=False)  # what a drag-zoom sends
    zoomed = np.array(line.x)
    curves._figure.widget.layout.xaxis.autorange = True  # a double-click
    overview = np.array(line.x)

    np.testing.assert_array_equal(zoomed, np.arange(999.0, 1102.0))  # every point, one beyond each edge
    assert len(overview) <= 200 and overview[0] == 0 and overview[-1] == 9_999
