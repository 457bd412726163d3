"""The visualizing course notebook, executed as CI or `nbconvert --execute` would (nbclient, widget state
stored), stays small when saved, and its charts show when the saved file is opened in a real JupyterLab:
the saved pictures first, live plotly charts once it is re-run, and the picture where the chart's code
cannot load.

The browser part needs Debian's chromium (/usr/bin/chromium) and playwright; it never downloads a browser.
"""

import json
import pathlib
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from jupyter_flow.notebook.chart_widget import bundle_file_name, shipped_bundle

from jupyterlab_server import running_jupyterlab
from lab_browser import ARTIFACTS

NOTEBOOKS_DIR = pathlib.Path(__file__).resolve().parents[2] / "notebooks"
VISUALIZING = NOTEBOOKS_DIR / "07_visualizing.ipynb"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# What the saved notebook is made of, measured: 2 charts x (a ~30 KB palette PNG stored twice, as image/png and
# inside the HTML that hides it, + ~35 KB of widget state holding ~200 points of 2 lines and plotly's layout)
# + 3 graph views x ~15 KB + ~50 KB of the controls' small widget models = ~350 KB. 500 KB leaves room for
# longer curves; one copy of plotly.js (5 MB) in a widget's state, as before, is ten times over.
SAVED_NOTEBOOK_BUDGET_BYTES = 500_000
LOADER_BUDGET_BYTES = 2_000  # a chart's `_esm`: the loader, not plotly.js


@pytest.fixture(scope="module")
def saved_visualizing_notebook(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("visualizing")
    shutil.copy(NOTEBOOKS_DIR / "course_data.py", workdir)
    nb = nbformat.read(VISUALIZING, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}).execute()
    saved = workdir / "07_visualizing.ipynb"
    nbformat.write(nb, saved)
    return saved


def _chart_models(notebook):
    states = notebook["metadata"]["widgets"][WIDGET_STATE]["state"]
    return [model for model in states.values() if model["model_name"] == "AnyModel"]


def test_saved_visualizing_notebook_stays_under_its_budget(saved_visualizing_notebook):
    notebook = json.loads(saved_visualizing_notebook.read_text())
    charts = _chart_models(notebook)

    assert len(charts) == 2  # TrainingCurves and %flowboard
    assert all(len(chart["state"]["_esm"]) < LOADER_BUDGET_BYTES for chart in charts)
    assert all(bundle_file_name() in chart["state"]["_esm"] for chart in charts)
    assert saved_visualizing_notebook.stat().st_size < SAVED_NOTEBOOK_BUDGET_BYTES


def test_saved_chart_state_holds_the_final_curves(saved_visualizing_notebook):
    notebook = json.loads(saved_visualizing_notebook.read_text())
    # The first chart logs every 10th of 207 mini-batches for 10 epochs: 210 points, all in the saved figure
    # (not the empty chart of when it was displayed).
    first = _chart_models(notebook)[0]["state"]["_widget_data"]
    smoothed = next(trace for trace in first if trace["meta"][2] == "smoothed")
    assert smoothed["x"]["shape"] == [210]


def test_the_chart_code_is_shipped_once_beside_the_labextension():
    import plotly

    shipped = shipped_bundle()
    plotly_own = pathlib.Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"
    assert shipped is not None and shipped.read_bytes() == plotly_own.read_bytes()


# ---- in a real JupyterLab ------------------------------------------------------------------------------------
BROKEN_LOADER_CELL = """\
from jupyter_flow.notebook.chart_widget import loader_esm
from jupyter_flow.notebook.curves import TrainingCurves
curves = TrainingCurves(display=False)
curves._figure.widget._esm = loader_esm("plotly-widget-missing.js")  # as where no Jupyter server serves it
display(curves)
for step in range(50):
    curves.log(step, mse=1.0 / (step + 1))
curves.stop()
"""


@pytest.fixture(scope="module")
def lab(saved_visualizing_notebook, tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(saved_visualizing_notebook, root / "reopened.ipynb")
    shutil.copy(NOTEBOOKS_DIR / "course_data.py", root)
    broken = nbformat.v4.new_notebook()
    broken.cells = [nbformat.v4.new_code_cell(BROKEN_LOADER_CELL)]
    broken.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nbformat.write(broken, root / "broken_loader.ipynb")
    ARTIFACTS.mkdir(exist_ok=True)
    with running_jupyterlab(root, ARTIFACTS / "jupyterlab-curves-server.log") as server:
        yield server


@pytest.fixture
def chart_page(page):
    """The page, recording its requests for the chart code (the shipped plotly widget bundle)."""
    page.chart_code_requests = []
    page.on("request", lambda r: page.chart_code_requests.append(r.url) if "plotly-widget-" in r.url else None)
    return page


def _open(page, lab, name):
    page.goto(lab.url(f"lab/tree/{name}") + "&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()


def _run_all(page):
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()


def _wait_until_no_cell_runs(page):
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].some(p => p.textContent.includes('*'))")


# A plot that drew a line of many points (a 200-point line's SVG path is thousands of characters long).
DRAWN_CURVE = "p => [...p.querySelectorAll('.scatterlayer path.js-line')].some(l => (l.getAttribute('d') || '').length > 1000)"


def _pictures(page):
    return page.locator("[class*='jf-curves-snapshot-'] img")


def _live_charts(page):
    return page.locator(".js-plotly-plot[class*='jf-live-curves-']")


def test_reopened_notebook_shows_the_saved_pictures_then_live_charts_once_run(lab, chart_page):
    page = chart_page
    _open(page, lab, "reopened.ipynb")
    # The charts' models died with the kernel that made them: the pictures stand in.
    pictures = _pictures(page)
    pictures.first.wait_for()
    assert pictures.count() == 2 and all(pictures.nth(i).is_visible() for i in range(2))
    assert _live_charts(page).count() == 0
    page.screenshot(path=str(ARTIFACTS / "curves_reopened.png"), full_page=True)

    _run_all(page)
    page.wait_for_function(f"() => [...document.querySelectorAll('.js-plotly-plot[class*=jf-live-curves-]')]"
                           f".filter({DRAWN_CURVE}).length === 2")
    _wait_until_no_cell_runs(page)
    assert not any(pictures.nth(i).is_visible() for i in range(pictures.count()))  # hidden beside the live chart
    # plotly's code came from the server, once for both charts.
    assert len(page.chart_code_requests) == 1 and "/lab/extensions/jupyter-flow/static/" in page.chart_code_requests[0]
    page.screenshot(path=str(ARTIFACTS / "curves_live.png"), full_page=True)


def test_chart_whose_code_cannot_load_leaves_the_picture_showing(lab, page):
    _open(page, lab, "broken_loader.ipynb")
    page.locator(".jp-Cell .jp-InputArea-editor").first.click()
    page.keyboard.press("Shift+Enter")

    note = page.locator(".jf-curves-unavailable")
    note.wait_for()
    assert "Live chart unavailable here" in note.inner_text()
    picture = _pictures(page).first
    picture.wait_for()
    assert picture.is_visible() and _live_charts(page).count() == 0
