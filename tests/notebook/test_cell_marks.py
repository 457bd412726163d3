"""The marks the kernel sends the JupyterLab extension after a %%graph re-run: which cells are
stale (re-run them) and which were re-linked to the re-run cell, until they run themselves."""
import pytest

import jupyter_flow as tf
from jupyter_flow.notebook.cell_marks import CellMarks, current_marks
from jupyter_flow.notebook.cells import CellRef, CellTracker


class RecordingComms:
    """Stands in for comm.create_comm: records what each comm opened with, and which were closed."""

    def __init__(self):
        self.opened = []

    def __call__(self, data):
        comm = RecordingComm(data)
        self.opened.append(comm)
        return comm

    @property
    def sent(self):
        return [c.data for c in self.opened]


class RecordingComm:
    def __init__(self, data):
        self.data = data
        self.closed = False

    def close(self):
        self.closed = True


@pytest.fixture
def tracker():
    tf.reset_default_graph()
    return CellTracker(tf.get_default_graph())


def run_cell(tracker, name, cell_id, body):
    run = tracker.begin(CellRef(name, f"'{name}'", cell_id))
    body()
    tracker.commit(run)


def model(shape_value):
    return lambda: tf.constant(shape_value, name="x")


def head():
    tf.square(tf.get_default_graph().get_tensor_by_name("x:0"), name="y")


def kinds(marks):
    return [(m["cell_id"], m["kind"], m["text"]) for m in marks]


def test_a_rerun_with_the_same_shape_marks_the_consumer_relinked(tracker):
    run_cell(tracker, "model", "id-model", model(3.0))
    run_cell(tracker, "head", "id-head", head)
    assert current_marks(tracker) == []
    run_cell(tracker, "model", "id-model", model(5.0))
    assert kinds(current_marks(tracker)) == [("id-head", "relinked", "re-linked to cell 'model'")]


def test_a_rerun_with_a_new_shape_marks_the_consumer_stale_with_the_reason(tracker):
    run_cell(tracker, "model", "id-model", model(3.0))
    run_cell(tracker, "head", "id-head", head)
    run_cell(tracker, "model", "id-model", model([3.0, 4.0]))
    [mark] = current_marks(tracker)
    assert (mark["cell_id"], mark["kind"], mark["text"], mark["label"]) == ("id-head", "stale", "stale: re-run", "'head'")
    assert "Operation 'y' (Square)" in mark["detail"] and "Re-run cell 'head'" in mark["detail"]


def test_marks_clear_when_the_marked_cell_runs_again(tracker):
    comms = RecordingComms()
    marks = CellMarks(open_comm=comms)
    run_cell(tracker, "model", "id-model", model(3.0))
    run_cell(tracker, "head", "id-head", head)
    marks.after_cell(tracker, "id-head")
    assert comms.sent == []  # nothing marked, nothing sent
    run_cell(tracker, "model", "id-model", model([3.0, 4.0]))
    marks.after_cell(tracker, "id-model")
    assert [kinds(m["marks"]) for m in comms.sent] == [[("id-head", "stale", "stale: re-run")]]
    marks.after_cell(tracker, "id-other")  # unchanged marks are not sent again
    assert len(comms.sent) == 1
    run_cell(tracker, "head", "id-head", head)
    marks.after_cell(tracker, "id-head")
    assert comms.sent[-1] == {"marks": []}


def test_a_relinked_mark_clears_when_its_cell_runs_even_as_a_plain_cell(tracker):
    comms = RecordingComms()
    marks = CellMarks(open_comm=comms)
    run_cell(tracker, "model", "id-model", model(3.0))
    run_cell(tracker, "head", "id-head", head)
    run_cell(tracker, "model", "id-model", model(5.0))
    marks.after_cell(tracker, "id-model")
    assert kinds(comms.sent[-1]["marks"]) == [("id-head", "relinked", "re-linked to cell 'model'")]
    marks.after_cell(tracker, "id-head")  # e.g. `print(y.eval())` in that cell, not a %%graph cell
    assert comms.sent[-1] == {"marks": []}


def test_each_change_opens_a_new_comm_and_closes_the_last(tracker):
    comms = RecordingComms()
    marks = CellMarks(open_comm=comms)
    run_cell(tracker, "model", "id-model", model(3.0))
    run_cell(tracker, "head", "id-head", head)
    run_cell(tracker, "model", "id-model", model([1.0, 2.0]))
    marks.after_cell(tracker, "id-model")
    run_cell(tracker, "head", "id-head", head)
    marks.after_cell(tracker, "id-head")
    assert [c.closed for c in comms.opened] == [True, False]
    assert comms.sent[-1] == {"marks": []}
