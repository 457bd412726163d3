"""The live chart's widget class: plotly's FigureWidget, minus the 5 MB of JavaScript in every saved notebook.

plotly's FigureWidget is an anywidget whose `_esm` (the code the browser runs) is plotly.js plus plotly's
widget view, 5 MB, and anywidget keeps `_esm` in the widget's state, so every chart put that much into the
notebook file. Here `_esm` is a loader of under a kilobyte that imports the same file from the Jupyter
server instead: the wheel ships it once, beside our JupyterLab extension
(share/jupyter/labextensions/jupyter-flow/static/plotly-widget-<plotly version>.js, copied from plotly by
labextension/labextension.cmake), and JupyterLab and Notebook 7 serve that directory. The browser loads it
once per page, whatever the number of charts.

Where no Jupyter server serves the page (VS Code, nbviewer, an HTML export) the import fails, the loader
says so in place of the chart and takes the chart's live marker off, so the saved picture below it shows
(see `curves_snapshot`).
"""

import contextlib
import functools
import json
import pathlib
import sys
import warnings

import plotly
import plotly.graph_objects as go

LABEXTENSION_NAME = "jupyter-flow"
LIVE_MARKER_PREFIX = "jf-live-curves-"  # curves_snapshot.live_widget_class makes these

_LOADER = """\
// jupyter_flow: plotly's chart widget, served once by the Jupyter server instead of stored in the notebook.
const BUNDLE = __BUNDLE__;

function bundleUrl() {
  const element = document.getElementById("jupyter-config-data");
  if (!element) throw new Error("this page is not served by JupyterLab or Notebook 7");
  const config = JSON.parse(element.textContent);
  const extensions = config.fullLabextensionsUrl || `${config.baseUrl || "/"}lab/extensions`;
  return new URL(`${extensions.replace(/\\/$/, "")}/__LABEXTENSION__/static/${BUNDLE}`, document.baseURI).href;
}

function unavailable(error) {
  console.warn(`jupyter_flow: no live chart here (${error}); the saved picture stays`);
  return {
    render({ el }) {
      // Without the marker the picture output below stops hiding itself.
      for (const name of [...el.classList]) if (name.startsWith(__MARKER__)) el.classList.remove(name);
      el.classList.add("jf-curves-unavailable");
      el.textContent = `Live chart unavailable here (${error.message || error}); the picture below is the saved chart.`;
    },
  };
}

export default async () => {
  let widget;
  try {
    widget = (await import(bundleUrl())).default;
  } catch (error) {
    return unavailable(error);
  }
  return typeof widget === "function" ? widget() : widget;
};
"""


def bundle_file_name(version=plotly.__version__):
    """The file name of plotly's widget code in our labextension, e.g. 'plotly-widget-6.3.0.js'.

    >>> bundle_file_name("6.3.0")
    'plotly-widget-6.3.0.js'
    """
    return f"plotly-widget-{version}.js"


def loader_esm(file_name):
    """The `_esm` each chart stores: imports `file_name` from jupyter-flow's labextension static directory.

    >>> esm = loader_esm(bundle_file_name())
    >>> len(esm) < 2000
    True
    """
    return (_LOADER.replace("__BUNDLE__", json.dumps(file_name)).replace("__LABEXTENSION__", LABEXTENSION_NAME)
            .replace("__MARKER__", json.dumps(LIVE_MARKER_PREFIX)))


def shipped_bundle(search_path=None):
    """Path of the installed plotly widget file that matches the running plotly, or None.

    >>> shipped_bundle()   # e.g. PosixPath('.../share/jupyter/labextensions/jupyter-flow/static/plotly-widget-6.3.0.js')
    """
    from jupyter_core.paths import jupyter_path

    for directory in search_path or jupyter_path("labextensions"):
        candidate = pathlib.Path(directory) / LABEXTENSION_NAME / "static" / bundle_file_name()
        if candidate.is_file():
            return candidate
    return None


@contextlib.contextmanager
def _without_iri_grammar():
    """plotly's FigureWidget imports nbformat, whose jsonschema imports rfc3987_syntax when installed (Jupyter
    Server's dependencies bring it), and that package compiles a grammar at import: 2 s on an idle machine,
    9 s on a busy one, on the first chart of every kernel, for IRI format checks notebook validation never
    makes. Hidden while plotly loads (jsonschema then skips those two checks); importable again afterwards."""
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        yield
        return
    sys.modules["rfc3987_syntax"] = None  # makes `import rfc3987_syntax` raise ImportError
    try:
        yield
    finally:
        if "rfc3987_syntax" in sys.modules and sys.modules["rfc3987_syntax"] is None:
            del sys.modules["rfc3987_syntax"]


with _without_iri_grammar():
    _PlotlyFigureWidget = go.FigureWidget


class ServedFigureWidget(_PlotlyFigureWidget):
    """plotly's FigureWidget whose browser code comes from the Jupyter server, not from the notebook file.

    >>> figure = ServedFigureWidget(layout=dict(height=300))
    >>> figure.add_scatter(x=[0, 1], y=[1, 0.5])
    """

    _esm = loader_esm(bundle_file_name())


@functools.cache
def figure_widget_class():
    """ServedFigureWidget when this plotly's widget file is installed; else plotly's own class, with a warning.

    >>> figure = figure_widget_class()(layout=dict(height=300))
    """
    if shipped_bundle() is not None:
        return ServedFigureWidget
    shipped = sorted(path.name[len("plotly-widget-"):-len(".js")] for path in _shipped_bundles())
    fix = (f"install the plotly it was built with (pip install plotly=={shipped[-1]}) or rebuild jupyter_flow "
           "against this plotly (pip install --no-cache-dir --force-reinstall --no-deps jupyter_flow)" if shipped
           else "install jupyter_flow with its JupyterLab extension (pip install jupyter_flow, with Node.js "
           "present when building from source)")
    warnings.warn(
        f"jupyter_flow's JupyterLab extension has no widget file for plotly {plotly.__version__} "
        f"(it has {', '.join(shipped) or 'none'}), so each live chart stores plotly.js (5 MB) in the notebook; "
        f"to fix it, {fix}.", RuntimeWarning, stacklevel=3)
    return go.FigureWidget


def _shipped_bundles():
    from jupyter_core.paths import jupyter_path

    for directory in jupyter_path("labextensions"):
        yield from (pathlib.Path(directory) / LABEXTENSION_NAME / "static").glob("plotly-widget-*.js")
