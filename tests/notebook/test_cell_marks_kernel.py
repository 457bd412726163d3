"""On a real ipykernel, cells sent with cell ids as JupyterLab sends them: re-running an upstream
%%graph cell with a new shape sends the stale mark of the downstream cell on the extension's comm,
and running that cell again clears it."""
from kernel import Kernel

SETUP = "%load_ext jupyter_flow\nimport jupyter_flow as tf"
MODEL = "%%graph model --no-show\nx = tf.constant({}, name='x')"
HEAD = "%%graph head --no-show\ny = tf.square(x, name='y')"


def marks_sent(reply):
    return [m["data"]["marks"] for m in reply.comm_messages if m["msg_type"] == "comm_open"]


def test_stale_mark_is_sent_on_the_comm_and_cleared_by_rerunning_the_cell():
    with Kernel() as k:
        assert k.run(SETUP, cell_id="setup").status == "ok"
        assert k.run(MODEL.format(3.0), cell_id="cell-model").status == "ok"
        assert k.run(HEAD, cell_id="cell-head").status == "ok"
        rerun = k.run(MODEL.format([3.0, 4.0]), cell_id="cell-model")
        opened = [m for m in rerun.comm_messages if m["msg_type"] == "comm_open"]
        assert [m["target_name"] for m in opened] == ["jupyter_flow.cells"]
        [[mark]] = marks_sent(rerun)
        assert (mark["cell_id"], mark["kind"], mark["text"]) == ("cell-head", "stale", "stale: re-run")
        assert "Re-run cell 'head'" in mark["detail"]
        assert marks_sent(k.run(HEAD, cell_id="cell-head")) == [[]]
        assert marks_sent(k.run("print(y.eval())", cell_id="cell-print")) == []  # unchanged: nothing sent
