"""The static picture of the curves that a saved or exported notebook keeps.

A widget needs its kernel: a notebook reopened later shows "model not found" where the widget was, and
GitHub, nbviewer and nbconvert show no widget at all. So the curves also go out as a picture, drawn with
matplotlib's Agg canvas (no pyplot, no global figure state) from the same `LineDrawing`s as the live chart,
in an output of its own that hides itself while the live widget is on the same page.
"""

import html
import io

import numpy as np

from .chart_lines import X_AXIS_TITLES
from .curves_figure import ROW_HEIGHT_PX, chart_grid

WIDTH_PX = 900
DPI = 100
PIXEL_RATIO = 2  # drawn at twice the displayed size so it stays sharp on high-density screens
# Lines on white need few colours: a 256-colour palette looks the same and makes the PNG (stored twice in
# the notebook, as image/png and inside the HTML) about 2.3 times smaller than matplotlib's RGBA one.
PALETTE_COLORS = 256


def render_png(charts, options, title=""):
    """PNG bytes of one chart per tag; returns (png, width_px) with width_px the size to display it at.

    >>> png, width = render_png(planner.plan(options), options, title="step 1,000 / 1,000")
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # imported late: only snapshots need it
    from matplotlib.figure import Figure

    tags = sorted(charts)
    rows, columns = chart_grid(len(tags))
    height_px = rows * ROW_HEIGHT_PX + (30 if title else 0)
    figure = Figure(figsize=(WIDTH_PX / DPI, height_px / DPI), dpi=DPI * PIXEL_RATIO, layout="constrained")
    FigureCanvasAgg(figure)
    if title:
        figure.suptitle(title, fontsize=10, color="#444444")
    if not tags:
        figure.text(0.5, 0.5, "no scalars yet", ha="center", va="center", color="#888888")
    axes = figure.subplots(rows, columns, squeeze=False) if tags else np.empty((0, 0))
    for position, tag in enumerate(tags):
        _draw_chart(axes.flat[position], tag, charts[tag], options)
    for unused in list(axes.flat)[len(tags):]:
        unused.set_visible(False)
    _add_legend(figure, charts)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return _palette_png(buffer.getvalue()), WIDTH_PX


def _palette_png(png):
    from PIL import Image  # matplotlib's own dependency

    with Image.open(io.BytesIO(png)) as image:
        palette = image.convert("RGB").quantize(colors=PALETTE_COLORS)
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _draw_chart(ax, tag, lines, options):
    ax.set_title(tag, fontsize=10, fontweight="bold")
    ax.set_xlabel(X_AXIS_TITLES[options.x_axis], fontsize=8)
    ax.tick_params(labelsize=8)
    ax.grid(True, color="#e5e5e5", linewidth=0.6)
    for spine in ax.spines.values():
        spine.set_color("#cccccc")
    for line in lines:
        if not line.visible:
            continue
        if options.smoothing > 0:
            ax.plot(_x_for_matplotlib(line.raw_x, options), line.raw_y, color=line.color, alpha=0.3, linewidth=1)
        ax.plot(_x_for_matplotlib(line.x, options), line.y, color=line.color, linewidth=1.6, label=line.run,
                marker="o" if len(line.x) == 1 else None)
    if options.y_scale == "log":
        ax.set_yscale("log")
    if options.x_axis == "wall":
        ax.tick_params(axis="x", labelrotation=20)


def _x_for_matplotlib(x, options):
    if options.x_axis == "wall":
        return x.astype("int64").astype("datetime64[ms]")  # the live chart's epoch milliseconds
    return x


def _add_legend(figure, charts):
    runs = {}
    for lines in charts.values():
        for line in lines:
            if line.visible:
                runs.setdefault(line.run, line.color)
    if len(runs) > 1:
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], color=color, linewidth=2) for color in runs.values()]
        figure.legend(handles, list(runs), loc="outside lower center", ncols=min(len(runs), 6), fontsize=8,
                      frameon=False)


def live_widget_class(display_id):
    """CSS class the live widget carries; while an element with it is on the page, its snapshot is hidden."""
    return f"jf-live-curves-{display_id}"


def snapshot_bundle(png_base64, width, display_id, summary="training curves"):
    """(data, metadata) of the snapshot output: HTML that hides itself next to the live widget, and a PNG.

    >>> data, metadata = snapshot_bundle(png_base64, 900, display_id)
    >>> sorted(data)   # ['image/png', 'text/html', 'text/plain']

    The CSS rule `body:has(.jf-live-curves-ID) .jf-curves-snapshot-ID {display: none}` hides the picture only
    when the widget is rendered; where the widget is missing (kernel gone, exported, untrusted and so
    sanitized) the picture shows. HTML is preferred over PNG by Jupyter front ends and nbconvert alike.
    """
    snapshot_class = f"jf-curves-snapshot-{display_id}"
    if png_base64 is None:
        return {"text/html": f'<div class="{snapshot_class}"></div>', "text/plain": summary}, {}
    style = f"body:has(.{live_widget_class(display_id)}) .{snapshot_class} {{display: none}}"
    image = f'<img src="data:image/png;base64,{png_base64}" width="{width}" alt="{html.escape(summary)}">'
    return ({"text/html": f'<div class="{snapshot_class}"><style>{style}</style>{image}</div>',
             "image/png": png_base64, "text/plain": summary}, {"image/png": {"width": width}})
