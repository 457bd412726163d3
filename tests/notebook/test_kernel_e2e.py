"""End to end on a real ipykernel: notebooks executed through nbclient with cell ids (as
JupyterLab sends them), and an interrupt sent with jupyter_client during a long Session.run."""
import time

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError
from nbformat.v4 import new_code_cell, new_notebook

from kernel import Kernel, LabLikeNotebookClient

SETUP = "%load_ext jupyter_flow\nimport jupyter_flow as tf\nimport numpy as np"
MODEL = """%%graph --no-show
x = tf.constant({x}, name="x")
with tf.name_scope("loss"):
    w = tf.Variable(0.0, name="w")
    mse = tf.square(x - w, name="mse")"""
TRAIN = """%%graph --no-show
grad, = tf.gradients(mse, [w])
train = tf.assign(w, w - 0.25 * grad, name="train")
init = tf.global_variables_initializer()"""


class Notebook:
    """A notebook whose cells are run one at a time, in any order, on one kernel."""

    def __init__(self, *sources):
        self.nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                         "language": "python"}})
        self.nb.cells = [new_code_cell(s) for s in sources]
        nbformat.validate(self.nb)
        self.client = LabLikeNotebookClient(self.nb, timeout=300, kernel_name="python3", allow_errors=True)

    def __enter__(self):
        self._setup = self.client.setup_kernel()
        self._setup.__enter__()
        return self

    def __exit__(self, *exc):
        return self._setup.__exit__(*exc)

    def run(self, index, source=None):
        """Execute cell `index` (after replacing its source, as an edit would); its stdout."""
        cell = self.nb.cells[index]
        if source is not None:
            cell.source = source
        self.client.execute_cell(cell, index)
        return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")

    def error(self, index):
        errors = [o for o in self.nb.cells[index].outputs if o.output_type == "error"]
        return (errors[0].ename, errors[0].evalue) if errors else None


def test_same_cell_twice_keeps_names_and_graph_size():
    with Notebook(SETUP, MODEL.format(x=3.0).replace(" --no-show", ""), "g = tf.get_default_graph()\n"
                  "print(len(g.get_operations()), mse.name, w.name)") as nb:
        nb.run(0)
        nb.run(1)
        first = nb.run(2)
        nb.run(1)
        second = nb.run(2)
        assert first == second == "7 loss/mse:0 loss/w:0\n"
        shown = [o for o in nb.nb.cells[1].outputs if o.output_type == "display_data"]
        assert len(shown) == 1
        view = shown[0].data["application/vnd.jupyter-flow.graph+json"]
        assert "loss/mse" in view["highlight"] and "svg" in shown[0].data["text/html"]


def test_edited_cell_relinks_later_cells():
    with Notebook(SETUP, MODEL.format(x=3.0), "%%graph --no-show\ny = tf.multiply(mse, 10.0, name='y')",
                  "init = tf.global_variables_initializer(); init.run(); print(y.eval())") as nb:
        for i in range(4):
            nb.run(i)
        assert nb.run(3) == "90.0\n"
        nb.run(1, MODEL.format(x=5.0))
        # cell 2 is not re-run: its y now reads the new x
        assert nb.run(3, "print(y.eval())") == "250.0\n"


def test_trained_variable_survives_a_rerun_of_its_cell():
    with Notebook(SETUP, MODEL.format(x=3.0), TRAIN,
                  "init.run()\nfor _ in range(30): train.op.run()",
                  "print(round(float(w.eval()), 4), round(float(mse.eval()), 4))") as nb:
        for i in range(4):
            nb.run(i)
        assert nb.run(4) == "3.0 0.0\n"
        nb.run(1)  # the model cell again, unchanged: w keeps its trained value
        assert nb.run(4) == "3.0 0.0\n"
        nb.run(1, MODEL.format(x=-1.0))  # edited loss, same variable: training goes on from 3.0
        assert nb.run(4) == "3.0 16.0\n"
        nb.run(3, "for _ in range(30): train.op.run()")  # the training cell, not re-run since, follows
        assert nb.run(4) == "-1.0 0.0\n"


def test_fresh_drops_the_trained_value():
    with Notebook(SETUP, MODEL.format(x=3.0), TRAIN,
                  "init.run()\nfor _ in range(30): train.op.run()", "print(w.eval())") as nb:
        for i in range(4):
            nb.run(i)
        nb.run(1, MODEL.format(x=3.0).replace("--no-show", "--no-show --fresh"))
        nb.run(4)
        ename, evalue = nb.error(4)
        assert ename == "FailedPreconditionError" and "uninitialized value loss/w" in evalue
        nb.run(3, "init.run()")
        assert nb.run(4) == "0.0\n"


def test_stale_consumer_error_names_the_cell_to_rerun():
    with Notebook(SETUP, "%%graph --no-show\nx = tf.constant(3.0, name='x')",
                  "%%graph --no-show\ny = tf.square(x, name='y')", "print(y.eval())") as nb:
        for i in range(4):
            nb.run(i)
        consumer_prompt = nb.nb.cells[2].execution_count
        nb.run(1, "%%graph --no-show\nx = tf.constant([1.0, 2.0], name='x')")
        producer_prompt = nb.nb.cells[1].execution_count
        nb.run(3)
        ename, evalue = nb.error(3)
        assert ename == "FailedPreconditionError"
        assert f"cell In [{producer_prompt}] was re-run" in evalue
        assert f"Re-run cell In [{consumer_prompt}]" in evalue
        nb.run(2)
        assert nb.run(3) == "[1. 4.]\n"


def test_extension_loaded_twice_is_harmless():
    with Notebook(SETUP, "%load_ext jupyter_flow\ntf.load_ipython_extension(get_ipython())",
                  MODEL.format(x=3.0), "w.initializer.run()\nprint(len(tf.get_default_graph().get_operations()), "
                  "mse.eval(), tf.get_default_session() is not None)") as nb:
        for i in range(4):
            nb.run(i)
        assert nb.error(1) is None
        assert nb.run(3) == "7 9.0 True\n"


def test_failing_graph_cell_stops_a_run_all():
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    nb.cells = [new_code_cell(SETUP), new_code_cell("%%graph --no-show\nx = tf.constant(1.0)\n1 / 0"),
                new_code_cell("print('not reached')")]
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        LabLikeNotebookClient(nb, timeout=120, kernel_name="python3").execute()
    assert nb.cells[2].outputs == []


LONG_CHAIN = """%%graph chain --no-show
n = 128
W = tf.constant((np.random.RandomState(0).randn(n, n) / np.sqrt(n)).astype("float32"))
h = tf.ones((n, n))
for _ in range(20000):  # minutes of work in one Session.run
    h = tf.tanh(tf.matmul(h, W))"""


def wait_for_stdout(kernel, msg_id, text, timeout=120):
    """Read the kernel's output until request `msg_id` prints `text` (so we know the cell started)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = kernel.kc.get_iopub_msg(timeout=max(0.0, deadline - time.monotonic()))
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
                and text in msg["content"]["text"]):
            return
    raise TimeoutError(f"the cell did not print {text!r} within {timeout} s")


def interrupt_while_running(kernel, code, after=1.0):
    """Send `code`, interrupt the kernel `after` seconds after it started running; the reply, and
    how long after the interrupt the cell's `finally` ran (STOPPED_AT sets _stopped_at there)."""
    msg_id = kernel.send(code)
    # On a loaded machine the cell may start late: interrupt only once it runs.
    wait_for_stdout(kernel, msg_id, "running")
    time.sleep(after)
    sent = time.time()
    kernel.km.interrupt_kernel()
    reply = kernel.wait(msg_id, timeout=120)
    # Read back as the next cell's execute_result (published before idle, unlike a printed stream).
    return reply, float(result_of(kernel, "_stopped_at")) - sent


def result_of(kernel, code):
    """The text of the cell's execute_result (the value of its last expression)."""
    reply = kernel.run(code)
    assert reply.status == "ok", reply
    return next(o for o in reply.outputs if o["msg_type"] == "execute_result")["data"]["text/plain"]


# The user's `finally` must run after an interrupt. Loops are written on two lines: in a one-line
# `while True: stmt` CPython 3.11 and 3.12 can skip the try's handlers when a signal arrives
# (python/cpython#108214; seen here in plain python3.11 without jupyter_flow, 4 of 100 interrupts).
STOPPED_AT = "import time\nprint('running', flush=True)\ntry:\n{}\nfinally:\n    _stopped_at = time.time()"


def test_interrupt_stops_a_long_session_run_and_the_session_stays_usable():
    with Kernel() as k:
        assert k.run(SETUP).status == "ok"
        assert k.run(LONG_CHAIN).status == "ok"
        assert k.run("w = tf.Variable(5.0, name='w'); w.initializer.run()").status == "ok"
        reply, latency = interrupt_while_running(k, STOPPED_AT.format("    h.eval()"))
        print(f"Session.run stopped {latency:.3f} s after the interrupt")
        assert (reply.status, reply.ename) == ("error", "KeyboardInterrupt")
        assert result_of(k, "float(tf.reduce_sum(W).eval()), float(w.eval())").endswith(", 5.0)")


def test_interrupt_stops_a_python_training_loop():
    with Kernel() as k:
        assert k.run(SETUP).status == "ok"
        assert k.run("w = tf.Variable(0.0, name='w'); step = tf.assign_add(w, 1.0)\n"
                     "w.initializer.run()").status == "ok"
        reply, latency = interrupt_while_running(k, STOPPED_AT.format("    while True:\n        step.op.run()"))
        print(f"training loop stopped {latency:.3f} s after the interrupt")
        assert (reply.status, reply.ename) == ("error", "KeyboardInterrupt")
        after = result_of(k, "before = w.eval(); step.op.run(); float(w.eval() - before), bool(before > 0)")
        assert after == "(1.0, True)"
