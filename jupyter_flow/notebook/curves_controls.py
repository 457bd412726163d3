"""The widget's controls: run check boxes, smoothing slider, x-axis and y-scale switches, progress line.

They are ordinary ipywidgets, so they act when the kernel is free (after the training cell); zoom, pan, hover
and the legend are handled by the chart in the browser and work during training too.
"""

import dataclasses
import html

import ipywidgets as widgets

from .chart_lines import RUN_COLORS


class CurvesControls:
    """Builds the controls and reports the user's `ChartOptions` through `on_change(options)`.

    >>> controls = CurvesControls(ChartOptions(), total_steps=1000, on_change=print)
    >>> controls.show_runs(["run-1", "run-2"])   # one check box per run, in the run's colour
    """

    def __init__(self, options, total_steps, on_change):
        self._options = options
        self._on_change = on_change
        self._smoothing = widgets.FloatSlider(
            value=options.smoothing, min=0.0, max=0.999, step=0.001, readout_format=".3f",
            description="Smoothing", continuous_update=False)
        self._x_axis = widgets.ToggleButtons(
            options=[("Step", "step"), ("Relative", "relative"), ("Wall", "wall")], value=options.x_axis,
            description="X axis", style={"button_width": "86px"})
        self._y_scale = widgets.ToggleButtons(
            options=[("Linear", "linear"), ("Log", "log")], value=options.y_scale, description="Y axis",
            style={"button_width": "70px"})
        self._bar = widgets.IntProgress(value=0, min=0, max=total_steps or 1, layout=widgets.Layout(
            width="220px", display=None if total_steps else "none"))
        self._status = widgets.HTML(value="waiting for scalars…")
        self._error = widgets.HTML()
        self._runs = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self._run_boxes = {}
        for control in (self._smoothing, self._x_axis, self._y_scale):
            control.observe(self._changed, names="value")
        self.widget = widgets.VBox([
            widgets.HBox([self._bar, self._status]),
            widgets.HBox([self._smoothing, self._x_axis, self._y_scale], layout=widgets.Layout(flex_flow="row wrap")),
            self._runs, self._error])

    def show_runs(self, runs):
        """Adds a check box (checked) for every run not seen before."""
        new = [run for run in runs if run not in self._run_boxes]
        for run in new:
            color = RUN_COLORS[runs.index(run) % len(RUN_COLORS)]
            box = widgets.Checkbox(
                value=run not in self._options.hidden_runs, indent=False, description_allow_html=True,
                description=f'<span style="color:{color}">&#9632;</span> {html.escape(run)}',
                layout=widgets.Layout(width="auto", margin="0 12px 0 0"))
            box.observe(self._changed, names="value")
            self._run_boxes[run] = box
        if new:
            self._runs.children = tuple(self._run_boxes.values())

    def show_progress(self, progress):
        if progress.total_steps:
            self._bar.value = min(progress.step, progress.total_steps)
        self._status.value = html.escape(progress.describe())

    def show_error(self, text):
        text = text.strip().splitlines()[0][:400] if text.strip() else text  # the gist, not a page of help
        self._error.value = f'<span style="color:#b00020">{html.escape(text)}</span>'

    def _changed(self, _change=None):
        hidden = frozenset(run for run, box in self._run_boxes.items() if not box.value)
        options = dataclasses.replace(self._options, smoothing=float(self._smoothing.value),
                                      x_axis=self._x_axis.value, y_scale=self._y_scale.value, hidden_runs=hidden)
        if options != self._options:
            self._options = options
            self._on_change(options)
