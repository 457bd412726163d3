"""The live chart: one plotly FigureWidget, one subplot per tag, one line per run.

The widget's browser code is served by the Jupyter server, not stored in the notebook (`chart_widget`).

Updates go out as one `batch_update` per redraw (a single message per figure), so the browser redraws once
and nothing flickers; `uirevision` keeps the user's zoom and pan across data updates. Zoom, pan, hover and the
legend (click a run to hide it everywhere) run in the browser, so they work while the kernel is busy training.
"""

import math

import numpy as np
import plotly.graph_objects as go

from .chart_lines import X_AXIS_TITLES
from .chart_widget import figure_widget_class

ROW_HEIGHT_PX = 260
TITLE_PX = 26  # kept free above each chart for its title
X_LABELS_PX = 52  # kept free below each chart for its tick labels and axis title
COLUMN_GAP = 0.08


def chart_grid(n_charts):
    """(rows, columns) of the chart grid: one column for a single chart, two otherwise, like TensorBoard cards."""
    columns = 1 if n_charts <= 1 else 2
    return max(1, math.ceil(n_charts / columns)), columns


class CurvesFigure:
    """Owns the FigureWidget and keeps its traces and axes in step with `LinePlanner.plan()` results.

    >>> figure = CurvesFigure(on_zoom=lambda: None)
    >>> figure.draw(planner.plan(options), options)   # then display(figure.widget)
    """

    def __init__(self, on_zoom):
        self.widget = figure_widget_class()(layout=dict(
            template="plotly_white", height=ROW_HEIGHT_PX + 40, margin=dict(l=60, r=20, t=40, b=0),
            hovermode="x unified", uirevision="keep", legend=dict(orientation="h", y=1.0, yanchor="bottom"),
        ))
        self._on_zoom = on_zoom
        self._trace_index = {}  # (run, tag, "raw" | "smoothed") -> position in widget.data
        self._axis_of_tag = {}  # tag -> axis number used by its subplot (1 for "xaxis"/"yaxis")
        self._zoom = {}  # tag -> (low, high) x window the user zoomed to
        self._x_axis = None
        self._y_scale = None
        self._drawing = False  # axis changes we make ourselves are not the user zooming

    def zoomed_ranges(self):
        """tag -> (low, high) for charts the user zoomed into; the planner draws those windows in detail."""
        return dict(self._zoom)

    def keep_in_saved_state(self):
        """Copies the whole figure into the widget's synced state, which is what a saved notebook keeps.

        Redraws travel as deltas that leave the state as it was when the chart was displayed (empty, at the
        start of training); a notebook reopened with a kernel draws its charts from that state.
        """
        self.widget._repr_mimebundle_()  # plotly copies its figure into `_widget_data`/`_widget_layout` here

    def draw(self, charts, options):
        """Brings the figure up to date with `charts` (tag -> [LineDrawing]) drawn with `options`."""
        tags = sorted(charts)
        new_tags = [tag for tag in tags if tag not in self._axis_of_tag]
        for tag in new_tags:
            self._add_axis(tag)
        missing = [(line, kind) for tag in tags for line in charts[tag] for kind in ("raw", "smoothed")
                   if (line.run, line.tag, kind) not in self._trace_index]
        if missing:
            self._add_traces(missing)
        self._drawing = True
        try:
            self._update_all(charts, tags, new_tags, options)
        finally:
            self._drawing = False
        self._x_axis, self._y_scale = options.x_axis, options.y_scale

    def _update_all(self, charts, tags, new_tags, options):
        with self.widget.batch_update():
            if new_tags or options.x_axis != self._x_axis or options.y_scale != self._y_scale:
                self._lay_out(tags, options)
            in_legend = set()  # one legend entry per run, on its first chart; clicking it hides the run everywhere
            for tag in tags:
                for line in charts[tag]:
                    self._update_line(line, options, show_in_legend=line.run not in in_legend)
                    in_legend.add(line.run)

    def _add_axis(self, tag):
        number = len(self._axis_of_tag) + 1
        self._axis_of_tag[tag] = number
        suffix = "" if number == 1 else str(number)
        self.widget.layout[f"yaxis{suffix}"] = {}
        self.widget.layout[f"xaxis{suffix}"] = {}
        self.widget.layout[f"xaxis{suffix}"].on_change(lambda axis, *_: self._remember_zoom(tag, axis), "range", "autorange")

    def _remember_zoom(self, tag, axis):
        if axis.autorange is False and axis.range is not None:
            self._zoom[tag] = tuple(_axis_number(value) for value in axis.range)
        else:
            self._zoom.pop(tag, None)
        if not self._drawing:
            self._on_zoom()

    def _add_traces(self, missing):
        traces = []
        for line, kind in missing:
            number = self._axis_of_tag[line.tag]
            suffix = "" if number == 1 else str(number)
            traces.append(go.Scatter(
                name=line.run, legendgroup=line.run, mode="lines", x=[], y=[],
                xaxis=f"x{suffix}", yaxis=f"y{suffix}", line=dict(color=line.color, width=1 if kind == "raw" else 2),
                meta=[line.run, line.tag, kind],
            ))
        first = len(self.widget.data)
        self.widget.add_traces(traces)
        for offset, (line, kind) in enumerate(missing):
            self._trace_index[(line.run, line.tag, kind)] = first + offset

    def _lay_out(self, tags, options):
        rows, columns = chart_grid(len(tags))
        annotations = []
        for position, tag in enumerate(tags):
            row, column = divmod(position, columns)
            x_domain = [column / columns + (COLUMN_GAP / 2 if column else 0),
                        (column + 1) / columns - (COLUMN_GAP / 2 if column + 1 < columns else 0)]
            plot_px = rows * ROW_HEIGHT_PX
            top = 1.0 - row / rows
            y_domain = [top - 1.0 / rows + X_LABELS_PX / plot_px, top - TITLE_PX / plot_px]
            number = self._axis_of_tag[tag]
            suffix = "" if number == 1 else str(number)
            x_update = dict(domain=x_domain, anchor=f"y{suffix}", title_text=X_AXIS_TITLES[options.x_axis],
                            type="date" if options.x_axis == "wall" else "linear")
            if options.x_axis != self._x_axis:
                x_update["autorange"] = True  # a zoom window in steps means nothing in wall time
                self._zoom.pop(tag, None)
            self.widget.layout[f"xaxis{suffix}"].update(x_update)
            y_update = dict(domain=y_domain, anchor=f"x{suffix}", type=options.y_scale)
            if options.y_scale != self._y_scale:
                y_update["autorange"] = True
            self.widget.layout[f"yaxis{suffix}"].update(y_update)
            annotations.append(dict(text=f"<b>{tag}</b>", x=sum(x_domain) / 2, y=y_domain[1], xref="paper",
                                    yref="paper", xanchor="center", yanchor="bottom", showarrow=False))
        self.widget.layout.annotations = annotations
        self.widget.layout.height = rows * ROW_HEIGHT_PX + 40

    def _update_line(self, line, options, show_in_legend):
        smoothing = options.smoothing > 0
        raw = self.widget.data[self._trace_index[(line.run, line.tag, "raw")]]
        raw.update(x=line.raw_x, y=line.raw_y, visible=line.visible and smoothing, opacity=0.3,
                   hoverinfo="skip", showlegend=False)
        smoothed = self.widget.data[self._trace_index[(line.run, line.tag, "smoothed")]]
        value = "value %{customdata:.5g}" if options.x_axis == "step" else "value %{customdata[0]:.5g}"
        step = "" if options.x_axis == "step" else ", step %{customdata[1]}"
        hover = "%{y:.5g}" + (f" ({value}{step})" if smoothing else (f" ({step[2:]})" if step else ""))
        # A 1-D customdata travels as a binary buffer; the 2-D one (needed for the step) as JSON.
        customdata = line.y_raw_at_x if options.x_axis == "step" else np.column_stack([line.y_raw_at_x, line.steps_at_x])
        smoothed.update(x=line.x, y=line.y, mode="lines" if len(line.x) > 1 else "markers", customdata=customdata,
                        visible=line.visible, hovertemplate=hover, showlegend=show_in_legend)


def _axis_number(value):
    """An axis range end as a number; date axes report strings like '2024-05-01 12:00:03.5'."""
    if isinstance(value, str):
        return float(np.datetime64(value.replace(" ", "T"), "ms").astype(np.int64))
    return float(value)
