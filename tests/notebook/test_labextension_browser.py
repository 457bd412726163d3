"""End to end in a real browser: JupyterLab with the jupyter-flow extension renders the
five-ReLU graph as one collapsed series that expands on a click.

Needs Debian's chromium (/usr/bin/chromium) and the Python playwright package; never
downloads a browser. Screenshots go to test-artifacts/.
"""

import json
import re

import pytest

from jupyter_flow.notebook.graph_svg import graph_html

from chapter_graphs import five_relus
from jupyterlab_server import running_jupyterlab
from lab_browser import ARTIFACTS, SETUP_CELL, extension_installed, notebook_json

MIME_TYPE = "application/vnd.jupyter-flow.graph+json"

pytestmark = pytest.mark.skipif(
    not extension_installed(),
    reason="the jupyter-flow JupyterLab extension is not installed (pip install . builds and installs it)",
)


def _bundle(document):
    # As the kernel side sends it: the graph, the static SVG fallback and plain text.
    return {MIME_TYPE: document, "text/html": graph_html(document), "text/plain": "<jupyter_flow graph>"}


# The chapter's five ReLUs sharing one threshold, run as a %%graph cell: the extension
# shows the inline graph view at the end of the cell.
FIVE_RELUS_CELL = """%%graph relus
n_features = 3
def relu(X):
    threshold = tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
    w_shape = (int(X.get_shape()[1]), 1)
    w = tf.Variable(tf.random_normal(w_shape), name="weights")
    b = tf.Variable(0.0, name="bias")
    z = tf.add(tf.matmul(X, w), b, name="z")
    return tf.maximum(z, threshold, name="max")

X = tf.placeholder(tf.float32, shape=(None, n_features), name="X")
relus = []
for relu_index in range(5):
    with tf.variable_scope("relu", reuse=(relu_index >= 1)) as scope:
        relus.append(relu(X))
output = tf.add_n(relus, name="output")
init = tf.global_variables_initializer()
"""


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    doc = five_relus()
    (root / "run_graph.ipynb").write_text(json.dumps(notebook_json(FIVE_RELUS_CELL, setup=SETUP_CELL)))
    saved_output = {
        "output_type": "display_data",
        "metadata": {},
        "data": _bundle(doc),
    }
    (root / "saved_graph.ipynb").write_text(json.dumps(notebook_json("# output saved earlier\n", [saved_output])))
    ARTIFACTS.mkdir(exist_ok=True)
    with running_jupyterlab(root, ARTIFACTS / "jupyterlab-server.log") as server:
        yield server


def _open_notebook(page, lab, name):
    # `reset` drops the saved workspace, so only this notebook is open.
    page.goto(lab.url(f"lab/tree/{name}") + "&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    assert page.locator(".jp-NotebookPanel").count() == 1


def test_five_relus_render_as_one_series_that_expands_on_click(lab, page):
    _open_notebook(page, lab, "run_graph.ipynb")
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()
    page.locator(".jp-Cell .jp-InputArea-editor").first.click()
    page.keyboard.press("Shift+Enter")  # %load_ext jupyter_flow
    page.keyboard.press("Shift+Enter")  # the %%graph cell with the five ReLUs

    graph = page.locator("[data-jf-graph][data-jf-ready='true']")
    graph.wait_for()
    # The extension's renderer wins over the text/html fallback in the same bundle.
    assert page.locator(".jupyter-flow-graph").count() == 0
    series = graph.locator("[data-jf-series='relu']")
    assert series.count() == 1
    assert series.get_attribute("data-jf-series-size") == "5"
    assert series.get_attribute("data-jf-expanded") == "false"
    assert "relu[0-4]" in series.text_content()
    # Collapsed: none of the five scopes is drawn on its own.
    assert graph.locator("[data-jf-kind='scope'][data-jf-node^='relu']").count() == 0
    # init is moved to the auxiliary area.
    assert graph.locator("[data-jf-area='auxiliary'][data-jf-node='init']").count() == 1
    page.screenshot(path=str(ARTIFACTS / "five_relus_collapsed.png"), full_page=True)

    series.click()
    page.wait_for_selector("[data-jf-graph][data-jf-ready='true'] [data-jf-series='relu'][data-jf-expanded='true']")
    scopes = graph.locator("[data-jf-kind='scope'][data-jf-expanded='false']")
    assert sorted(scopes.evaluate_all("els => els.map(e => e.dataset.jfNode)")) == [
        "relu",
        "relu_1",
        "relu_2",
        "relu_3",
        "relu_4",
    ]

    graph.locator("[data-jf-kind='scope'][data-jf-node='relu_2']").click()
    page.wait_for_selector("[data-jf-graph][data-jf-ready='true'] [data-jf-node='relu_2'][data-jf-expanded='true']")
    inner = graph.locator("[data-jf-node^='relu_2/']").evaluate_all("els => els.map(e => e.dataset.jfNode)")
    assert {"relu_2/max", "relu_2/z", "relu_2/MatMul", "relu_2/weights"} <= set(inner)
    # The edge into relu_2/max from the shared threshold carries its static shape.
    assert graph.locator("[data-jf-edge='scope:relu -> op:relu_2/max'][data-jf-shape='scalar']").count() == 1
    page.screenshot(path=str(ARTIFACTS / "five_relus_expanded.png"), full_page=True)


def test_saved_output_renders_without_running_the_cell(lab, page):
    _open_notebook(page, lab, "saved_graph.ipynb")
    graph = page.locator("[data-jf-graph][data-jf-ready='true']")
    graph.wait_for()
    assert graph.locator("[data-jf-series='relu']").count() == 1
    graph.locator("[data-jf-node='X']").hover()
    card = page.locator(".jf-hovercard[data-jf-card-for='X']")
    card.wait_for()
    assert "Placeholder" in card.inner_text()
    assert "float32 ?×3" in card.inner_text()


def _graph_colours(page):
    return page.evaluate(
        """() => {
            const graph = document.querySelector('[data-jf-graph]');
            const shape = graph.querySelector("[data-jf-node='output'] .jf-shape");
            return [getComputedStyle(graph).backgroundColor, getComputedStyle(shape).fill];
        }"""
    )


def _choose_theme(page, theme):
    page.locator(".lm-MenuBar-itemLabel", has_text="Settings").click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Theme", exact=True).hover()
    page.locator(".lm-Menu-itemLabel").get_by_text(theme, exact=True).click()


def test_graph_follows_the_dark_theme(lab, page):
    _open_notebook(page, lab, "saved_graph.ipynb")
    page.locator("[data-jf-graph][data-jf-ready='true']").wait_for()
    light = _graph_colours(page)
    _choose_theme(page, "JupyterLab Dark")
    page.wait_for_selector("body[data-jp-theme-light='false']", state="attached")
    page.wait_for_function(
        "light => { const g = document.querySelector('[data-jf-graph]');"
        " return getComputedStyle(g).backgroundColor !== light; }",
        arg=light[0],
    )
    dark = _graph_colours(page)
    assert dark[0] != light[0] and dark[1] != light[1]
    page.screenshot(path=str(ARTIFACTS / "five_relus_dark.png"), full_page=True)
    # Back to light, so that other tests in this server see the default.
    _choose_theme(page, "JupyterLab Light")
    page.wait_for_selector("body[data-jp-theme-light='true']", state="attached")


def _viewport_transform(page):
    transform = page.locator("[data-jf-graph] .jf-viewport").get_attribute("transform")
    x, y, scale = re.match(r"translate\(([-\d.e]+),([-\d.e]+)\) scale\(([-\d.e]+)\)", transform).groups()
    return float(x), float(y), float(scale)


def test_canvas_pans_by_dragging_and_zooms_with_buttons_and_ctrl_wheel(lab, page):
    _open_notebook(page, lab, "saved_graph.ipynb")
    graph = page.locator("[data-jf-graph][data-jf-ready='true']")
    graph.wait_for()
    x0, y0, scale0 = _viewport_transform(page)
    canvas = graph.locator("svg.jf-canvas").bounding_box()
    # Drag from an empty corner of the canvas.
    start_x, start_y = canvas["x"] + 10, canvas["y"] + canvas["height"] - 10
    page.mouse.move(start_x, start_y)
    page.mouse.down()
    page.mouse.move(start_x + 60, start_y - 30, steps=5)
    page.mouse.up()
    x1, y1, scale1 = _viewport_transform(page)
    assert (round(x1 - x0), round(y1 - y0), scale1) == (60, -30, scale0)
    # A drag is not a click: the series stays collapsed.
    assert graph.locator("[data-jf-series='relu']").get_attribute("data-jf-expanded") == "false"

    graph.locator("button", has_text="+").click()
    assert _viewport_transform(page)[2] == pytest.approx(scale0 * 1.25)
    page.mouse.move(canvas["x"] + canvas["width"] / 2, canvas["y"] + canvas["height"] / 2)
    page.keyboard.down("Control")
    page.mouse.wheel(0, 200)
    page.keyboard.up("Control")
    page.wait_for_function(
        "s => !document.querySelector('[data-jf-graph] .jf-viewport').getAttribute('transform').endsWith(`scale(${s})`)",
        arg=scale0 * 1.25,
    )
    assert _viewport_transform(page)[2] < scale0 * 1.25
