"""In a notebook, every op knows the cell and the line that made it: the graph document carries it
for the hover card's link, and errors naming a node name its cell and line."""
import pytest
from IPython.testing import globalipapp

import jupyter_flow as tf
from jupyter_flow.framework.traceback_capture import defining_line
from jupyter_flow.notebook.graph_view import graph_document

MLP = """%%graph mlp --no-show
X = tf.placeholder(tf.float32, shape=(None, 784), name="X")
n_hidden1, n_hidden2 = 300, 100
with tf.name_scope("dnn"):
    hidden1 = tf.layers.dense(X, n_hidden1, name="hidden1", activation=tf.nn.relu)

    hidden2 = tf.layers.dense(hidden1, n_hidden2, name="hidden2", activation=tf.nn.relu)
"""


@pytest.fixture
def ip():
    shell = globalipapp.start_ipython() or globalipapp.get_ipython()
    shell.reset(new_session=False)
    tf.reset_default_graph()
    shell.run_cell("%load_ext jupyter_flow").raise_error()
    shell.user_ns["tf"] = tf
    yield shell
    if "jupyter_flow" in shell.extension_manager.loaded:
        shell.extension_manager.unload_extension("jupyter_flow")
    shell.reset(new_session=False)


def run(ip, source, cell_id=None):
    result = ip.run_cell(source, store_history=True, cell_id=cell_id)
    return result


def test_an_op_knows_its_cell_and_line_as_the_editor_counts_them(ip):
    run(ip, MLP, cell_id="cell-mlp").raise_error()
    op = tf.get_default_graph().get_operation_by_name("dnn/hidden2/MatMul")
    assert str(defining_line(op)) == (
        "cell 'mlp', line 7: hidden2 = tf.layers.dense(hidden1, n_hidden2, name=\"hidden2\", activation=tf.nn.relu)")
    assert op.traceback[-1][1:] == (6, "<module>", defining_line(op).text)  # line 6 of the %%graph body
    nodes = {n["name"]: n for n in graph_document()["nodes"]}
    assert nodes["dnn/hidden2/MatMul"]["defined_in"] == {
        "place": "cell 'mlp'", "line": 7, "text": defining_line(op).text, "cell": "'mlp'", "cell_id": "cell-mlp"}
    assert nodes["X"]["defined_in"]["line"] == 2
    assert nodes["hidden1/kernel"]["defined_in"]["line"] == 5  # the variable comes from the dense call


def test_a_plain_cell_counts_from_its_first_line(ip):
    run(ip, "a = tf.constant(1.0, name='a')\nb = tf.square(a, name='b')", cell_id="plain").raise_error()
    where = graph_document()["nodes"][1]["defined_in"]
    # Without %%graph or %flow_autoreset the cell is not named, but the line is still the cell's.
    assert where == {"place": "a notebook cell", "line": 2, "text": "b = tf.square(a, name='b')"}


def test_stale_node_error_names_the_cell_and_line_that_made_it(ip):
    run(ip, "%%graph producer --no-show\nx = tf.constant(3.0, name='x')").raise_error()
    run(ip, "%%graph consumer --no-show\n\ny = tf.square(x, name='y')").raise_error()
    run(ip, "%%graph producer --no-show\nx = tf.constant([1.0, 2.0], name='x')").raise_error()
    result = run(ip, "y.eval()")
    error = result.error_in_exec
    assert isinstance(error, tf.errors.FailedPreconditionError)
    assert "made at cell 'consumer', line 3: y = tf.square(x, name='y')" in str(error)


def test_runtime_error_names_the_cell_and_line(ip):
    run(ip, "%%graph shapes --no-show\nx = tf.placeholder(tf.float32, name='x')\ny = tf.reshape(x, [5])").raise_error()
    error = run(ip, "tf.get_default_session().run(y, {x: [1.0, 2.0]})").error_in_exec
    assert isinstance(error, tf.errors.InvalidArgumentError)
    assert "defined at cell 'shapes', line 3: y = tf.reshape(x, [5])" in str(error)
