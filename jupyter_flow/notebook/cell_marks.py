"""Which notebook cells a %%graph re-run left behind, told to the JupyterLab extension.

After each cell the kernel works out the marks (a cell whose ops could not be re-linked is
"stale: re-run"; one whose ops were re-linked to a re-run cell says so until it runs itself) and,
when they changed, opens a comm (target `jupyter_flow.cells`) whose open message holds them all. The extension draws a
badge in each marked cell's prompt area; front ends without it never open the comm's target and
only see the stale error when such a cell's nodes are run.

    marks = CellMarks(); marks.after_cell(tracker, cell_id)   # from post_run_cell
"""
from .cells import CellRef

COMM_TARGET = "jupyter_flow.cells"


def current_marks(tracker):
    """The marks of the tracker's graph now: a list of {cell_id, kind, label, text, detail}, in
    the order the cells were first marked. Cells without a front-end cell id cannot be marked."""
    marks = {}
    for op in tracker.graph.stale_ops():
        cell = op.cell
        if isinstance(cell, CellRef) and cell.cell_id and cell.cell_id not in marks:
            marks[cell.cell_id] = {"cell_id": cell.cell_id, "kind": "stale", "label": cell.label,
                                   "text": "stale: re-run", "detail": tracker.graph.stale_reason(op)}
    for cell, by in tracker.relinked_by.items():
        if cell.cell_id and cell.cell_id not in marks:
            marks[cell.cell_id] = {"cell_id": cell.cell_id, "kind": "relinked", "label": cell.label,
                                   "text": f"re-linked to cell {by.label}",
                                   "detail": f"Cell {by.label} was re-run; this cell's nodes now read its new "
                                             f"nodes. Re-run this cell to rebuild them from its code."}
    return list(marks.values())


class CellMarks:
    """Sends the marks on the comm when they change (one message with all of them)."""

    def __init__(self, open_comm=None):
        self._open_comm = open_comm or _open_comm
        self._comm = None
        self._sent = []

    def after_cell(self, tracker, cell_id):
        """Cell `cell_id` (None if the front end sent none) has just run."""
        if cell_id:  # a cell that runs again is no longer "re-linked": it rebuilt from its code
            for cell in [c for c in tracker.relinked_by if c.cell_id == cell_id]:
                del tracker.relinked_by[cell]
        marks = current_marks(tracker)
        if marks != self._sent:
            self._send(marks)

    def clear(self):
        """No marks (the graph was reset)."""
        if self._sent:
            self._send([])

    def _send(self, marks):
        # A new comm per change, its marks in the open message: a front end that connected since
        # (a reloaded page) registers the target afresh and still receives them.
        self.close()
        self._comm = self._open_comm({"marks": marks})
        self._sent = marks

    def close(self):
        if self._comm is not None:
            self._comm.close()
            self._comm = None


def _open_comm(data):
    try:
        from comm import create_comm
    except ImportError:  # IPython without ipykernel: nobody to tell
        return None
    return create_comm(target_name=COMM_TARGET, data=data)
