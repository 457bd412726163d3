"""End to end on a real kernel: the chart updates reach the client while the training cell is still running.

The notebook's training loops wait, after each chunk of steps, until this test's client has *received* one
more chart update carrying data (the client writes its count to a file the loop reads). A loop can only
finish if updates arrive during the cell, so a passing run proves live delivery without any timing bound.
"""

import base64
import io
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from jupyter_flow.notebook import curves as curves_module

# The kernel imports jupyter_flow from where this test process found it (source tree or installed package).
PACKAGE_PARENT = Path(curves_module.__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHUNKS = 5

SETUP = f"""
import sys, time, pathlib
sys.path[:0] = [{str(PACKAGE_PARENT)!r}, {str(HERE)!r}]
from jupyter_flow.notebook.curves import TrainingCurves
from jupyter_flow.notebook.progress import progress

received = pathlib.Path("updates_received")

def wait_until_client_received(count):
    deadline = time.monotonic() + 120
    while not (received.exists() and int(received.read_text() or 0) >= count):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the client never received chart update {{count}}")
        time.sleep(0.02)

def updates_so_far():
    return int(received.read_text() or 0) if received.exists() else 0
"""

PLAIN_LOOP = f"""
curves = TrainingCurves(total_steps={CHUNKS * 20}, refresh_seconds=0.2)
start = updates_so_far()
for chunk in range({CHUNKS}):
    for step in range(chunk * 20, chunk * 20 + 20):
        curves.log(step, mse=1.0 / (step + 1), accuracy=step / {CHUNKS * 20})
    wait_until_client_received(start + chunk + 1)
"""

EVENT_FILE_LOOP = f"""
from tfevents_writing import ScalarWriter
board = TrainingCurves("tf_logs", refresh_seconds=0.2)
writer = ScalarWriter("tf_logs/run-1")
start = updates_so_far()
for chunk in range({CHUNKS}):
    for step in range(chunk * 10, chunk * 10 + 10):
        writer.add(step, MSE=10.0 / (step + 1))
    writer.flush()
    wait_until_client_received(start + chunk + 1)
writer.close()
"""

PROGRESS_LOOP = """
for epoch in progress(30):
    time.sleep(0.01)
"""


class RecordingClient(NotebookClient):
    """Counts chart updates carrying data as they arrive and tells the kernel through a file."""

    def __init__(self, nb, workdir, **kwargs):
        super().__init__(nb, **kwargs)
        self.counter_file = workdir / "updates_received"
        self.data_updates = []  # (cell index, comm id, kernel timestamp, byte sizes of the y buffers)
        self.replies = {}  # cell index -> execute_reply

    def process_message(self, msg, cell, cell_index):
        if _carries_chart_data(msg):
            paths = msg["content"]["data"]["buffer_paths"]
            y_sizes = [len(buf) for buf, path in zip(msg["buffers"], paths, strict=True) if path[2] == "y"]
            self.data_updates.append((cell_index, msg["content"]["comm_id"], msg["header"]["date"], y_sizes))
            self.counter_file.write_text(str(len(self.data_updates)))
        return super().process_message(msg, cell, cell_index)

    def on_cell_executed_hook(self, cell, cell_index, execute_reply):
        self.replies[cell_index] = execute_reply


def _carries_chart_data(msg):
    if msg["msg_type"] != "comm_msg":
        return False
    data = msg["content"].get("data", {})
    state = data.get("state", {})
    return data.get("method") == "update" and state.get("_py2js_update") is not None and any(
        path[2] == "y" for path in data.get("buffer_paths", []))


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("curves_notebook")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in (SETUP, PLAIN_LOOP, EVENT_FILE_LOOP, PROGRESS_LOOP)]
    client = RecordingClient(nb, workdir, kernel_name="python3", timeout=600,
                             resources={"metadata": {"path": str(workdir)}})
    client.on_cell_executed = client.on_cell_executed_hook
    client.execute()
    saved = workdir / "training.ipynb"
    nbformat.write(nb, saved)
    return client, nbformat.read(saved, as_version=4)


@pytest.mark.parametrize("cell_index", [1, 2], ids=["log_calls", "event_files"])
def test_chart_updates_with_data_are_sent_while_the_training_cell_runs(executed, cell_index):
    client, _ = executed
    reply_time = client.replies[cell_index]["header"]["date"]
    updates = [u for u in client.data_updates if u[0] == cell_index]

    sent_before_reply = [u for u in updates if u[2] < reply_time]
    assert len(sent_before_reply) >= CHUNKS
    assert len({u[1] for u in updates}) == 1  # one figure, updated in place
    drawn_sizes = [max(u[3]) for u in sent_before_reply]
    assert drawn_sizes == sorted(drawn_sizes) and drawn_sizes[-1] > drawn_sizes[0]  # the lines grow


@pytest.mark.parametrize("cell_index, summary", [
    (1, f"TrainingCurves: 1 run, 2 tags, {CHUNKS * 40} points"),
    (2, f"TrainingCurves(tf_logs): 1 run, 1 tag, {CHUNKS * 10} points"),
], ids=["log_calls", "event_files"])
def test_saved_notebook_keeps_the_widget_and_a_png_of_the_final_curves(executed, cell_index, summary):
    from PIL import Image

    _, saved = executed
    widget, picture = saved.cells[cell_index].outputs  # the cell output did not grow while training

    assert "application/vnd.jupyter.widget-view+json" in widget.data
    assert picture.data["text/plain"].startswith(summary)  # the final state, for text-only front ends
    assert picture.output_type == "display_data" and "body:has(.jf-live-curves-" in picture.data["text/html"]
    image = Image.open(io.BytesIO(base64.b64decode(picture.data["image/png"])))
    assert image.format == "PNG" and image.width >= 900
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or ()) > 2  # curves, not a blank picture


def test_progress_bar_is_one_widget_output(executed):
    _, saved = executed
    outputs = [o for o in saved.cells[3].outputs if o.output_type == "display_data"]

    assert len(outputs) == 1 and "application/vnd.jupyter.widget-view+json" in outputs[0].data
    states = saved.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    bars = [m["state"] for m in states.values() if m["model_name"] in ("FloatProgressModel", "IntProgressModel")]
    assert any(bar["value"] == bar["max"] == 30 for bar in bars)  # the bar reached the end in place
