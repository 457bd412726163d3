"""Every course notebook runs top to bottom on a fresh python3 kernel, every `assert` written in it
really ran, its "Try it" prompts each come with an expected outcome or a check, its `%%graph` cells
show graph views, and it is committed without outputs.

New notebooks in notebooks/ are picked up automatically (one test per file).

How "every assert ran" is proved: before the notebook's own cells, the kernel gets an IPython AST
transformer that follows every `assert` statement with a line recording the assert's condition.
After the last cell, the recorded set must contain every assert found in the notebook's source,
so a check that sits in a branch not taken, in a function never called, or after an early exit
fails the test; so does a notebook whose checks were deleted (MIN_CHECKS).
"""
import ast
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
GRAPH_MIME = "application/vnd.jupyter-flow.graph+json"

# Floors, so that deleting a notebook's checks or pictures fails a test. The "Try it" rule applies
# to the notebooks listed here; every notebook's asserts must all run.
MIN_CHECKS = {"01": 7, "02": 13, "03": 4, "04": 11, "05": 8, "06": 6, "07": 1, "08": 7, "09": 25, "10": 21, "11": 11, "12": 18,
              "13": 12, "14": 7}
MIN_GRAPH_VIEWS = {"02": 9, "08": 5}

# IPython silently unregisters a transformer that raises, so the report cell below also checks
# that it is still registered.
RECORDER = '''
import ast as _course_ast
__course_checks__ = set()

class _RecordAsserts(_course_ast.NodeTransformer):
    """After each assert, add its condition's source to __course_checks__ (it passed)."""
    def visit_Assert(self, node):
        import ast
        self.generic_visit(node)
        record = ast.parse(f"__course_checks__.add({ast.unparse(node.test)!r})").body[0]
        return [node, ast.copy_location(record, node)]

get_ipython().ast_transformers.append(_RecordAsserts())
'''
REPORT = ('assert any(type(t).__name__ == "_RecordAsserts" for t in get_ipython().ast_transformers), '
          '"the assert recorder was unregistered"\n'
          'import json as _json; print("COURSE-CHECKS " + _json.dumps(sorted(__course_checks__)))')


def _python_of(cell_source):
    """The cell as plain Python: a %%graph cell's body, line magics as `pass`."""
    lines = cell_source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        lines = lines[1:]
    return "\n".join("pass" if line.lstrip().startswith(("%", "!")) else line for line in lines)


def _asserts_in(nb):
    checks = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            for node in ast.walk(ast.parse(_python_of(cell.source))):
                if isinstance(node, ast.Assert):
                    checks.add(ast.unparse(node.test))
    return checks


def _number(path):
    return path.name[:2]


def test_the_course_has_notebooks():
    assert NOTEBOOKS, f"no notebooks found in {NOTEBOOKS_DIR}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, cell in enumerate(nb.cells)
             if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)]
    assert not dirty, f"{path.name}: code cells {dirty} have outputs; strip them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_try_it_has_an_expected_outcome_or_a_check(path):
    if _number(path) not in MIN_CHECKS:
        pytest.skip(f"{path.name} is not in MIN_CHECKS yet: add it to hold it to the 'Try it' rule")
    nb = nbformat.read(path, as_version=4)
    missing = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or "**Try it**" not in cell.source:
            continue
        text = cell.source.split("**Try it**", 1)[1]
        items = max(1, len(re.findall(r"^\s*\d+\.\s", text, flags=re.M)))
        expected = len(re.findall(r"\*Expected\*", text))
        following = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
        checked = following is not None and following.cell_type == "code" and bool(_asserts_in_cell(following))
        if not checked and expected < items:
            missing.append(i)
    assert not missing, (f"{path.name}: the 'Try it' in markdown cells {missing} must state an *Expected* outcome "
                         f"for each item, or be followed by a code cell with an assert")


def _asserts_in_cell(cell):
    return [n for n in ast.walk(ast.parse(_python_of(cell.source))) if isinstance(n, ast.Assert)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom_and_every_check_in_it_ran(path, tmp_path):
    from nbclient import NotebookClient  # only this test needs a kernel

    nb = nbformat.read(path, as_version=4)
    written = _asserts_in(nb)
    assert len(written) >= MIN_CHECKS.get(_number(path), 0), (
        f"{path.name} has {len(written)} distinct asserts, fewer than the {MIN_CHECKS.get(_number(path), 0)} "
        f"its checks had; a 'Try it' or a claim lost its check")
    n_cells = len(nb.cells)
    nb.cells = [new_code_cell(RECORDER)] + nb.cells + [new_code_cell(REPORT)]
    # cwd = the notebooks folder, as in JupyterLab, so `import course_data` works.
    client = NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(NOTEBOOKS_DIR)}})
    client.execute()  # raises CellExecutionError naming the cell and the traceback on any error
    nbformat.write(nb, tmp_path / path.name)  # for a look after a failure

    report = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    assert report.startswith("COURSE-CHECKS "), f"{path.name}: the check report did not run: {report!r}"
    ran = set(json.loads(report[len("COURSE-CHECKS "):]))
    not_run = sorted(written - ran)
    assert not not_run, f"{path.name}: these asserts never ran (a branch not taken? a function never called?): {not_run}"

    own_cells = nb.cells[1:1 + n_cells]
    views = [i for i, cell in enumerate(own_cells) if cell.cell_type == "code"
             for o in cell.outputs if GRAPH_MIME in o.get("data", {})]
    silent = [i for i, cell in enumerate(own_cells)
              if cell.cell_type == "code" and cell.source.lstrip().startswith("%%graph")
              and "--no-show" not in cell.source.splitlines()[0] and i not in views]
    assert not silent, f"{path.name}: %%graph cells {silent} showed no graph view ({GRAPH_MIME})"
    floor = MIN_GRAPH_VIEWS.get(_number(path), 0)
    assert len(views) >= floor, f"{path.name}: {len(views)} graph views, expected at least {floor}"
