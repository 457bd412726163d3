"""End to end in JupyterLab in Debian's Chromium: the next chapter's MLP (three tf.layers.dense
under name scope dnn, loss/train/eval scopes), trained with gradient descent and with Adam, run
as %%graph cells on a real kernel. The view draws X -> dnn -> loss, puts the train step aside,
expands dnn into its layers, and a layer's "defined in" link leads to its line in the cell.
Screenshots (and the layout times the page measured) go to test-artifacts/.
"""
import json

import pytest

from jupyterlab_server import running_jupyterlab
from lab_browser import ARTIFACTS, SETUP_CELL, extension_installed, notebook_json

pytestmark = pytest.mark.skipif(
    not extension_installed(),
    reason="the jupyter-flow JupyterLab extension is not installed (pip install . builds and installs it)",
)

MLP_CELL = """%%graph mlp
n_inputs, n_hidden1, n_hidden2, n_outputs = 28 * 28, 300, 100, 10
X = tf.placeholder(tf.float32, shape=(None, n_inputs), name="X")
y = tf.placeholder(tf.int32, shape=(None,), name="y")
with tf.name_scope("dnn"):
    hidden1 = tf.layers.dense(X, n_hidden1, name="hidden1", activation=tf.nn.relu)
    hidden2 = tf.layers.dense(hidden1, n_hidden2, name="hidden2", activation=tf.nn.relu)
    logits = tf.layers.dense(hidden2, n_outputs, name="outputs")
with tf.name_scope("loss"):
    xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
    loss = tf.reduce_mean(xentropy, name="loss")
with tf.name_scope("train"):
    optimizer = {optimizer}
    training_op = optimizer.minimize(loss)
with tf.name_scope("eval"):
    correct = tf.nn.in_top_k(logits, y, 1)
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
init = tf.global_variables_initializer()
"""
HIDDEN2_LINE = 'hidden2 = tf.layers.dense(hidden1, n_hidden2, name="hidden2", activation=tf.nn.relu)'
OPTIMIZERS = {
    "mlp": "tf.train.GradientDescentOptimizer(learning_rate=0.01)",
    "mlp_adam": "tf.train.AdamOptimizer(learning_rate=0.001)",
}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab-mlp")
    for name, optimizer in OPTIMIZERS.items():
        nb = notebook_json(MLP_CELL.format(optimizer=optimizer), setup=SETUP_CELL)
        (root / f"{name}.ipynb").write_text(json.dumps(nb))
    ARTIFACTS.mkdir(exist_ok=True)
    with running_jupyterlab(root, ARTIFACTS / "jupyterlab-server-mlp.log") as server:
        yield server


def _run_notebook(page, lab, name):
    page.goto(lab.url(f"lab/tree/{name}.ipynb") + "&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()
    page.locator(".jp-Cell .jp-InputArea-editor").first.click()
    page.keyboard.press("Shift+Enter")  # %load_ext jupyter_flow
    page.keyboard.press("Shift+Enter")  # the %%graph mlp cell
    graph = page.locator("[data-jf-graph][data-jf-ready='true']")
    graph.wait_for()
    return graph


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_mlp_draws_the_data_path_expands_into_layers_and_links_to_the_cell(lab, page, name):
    graph = _run_notebook(page, lab, name)
    timings = {"collapsed_ms": float(graph.get_attribute("data-jf-layout-ms"))}
    edge = "[data-jf-edge='{}']"
    assert graph.locator(edge.format("op:X -> scope:dnn")).count() == 1
    assert graph.locator(edge.format("scope:dnn -> scope:loss")).count() == 1
    assert graph.locator(edge.format("op:y -> scope:loss")).count() == 1
    assert graph.locator("[data-jf-area='main'][data-jf-node='dnn']").count() == 1
    assert graph.locator("[data-jf-area='auxiliary'][data-jf-node='train']").count() == 1
    # The layers' variable scopes are not loose boxes of their own.
    assert graph.locator("[data-jf-node='hidden1'], [data-jf-node='hidden2']").count() == 0
    page.screenshot(path=str(ARTIFACTS / f"{name}_collapsed.png"), full_page=True)

    graph.locator("[data-jf-area='main'][data-jf-node='dnn']").click()
    page.wait_for_selector("[data-jf-graph][data-jf-ready='true'] [data-jf-node='dnn'][data-jf-expanded='true']")
    timings["dnn_expanded_ms"] = float(graph.get_attribute("data-jf-layout-ms"))
    layers = graph.locator("[data-jf-node^='dnn/'][data-jf-kind='scope']").evaluate_all(
        "els => els.map(e => e.dataset.jfNode)")
    assert sorted(layers) == ["dnn/hidden1", "dnn/hidden2", "dnn/outputs"]
    assert graph.locator(edge.format("scope:dnn/hidden1 -> scope:dnn/hidden2")).count() == 1
    page.screenshot(path=str(ARTIFACTS / f"{name}_dnn_expanded.png"), full_page=True)

    layer = graph.locator("[data-jf-node='dnn/hidden2']")
    layer.hover()
    card = page.locator(".jf-hovercard[data-jf-card-for='dnn/hidden2']")
    card.wait_for()
    link = card.locator("a.jf-defined-in")
    assert link.inner_text() == f"cell 'mlp', line 7: {HIDDEN2_LINE}"
    page.screenshot(path=str(ARTIFACTS / f"{name}_layer_card.png"), full_page=True)
    link.click()
    highlighted = page.locator(".jp-Cell.jf-defined-cell .cm-line.jf-defined-line")
    highlighted.wait_for()
    assert highlighted.inner_text().strip() == HIDDEN2_LINE
    assert "%%graph mlp" in page.locator(".jp-Cell.jf-defined-cell .jp-InputArea").inner_text()
    page.screenshot(path=str(ARTIFACTS / f"{name}_defined_in_line.png"))

    # One level further: the layer holds its kernel and bias beside its MatMul.
    graph.locator("[data-jf-node='dnn/hidden2']").click()
    page.wait_for_selector("[data-jf-graph][data-jf-ready='true'] [data-jf-node='dnn/hidden2'][data-jf-expanded='true']")
    inside = graph.locator("[data-jf-node^='hidden2/'], [data-jf-node^='dnn/hidden2/']").evaluate_all(
        "els => els.map(e => e.dataset.jfNode)")
    assert {"hidden2/kernel", "hidden2/bias", "dnn/hidden2/MatMul", "dnn/hidden2/BiasAdd"} <= set(inside)
    assert graph.locator(edge.format("scope:hidden2/kernel -> op:dnn/hidden2/MatMul")).count() == 1
    page.screenshot(path=str(ARTIFACTS / f"{name}_layer_expanded.png"), full_page=True)
    (ARTIFACTS / f"{name}_layout_ms.json").write_text(json.dumps(timings) + "\n")  # measured, not asserted
