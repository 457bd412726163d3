"""How long the inline graph view takes on big graphs: the Adam-trained MLP and the chapter's
my_func with its gradients (about 2,000 ops).

Run: python benchmarks/graph_view_layout.py
Prints, per graph: the Python side (graph_document with its structure, the static SVG), and in
JupyterLab in Debian's Chromium the layout (ELK) of the collapsed view and of the view with one
top-level box expanded, as the page measures it (`data-jf-layout-ms`: unfolding, edge lifting and
ELK layout, not drawing). Needs the extension installed (`pip install .`), jupyterlab, playwright
and /usr/bin/chromium. Timings only; nothing here is asserted.
"""
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "notebook"))

from graph_gallery import GALLERY  # noqa: E402
from jupyterlab_server import running_jupyterlab  # noqa: E402

from jupyter_flow.notebook.graph_svg import graph_html  # noqa: E402
from jupyter_flow.notebook.graph_view import MIME_TYPE, graph_document  # noqa: E402

GRAPHS = ["mlp_adam", "my_func_gradients"]
# The box each graph expands in the second measurement (its biggest top-level unit).
EXPAND = {"mlp_adam": "dnn", "my_func_gradients": "mul"}
REPEATS = 3
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def _best_ms(fn, repeats=REPEATS):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return min(times)


def python_side(name):
    graph = GALLERY[name]().graph
    doc = graph_document(graph)
    return doc, {
        "ops": len(doc["nodes"]),
        "document_ms": _best_ms(lambda: graph_document(graph)),
        "svg_ms": _best_ms(lambda: graph_html(doc)),
        "json_kb": len(json.dumps(doc)) / 1024,
    }


def notebook(doc):
    output = {"output_type": "display_data", "metadata": {},
              "data": {MIME_TYPE: doc, "text/plain": "<graph>"}}
    cell = {"cell_type": "code", "execution_count": None, "id": "g", "metadata": {}, "outputs": [output],
            "source": "# saved graph"}
    return {"cells": [cell], "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
            "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}


def browser_side(lab, browser, name, repeats=REPEATS):
    collapsed, expanded = [], []
    for _ in range(repeats):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(120_000)
        page.goto(lab.url(f"lab/tree/{name}.ipynb") + "&reset")
        graph = page.locator("[data-jf-graph][data-jf-ready='true']")
        graph.wait_for()
        collapsed.append(float(graph.get_attribute("data-jf-layout-ms")))
        boxes = graph.locator(f"[data-jf-area='main'][data-jf-node='{EXPAND[name]}']")
        boxes.first.click()
        page.wait_for_selector(f"[data-jf-graph][data-jf-ready='true'] [data-jf-node='{EXPAND[name]}']"
                               "[data-jf-expanded='true']")
        expanded.append(float(graph.get_attribute("data-jf-layout-ms")))
        drawn = graph.locator("[data-jf-unit]").count()
        context.close()
    return {"collapsed_layout_ms": statistics.median(collapsed), "expanded_layout_ms": statistics.median(expanded),
            "boxes_after_expanding": drawn}


def main():
    from playwright.sync_api import sync_playwright

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in GRAPHS:
            doc, results[name] = python_side(name)
            (root / f"{name}.ipynb").write_text(json.dumps(notebook(doc)))
        with running_jupyterlab(root, root / "lab.log") as lab, sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for name in GRAPHS:
                results[name].update(browser_side(lab, browser, name))
            browser.close()
    for name, r in results.items():
        print(f"{name}: {r['ops']} ops, document {r['document_ms']:.1f} ms ({r['json_kb']:.0f} KiB), "
              f"static SVG {r['svg_ms']:.1f} ms; browser layout collapsed {r['collapsed_layout_ms']:.0f} ms, "
              f"with {EXPAND[name]} expanded {r['expanded_layout_ms']:.0f} ms ({r['boxes_after_expanding']} boxes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
