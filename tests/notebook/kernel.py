"""Real ipykernels for the end-to-end tests, sent cells as JupyterLab sends them (with the cell
id in the request metadata): through nbclient (LabLikeNotebookClient) or jupyter_client (Kernel)."""
import queue
import time

from jupyter_client.manager import KernelManager
from nbclient import NotebookClient


class Reply:
    """What one executed cell produced: its reply status and error, and its text outputs."""

    def __init__(self, content, stdout, outputs, comm_messages=()):
        self.status = content["status"]
        self.ename = content.get("ename")
        self.evalue = content.get("evalue")
        self.stdout = stdout
        self.outputs = outputs  # iopub display/execute_result/error contents
        self.comm_messages = list(comm_messages)  # iopub comm_open/comm_msg contents, with msg_type

    def __repr__(self):
        return f"<Reply {self.status} {self.ename}: {self.evalue} stdout={self.stdout!r}>"


class Kernel:
    """A running ipykernel (python3 of this virtualenv); use as a context manager."""

    def __init__(self):
        self.km = KernelManager(kernel_name="python3")

    def __enter__(self):
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        return self

    def __exit__(self, *exc):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def send(self, code, cell_id=None):
        """Send an execute request; returns its message id (does not wait)."""
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": False}
        metadata = {"cellId": cell_id} if cell_id else {}
        msg = self.kc.session.msg("execute_request", content, metadata=metadata)
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def wait(self, msg_id, timeout=120):
        """Collect the outputs of request `msg_id` until the kernel is idle again."""
        deadline = time.monotonic() + timeout
        stdout, outputs, comm_messages = [], [], []
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"no reply from the kernel within {timeout} s") from None
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream" and content["name"] == "stdout":
                stdout.append(content["text"])
            elif kind in ("display_data", "execute_result", "error"):
                outputs.append(dict(content, msg_type=kind))
            elif kind in ("comm_open", "comm_msg"):
                comm_messages.append(dict(content, msg_type=kind))
            elif kind == "status" and content["execution_state"] == "idle":
                break
        while True:
            reply = self.kc.get_shell_msg(timeout=max(1.0, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        stdout.extend(self._late_stdout(msg_id))
        return Reply(reply["content"], "".join(stdout), outputs, comm_messages)

    def _late_stdout(self, msg_id, quiet=0.05):
        """Printed text of request `msg_id` that reached iopub after its idle status (ipykernel's
        stream thread can lag behind it on a loaded machine): whatever comes until iopub is quiet."""
        late = []
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=quiet)
            except queue.Empty:
                return late
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
                    and msg["content"]["name"] == "stdout"):
                late.append(msg["content"]["text"])

    def run(self, code, cell_id=None, timeout=120):
        return self.wait(self.send(code, cell_id), timeout)


def _execute_with_cell_id(kc, current_cell_id):
    """kc.execute, but with the cell id in the request metadata (what ipykernel passes on to
    IPython as `cell_id`)."""

    def execute(code, silent=False, store_history=True, user_expressions=None, allow_stdin=None,
                stop_on_error=True):
        content = {"code": code, "silent": silent, "store_history": store_history,
                   "user_expressions": user_expressions or {},
                   "allow_stdin": kc.allow_stdin if allow_stdin is None else allow_stdin,
                   "stop_on_error": stop_on_error}
        cell_id = current_cell_id()
        msg = kc.session.msg("execute_request", content, metadata={"cellId": cell_id} if cell_id else {})
        kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    return execute


class LabLikeNotebookClient(NotebookClient):
    """nbclient's NotebookClient sending each cell's id with its execute request, as JupyterLab
    and Notebook 7 do (nbclient itself sends none).

    >>> with LabLikeNotebookClient(nb).setup_kernel() as c: c.execute_cell(nb.cells[0], 0)
    """

    def __init__(self, nb, **kwargs):
        super().__init__(nb, on_notebook_start=self._send_cell_ids, on_cell_execute=self._note_cell, **kwargs)
        self._running_cell_id = None

    def _send_cell_ids(self, notebook):
        self.kc.execute = _execute_with_cell_id(self.kc, lambda: self._running_cell_id)

    def _note_cell(self, cell, cell_index):
        self._running_cell_id = cell.get("id")
