"""Stale-cell marks in a real JupyterLab (Debian's Chromium): re-running an upstream %%graph cell
marks the downstream cell "re-linked" (same shape) or "stale: re-run" (new shape) in its prompt
area; the badge's button runs the stale cells in order and the badge clears. Screenshots go to
test-artifacts/.
"""
import json

import pytest

from jupyterlab_server import running_jupyterlab
from lab_browser import ARTIFACTS, SETUP_CELL, extension_installed

pytestmark = pytest.mark.skipif(
    not extension_installed(),
    reason="the jupyter-flow JupyterLab extension is not installed (pip install . builds and installs it)",
)

MODEL = "%%graph model --no-show\nx = tf.constant({}, name='x')"
HEAD = "%%graph head --no-show\ny = tf.square(x, name='y')"
SHOW = "print(y.eval())"


def _cells_notebook(sources):
    cells = [{"cell_type": "code", "execution_count": None, "id": f"cell-{i}", "metadata": {}, "outputs": [],
              "source": source} for i, source in enumerate(sources)]
    return {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                         "language_info": {"name": "python"}}}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab-marks")
    (root / "marks.ipynb").write_text(json.dumps(_cells_notebook([SETUP_CELL, MODEL.format(3.0), HEAD, SHOW])))
    ARTIFACTS.mkdir(exist_ok=True)
    with running_jupyterlab(root, ARTIFACTS / "jupyterlab-server-marks.log") as server:
        yield server


def _cell(page, index):
    return page.locator(".jp-Notebook .jp-Cell").nth(index)


def _wait_for_output(page, index, text):
    _cell(page, index).locator(".jp-OutputArea-output", has_text=text).wait_for()


def _run_cell(page, index, source=None):
    editor = _cell(page, index).locator(".jp-InputArea-editor")
    editor.click()
    if source is not None:
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(source)  # as pasted: no bracket auto-closing
    page.keyboard.press("Control+Enter")  # run, stay on the cell


def _badge(page, index):
    return _cell(page, index).locator(".jf-cell-mark")


def test_rerun_upstream_cell_marks_the_downstream_cell_and_its_button_reruns_it(lab, page):
    page.goto(lab.url("lab/tree/marks.ipynb") + "&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()
    for i in range(4):
        _run_cell(page, i)
    _wait_for_output(page, 3, "9.0")
    assert page.locator(".jf-cell-mark").count() == 0

    _run_cell(page, 1, MODEL.format(5.0))  # same shape: head's Square reads the new x
    _badge(page, 2).wait_for()
    assert _badge(page, 2).inner_text().strip() == "re-linked to cell 'model'"
    assert _cell(page, 2).get_attribute("data-jf-mark") == "relinked"
    page.screenshot(path=str(ARTIFACTS / "cell_marks_relinked.png"), full_page=True)

    _run_cell(page, 1, MODEL.format("[3.0, 4.0]"))  # a vector now: head's scalar Square cannot take it
    page.locator(".jp-Cell[data-jf-mark='stale'] .jf-cell-mark").wait_for()
    badge = _badge(page, 2)
    assert badge.inner_text().startswith("stale: re-run")
    assert "Re-run cell 'head'" in badge.get_attribute("title")
    assert page.locator(".jf-cell-mark").count() == 1
    page.screenshot(path=str(ARTIFACTS / "cell_marks_stale.png"), full_page=True)

    badge.locator("button.jf-run-stale").click()
    page.wait_for_function("() => document.querySelectorAll('.jf-cell-mark').length === 0")
    _run_cell(page, 3)
    _wait_for_output(page, 3, "[ 9. 16.]")
    page.screenshot(path=str(ARTIFACTS / "cell_marks_cleared.png"), full_page=True)
