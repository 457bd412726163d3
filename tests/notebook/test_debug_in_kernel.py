"""On a real ipykernel (jupyter_client, cell ids as JupyterLab sends them): %%graph --trace colours
the graph by the model's next run, %flow_profile prints the op-type table, and with %flow_debug nan
on a NaN fails the run naming the op and its cell line, with the graph view highlighting it."""
import numpy as np

from kernel import Kernel

MIME = "application/vnd.jupyter-flow.graph+json"
SETUP = "%load_ext jupyter_flow\nimport jupyter_flow as tf\nimport numpy as np\nsess = tf.get_default_session()"
MODEL = """%%graph model --trace
x = tf.placeholder(tf.float32, [None, 3], name="x")
w = tf.Variable(tf.ones([3, 2]), name="w")
y = tf.matmul(x, w, name="y")
unused = tf.reduce_sum(w * 2.0, name="unused")
logged = tf.log(y - 3.5, name="logged")
loss = tf.reduce_mean(tf.square(y), name="loss")
train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
init = tf.global_variables_initializer()"""


def graph_docs(reply):
    return [o["data"][MIME] for o in reply.outputs if o["msg_type"] == "display_data" and MIME in o["data"]]


def test_trace_profile_and_nan_check_in_a_kernel():
    with Kernel() as k:
        assert k.run(SETUP).status == "ok"
        built = k.run(MODEL, cell_id="cell-model")
        assert built.status == "ok"
        [doc] = graph_docs(built)
        assert "trace" not in doc  # the cell made no run: the model's next run is traced
        initialized = k.run("init.run()", cell_id="cell-init")
        assert initialized.status == "ok" and graph_docs(initialized) == []  # initialization does not count
        ran = k.run("print(sess.run(y, {x: np.ones((4, 3))}).sum())", cell_id="cell-run")
        assert ran.status == "ok" and ran.stdout == "24.0\n"
        [doc] = graph_docs(ran)
        units = doc["trace"]["units"]
        assert units["op:y"]["state"] == "computed" and units["op:y"]["calls"] == 1
        assert units["op:x"]["state"] == "input"  # fed
        assert units["op:unused"]["state"] == units["op:mul"]["state"] == units["op:logged"]["state"] == "not_needed"
        assert "op:y" in [f"op:{t['name']}" for t in doc["trace"]["top"]]
        assert "y" in doc["highlight"] and doc["trace"]["runs"] == 1
        again = k.run("sess.run(y, {x: np.ones((4, 3))})", cell_id="cell-run-again")
        assert graph_docs(again) == []  # only the next run was traced

        profiled = k.run("%flow_profile 5 sess.run(train, {x: np.ones((4, 3))})", cell_id="cell-profile")
        assert profiled.status == "ok", profiled
        lines = profiled.stdout.splitlines()
        assert lines[0].startswith("Profile of 5 runs: ")
        assert lines[1].split() == ["op", "type", "calls", "total", "ms", "share"]
        matmul = next(line.split() for line in lines if line.startswith("MatMul "))
        assert matmul[1] == "10"  # y and the gradient for w (none for the fed x), in each of 5 runs

        assert k.run("%flow_debug nan on").stdout.startswith("NaN/Inf checking of every run is on")
        failed = k.run("init.run()  # w back to ones after the profiled training\nsess.run(logged, {x: np.ones((2, 3))})",
                       cell_id="cell-nan")
        assert failed.status == "error" and failed.ename == "InvalidArgumentError"
        assert failed.evalue.startswith("'logged' (op Log) produced float32 [2,2]: no finite values, 4 NaN")
        assert "'sub:0' float32 [2,2]: min -0.5, max -0.5" in failed.evalue
        assert "defined at cell 'model', line 6: logged = tf.log(y - 3.5, name=\"logged\")" in failed.evalue
        [doc] = graph_docs(failed)
        assert doc["problem"]["node"] == "logged" and doc["highlight"] == ["logged"]
        assert k.run("%flow_debug nan off").stdout.startswith("NaN/Inf checking of every run is off")
        fine = k.run("print(np.isnan(sess.run(logged, {x: np.ones((2, 3))})).all())")
        assert fine.status == "ok" and fine.stdout == "True\n" and graph_docs(fine) == []


def test_trace_of_a_run_inside_the_graph_cell():
    with Kernel() as k:
        assert k.run(SETUP).status == "ok"
        cell = MODEL + "\ninit.run()\nfor _ in range(3):\n    sess.run(train, {x: np.ones((4, 3))})"
        built = k.run(cell, cell_id="cell-model")
        assert built.status == "ok", built
        [doc] = graph_docs(built)
        units = doc["trace"]["units"]
        # The first run after initialization: a training step, gradients included.
        assert units["op:y"]["state"] == "computed"
        assert units["scope:gradients"]["state"] == "computed" and units["scope:gradients"]["micros"] > 0
        assert np.isclose(sum(u["share"] for k_, u in units.items() if k_.startswith("op:")), 1.0)
