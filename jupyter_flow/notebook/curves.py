"""`TrainingCurves`: learning curves that update live in the notebook, like TensorBoard's scalars tab.

Why a background thread: while a training cell runs, the kernel's main thread is busy in the loop and handles
no messages, but messages *sent* from another thread still reach the browser (the kernel's IOPub socket is
fed by its own thread). So one daemon thread per widget reads new event files and pushes redraws, at most one
per `refresh_seconds`; `log()` from the loop only appends to memory and wakes that thread.

Displaying it makes two outputs: the widget, and a PNG of the curves that hides itself while the live widget
is on the page (see `curves_snapshot.snapshot_bundle`). A saved notebook reopened without its kernel, or
exported (nbconvert, GitHub, nbviewer), shows the PNG. The PNG is redrawn at the end of every cell that
brought new points, on `stop()` and on `snapshot()`; only that second output changes, so the live chart is
never re-rendered.
"""

import base64
import dataclasses
import threading
import time
import uuid

import ipywidgets as widgets
import numpy as np
from IPython import get_ipython
from IPython import display as ipython_display

from .chart_lines import ChartOptions, LinePlanner
from .curves_controls import CurvesControls
from .curves_figure import CurvesFigure
from .curves_snapshot import live_widget_class, render_png, snapshot_bundle
from .event_reader import LogDirReader
from .scalar_store import ScalarStore
from .training_progress import training_progress

WIDGET_VIEW_MIMETYPE = "application/vnd.jupyter.widget-view+json"
MIN_REFRESH_SECONDS = 0.05
SNAPSHOT_POINTS_PER_LINE = 1000


class TrainingCurves:
    """Live learning curves of a log directory (its runs are its sub-directories) and/or of `log()` calls.

    >>> curves = TrainingCurves(total_steps=1000)          # shows itself; or TrainingCurves("tf_logs")
    >>> for step in range(1000): curves.log(step, mse=float(mse_value))
    """

    def __init__(self, logdir=None, total_steps=None, *, smoothing=0.6, x_axis="step", y_scale="linear",
                 refresh_seconds=0.5, max_points_per_line=2000, log_run="log", display=True):
        if total_steps is not None and (not _is_integer(total_steps) or total_steps <= 0):
            raise ValueError(f"total_steps must be a positive whole number of steps (or None), got {total_steps!r}")
        if not refresh_seconds >= MIN_REFRESH_SECONDS:
            raise ValueError(f"refresh_seconds must be at least {MIN_REFRESH_SECONDS}, got {refresh_seconds!r}")
        self.logdir = logdir
        self.total_steps = None if total_steps is None else int(total_steps)
        self.log_run = log_run
        self._refresh_seconds = float(refresh_seconds)
        self.store = ScalarStore()
        self._options = ChartOptions(smoothing, x_axis, y_scale, frozenset(), int(max_points_per_line))
        self._reader = LogDirReader(logdir) if logdir is not None else None
        self._planner = LinePlanner(self.store)
        self._draw_lock = threading.RLock()
        self._figure = CurvesFigure(on_zoom=self._redraw_now)
        self._controls = CurvesControls(self._options, self.total_steps, on_change=self._options_changed)
        self.widget = widgets.VBox([self._controls.widget, self._figure.widget])
        self._display_id = uuid.uuid4().hex
        # On the chart itself: the picture hides only where the chart really rendered.
        self._figure.widget.add_class(live_widget_class(self._display_id))
        self._drawn_version = -1
        self._snapshot = None  # (base64 png, width px, (store version, options) it shows)
        self._displayed = False
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._refresh_loop, daemon=True, name=f"TrainingCurves({logdir})")
        self._thread.start()
        self._shell = get_ipython()
        if self._shell is not None:
            self._shell.events.register("post_run_cell", self._on_cell_finished)
        if display:
            ipython_display.display(self)

    # ---- feeding points -------------------------------------------------------------------------------
    def log(self, step, run=None, **scalars):
        """Adds one point per scalar at `step` (wall time: now); cheap enough to call every training step.

        >>> curves.log(step, mse=0.25, accuracy=0.91)
        >>> curves.log(step, run="validation", mse=0.31)
        """
        if not scalars:
            raise TypeError("TrainingCurves.log needs at least one scalar, e.g. curves.log(step, mse=0.25)")
        if not _is_integer(step):
            raise TypeError(f"TrainingCurves.log: step must be a whole number, got {step!r} ({type(step).__name__})")
        now = time.time()
        run = self.log_run if run is None else str(run)
        points = [(run, tag, int(step), now, _as_scalar(tag, value)) for tag, value in scalars.items()]
        self.store.add_points(points)
        self._wake.set()

    # ---- lifecycle ------------------------------------------------------------------------------------
    def stop(self):
        """Stops live updating (after a last read and redraw) and refreshes the saved image; the chart stays."""
        if self._stopped.is_set():
            return
        self._stopped.set()
        self._wake.set()
        self._thread.join()
        if self._shell is not None:
            self._shell.events.unregister("post_run_cell", self._on_cell_finished)
        self._catch_up()
        self.snapshot()

    def close(self):
        """Stops updating and removes the widget from the page (its saved image stays in the notebook)."""
        self.stop()
        _close_tree(self.widget)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    # ---- display --------------------------------------------------------------------------------------
    def _repr_mimebundle_(self, include=None, exclude=None):
        # The text stays as displayed (updating this output would re-render the widget); the snapshot
        # output below carries the up-to-date summary.
        source = f"({self.logdir})" if self.logdir is not None else ""
        return {"text/plain": f"TrainingCurves{source}: live chart (needs the running kernel)",
                WIDGET_VIEW_MIMETYPE: {"version_major": 2, "version_minor": 0, "model_id": self.widget.model_id}}

    def _ipython_display_(self):
        # Two outputs: the live widget, and the picture a saved notebook keeps (hidden while the widget shows).
        with self._draw_lock:
            self._figure.keep_in_saved_state()
        ipython_display.display(self._repr_mimebundle_(), raw=True)
        data, metadata = self._snapshot_bundle()
        ipython_display.display(data, metadata=metadata, raw=True, display_id=self._display_id)
        self._displayed = True

    def _snapshot_bundle(self):
        if self._snapshot is None:
            return snapshot_bundle(None, 0, self._display_id, summary=self.describe())
        png, width, _ = self._snapshot
        return snapshot_bundle(png, width, self._display_id, summary=self.describe())

    def describe(self):
        """The text a plain-text front end shows, e.g. 'TrainingCurves(tf_logs): 2 runs, 1 tag, 300 points'."""
        runs, tags = self.store.runs, self.store.tags
        source = f"({self.logdir})" if self.logdir is not None else ""
        return (f"TrainingCurves{source}: {len(runs)} run{'s' * (len(runs) != 1)}, "
                f"{len(tags)} tag{'s' * (len(tags) != 1)}, {self.store.point_count()} points"
                + (f" — {self._progress_text()}" if runs else ""))

    def snapshot(self):
        """Redraws the PNG kept in the notebook from the current curves and updates the displayed output."""
        with self._draw_lock:
            key = (self.store.version, self._options)
            # A chart in the picture is ~450 px wide: a min and a max per pixel column is all it can show.
            charts = self._planner.plan(dataclasses.replace(self._options, max_points=SNAPSHOT_POINTS_PER_LINE))
            png, width = render_png(charts, self._options, title=self._progress_text())
            self._snapshot = (base64.b64encode(png).decode("ascii"), width, key)
            if self._displayed:
                self._figure.keep_in_saved_state()
        if self._displayed:
            data, metadata = self._snapshot_bundle()
            ipython_display.update_display(data, metadata=metadata, raw=True, display_id=self._display_id)

    def _on_cell_finished(self, result=None):
        # The end of a cell is when a training loop has stopped: draw its last points, keep them as the image.
        if not self._displayed or self._stopped.is_set():
            return
        self._catch_up()
        if self._snapshot is None and self.store.point_count() == 0:
            return  # nothing to keep yet; spares an empty picture and a re-render
        if self._snapshot is None or self._snapshot[2] != (self.store.version, self._options):
            self.snapshot()

    # ---- drawing --------------------------------------------------------------------------------------
    def _refresh_loop(self):
        while not self._stopped.is_set():
            if self._reader is None:
                self._wake.wait()  # nothing to poll: sleep until log() brings points
            self._wake.clear()
            if self._stopped.is_set():
                return
            try:
                self._catch_up()
            except Exception as error:  # keep watching; say what went wrong where the curves are
                self._controls.show_error(f"{type(error).__name__}: {error}")
            self._stopped.wait(self._refresh_seconds)  # the bound on the refresh rate

    def _catch_up(self):
        """Reads new event-file records and redraws if anything changed since the last drawing."""
        with self._draw_lock:  # the end-of-cell hook catches up too; one reader offset must not be read twice
            if self._reader is not None:
                self.store.add_points(self._reader.read_new())
                if self._reader.broken_files:
                    self._controls.show_error("; ".join(self._reader.broken_files.values()))
            if self.store.version != self._drawn_version:
                self._redraw_now()

    def _redraw_now(self):
        with self._draw_lock:
            version = self.store.version
            charts = self._planner.plan(self._options, self._figure.zoomed_ranges())
            self._controls.show_runs(self.store.runs)
            self._figure.draw(charts, self._options)
            self._controls.show_progress(self._progress())
            self._drawn_version = version

    def _options_changed(self, options):
        with self._draw_lock:
            self._options = options
        self._redraw_now()
        if self._displayed and self._snapshot is not None:
            self.snapshot()  # the saved picture follows what the user chose to see

    def _progress(self):
        """Progress of the run that logged most recently, judged by its most-logged tag."""
        latest = None
        for run in self.store.runs:
            for tag in self.store.tags:
                series = self.store.series(run, tag)
                if series is None or len(series) == 0:
                    continue
                steps, wall_times, _ = series.columns()
                key = (wall_times[-1], len(steps))
                if latest is None or key > latest[0]:
                    latest = (key, steps, wall_times)
        if latest is None:
            return training_progress(np.empty(0), np.empty(0), self.total_steps)
        return training_progress(latest[1], latest[2], self.total_steps)

    def _progress_text(self):
        return self._progress().describe()


def _close_tree(widget):
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()


def _is_integer(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _as_scalar(tag, value):
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"TrainingCurves.log: {tag}={value!r} is not a number; pass a float such as {tag}=0.25")
    if array.size != 1:
        raise ValueError(f"TrainingCurves.log: {tag} must be a single number, got an array of shape {array.shape}; "
                         f"log a summary of it instead, e.g. {tag}=float(values.mean())")
    return float(array.reshape(()))
