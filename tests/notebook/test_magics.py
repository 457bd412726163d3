"""The extension on IPython's InteractiveShell: loading, %%graph, %graph_reset, %flow_autoreset
and %show_graph, with cell ids passed as a notebook front end passes them."""
import pytest
from IPython.testing import globalipapp

import jupyter_flow as tf
from jupyter_flow.client import session as session_module


@pytest.fixture
def ip():
    shell = globalipapp.start_ipython() or globalipapp.get_ipython()  # the one test shell
    shell.reset(new_session=False)
    tf.reset_default_graph()
    shell.run_cell("%load_ext jupyter_flow").raise_error()
    shell.user_ns["tf"] = tf
    yield shell
    if "jupyter_flow" in shell.extension_manager.loaded:
        shell.extension_manager.unload_extension("jupyter_flow")
    shell.reset(new_session=False)
    assert session_module._session_stack.stack == []


def cell(ip, source, cell_id=None):
    """Run a cell that must succeed."""
    result = ip.run_cell(source, store_history=True, cell_id=cell_id)
    result.raise_error()
    return result


def failing_cell(ip, source, cell_id=None):
    result = ip.run_cell(source, store_history=True, cell_id=cell_id)
    assert not result.success
    return result.error_before_exec or result.error_in_exec


def magics(ip):
    return ip.magics_manager.registry["GraphMagics"]


def magics_of_events(ip):
    return [f for event in ("pre_run_cell", "post_run_cell") for f in ip.events.callbacks[event]
            if type(getattr(f, "__self__", None)).__name__ == "GraphMagics"]


def op_names(ip):
    return sorted(op.name for op in tf.get_default_graph().get_operations())


MODEL = """%%graph --no-show
x = tf.constant({x}, name="x")
with tf.name_scope("loss"):
    w = tf.Variable({w}, name="w")
    mse = tf.square(x - w, name="mse")
"""


def test_loading_twice_is_harmless(ip):
    session = tf.get_default_session()
    tf.load_ipython_extension(ip)
    cell(ip, "%load_ext jupyter_flow")
    assert tf.get_default_session() is session
    assert session_module._session_stack.stack == [session]
    assert ip.events.callbacks["pre_run_cell"].count(magics(ip).pre_run_cell) == 1
    cell(ip, MODEL.format(x=1.0, w=2.0), cell_id="a")
    assert len(tf.get_default_graph().get_operations()) == 7


def test_kernel_session_evaluates_without_a_with_block(ip):
    cell(ip, "x = tf.constant(3); y = x * 2 + 1\nop = tf.no_op()")
    cell(ip, "value = y.eval(); op.run()")
    assert ip.user_ns["value"] == 7


def test_unload_closes_the_session_and_removes_the_magics(ip):
    session = tf.get_default_session()
    ip.run_cell("%unload_ext jupyter_flow")
    assert session._closed
    assert tf.get_default_session() is None
    assert "graph" not in ip.magics_manager.magics["cell"]
    assert "graph_reset" not in ip.magics_manager.magics["line"]
    assert ip.magics_manager.registry.get("GraphMagics") is None
    assert magics_of_events(ip) == []
    error = failing_cell(ip, "%%graph\nx = 1")
    assert "graph" in str(error)
    cell(ip, "%load_ext jupyter_flow")
    assert tf.get_default_session() is not None and tf.get_default_session() is not session


def test_rerunning_a_graph_cell_keeps_names_and_graph_size(ip):
    cell(ip, MODEL.format(x=3.0, w=2.0), cell_id="cell-1")
    before = op_names(ip)
    cell(ip, MODEL.format(x=3.0, w=2.0), cell_id="cell-1")
    assert op_names(ip) == before
    assert ip.user_ns["mse"].name == "loss/mse:0"


def test_graph_cell_name_identifies_the_cell_whatever_its_id(ip):
    cell(ip, MODEL.format(x=3.0, w=2.0).replace("%%graph", "%%graph model"), cell_id="one")
    cell(ip, MODEL.format(x=3.0, w=2.0).replace("%%graph", "%%graph model"), cell_id="two")
    assert ip.user_ns["x"].name == "x:0"
    assert ip.user_ns["x"].op.cell == "model"
    assert str(ip.user_ns["x"].op.cell) == "'model'"


def test_without_a_cell_id_each_run_is_a_new_cell(ip):
    cell(ip, "%%graph --no-show\nx = tf.constant(1.0, name='x')")
    cell(ip, "%%graph --no-show\nx = tf.constant(1.0, name='x')")
    assert ip.user_ns["x"].name == "x_1:0"
    assert ip.user_ns["x"].op.cell == f"In[{ip.execution_count - 1}]"


def test_ops_record_the_front_ends_cell_id(ip):
    cell(ip, MODEL.format(x=3.0, w=2.0), cell_id="f00d")
    assert {op.cell for op in tf.get_default_graph().get_operations()} == {"f00d"}
    assert str(ip.user_ns["x"].op.cell) == f"In [{ip.execution_count - 1}]"


def test_edited_cell_relinks_later_cells(ip):
    cell(ip, MODEL.format(x=3.0, w=2.0), cell_id="model")
    cell(ip, "%%graph --no-show\ny = mse * 10\ninit = tf.global_variables_initializer()", cell_id="use")
    cell(ip, "init.run(); before = y.eval()")
    cell(ip, MODEL.format(x=5.0, w=2.0), cell_id="model")
    cell(ip, "after = y.eval()")
    assert (ip.user_ns["before"], ip.user_ns["after"]) == (10.0, 90.0)


def test_stale_error_names_the_cell_to_rerun(ip):
    cell(ip, "%%graph --no-show\nx = tf.constant(3.0, name='x')", cell_id="producer")
    cell(ip, "%%graph --no-show\ny = tf.square(x, name='y')", cell_id="consumer")
    consumer_prompt = ip.execution_count - 1
    cell(ip, "%%graph --no-show\nx = tf.constant([1.0, 2.0], name='x')", cell_id="producer")
    producer_prompt = ip.execution_count - 1
    error = failing_cell(ip, "y.eval()")
    assert isinstance(error, tf.errors.FailedPreconditionError)
    assert f"cell In [{producer_prompt}] was re-run" in str(error)
    assert f"Re-run cell In [{consumer_prompt}]" in str(error)


def test_variable_keeps_its_trained_value_across_a_rerun(ip):
    cell(ip, MODEL.format(x=3.0, w=0.0), cell_id="model")
    cell(ip, "%%graph --no-show\ngrad, = tf.gradients(mse, [w])\ntrain = tf.assign(w, w - 0.25 * grad)\n"
             "init = tf.global_variables_initializer()", cell_id="train")
    cell(ip, "init.run()\nfor _ in range(30): train.op.run()\ntrained = w.eval()")
    cell(ip, MODEL.format(x=3.0, w=0.0), cell_id="model")
    cell(ip, "kept = w.eval()")
    assert abs(ip.user_ns["trained"] - 3.0) < 1e-3
    assert ip.user_ns["kept"] == ip.user_ns["trained"]


def test_fresh_drops_the_cells_variable_values(ip):
    cell(ip, MODEL.format(x=3.0, w=0.0), cell_id="model")
    cell(ip, "w.initializer.run()")
    cell(ip, MODEL.format(x=3.0, w=0.0).replace("--no-show", "--no-show --fresh"), cell_id="model")
    error = failing_cell(ip, "w.eval()")
    assert isinstance(error, tf.errors.FailedPreconditionError)
    assert "uninitialized value loss/w" in str(error)


def test_failing_graph_cell_is_an_error_and_leaves_the_graph_as_before(ip):
    cell(ip, MODEL.format(x=3.0, w=2.0), cell_id="model")
    before, x = op_names(ip), ip.user_ns["x"]
    error = failing_cell(ip, "%%graph --no-show\nx = tf.constant(1.0, name='x')\nhalf = tf.Variable(1.0)\n"
                             "1 / 0", cell_id="model")
    assert isinstance(error, ZeroDivisionError)
    assert op_names(ip) == before
    assert ip.user_ns["x"] is x
    assert "half" not in ip.user_ns


def test_interrupted_graph_cell_keeps_what_it_built(ip):
    error = failing_cell(ip, "%%graph --no-show\nx = tf.constant(1.0, name='x')\nraise KeyboardInterrupt",
                         cell_id="c")
    assert isinstance(error, KeyboardInterrupt)
    assert op_names(ip) == ["x"]
    cell(ip, "%%graph --no-show\nx = tf.constant(1.0, name='x')", cell_id="c")
    assert op_names(ip) == ["x"]


def test_graph_cell_shows_a_summary_of_its_nodes(ip, capsys):
    cell(ip, "%%graph --no-show\nz = tf.constant(0.0, name='z')", cell_id="other")
    capsys.readouterr()
    cell(ip, "%%graph\nx = tf.constant(1.0, name='x')\ny = tf.square(x, name='y')", cell_id="c")
    out = capsys.readouterr().out
    assert "2 of the graph's 3 nodes" in out
    assert "x (Const) -> () float32" in out and "y (Square) -> () float32  <- x:0" in out
    assert "z (Const)" not in out


def test_no_show_displays_nothing(ip, capsys):
    cell(ip, "%%graph --no-show\nx = tf.constant(1.0, name='x')", cell_id="c")
    assert capsys.readouterr().out == ""


def test_graph_cell_displays_its_last_expression_like_a_plain_cell(ip, capsys):
    cell(ip, "%%graph --no-show\nx = tf.constant(1.0, name='x')\n6 * 7", cell_id="c")
    assert "42" in capsys.readouterr().out


def test_graph_reset_empties_the_graph_and_reopens_the_session(ip):
    cell(ip, MODEL.format(x=3.0, w=2.0), cell_id="model")
    session = tf.get_default_session()
    cell(ip, "%graph_reset")
    assert tf.get_default_graph().get_operations() == []
    assert session_module._session_stack.stack == [magics(ip).session]
    assert magics(ip).session.graph is tf.get_default_graph()
    cell(ip, MODEL.format(x=3.0, w=2.0), cell_id="model")
    cell(ip, "w.initializer.run(); value = mse.eval()")
    assert ip.user_ns["value"] == 1.0
    assert session is magics(ip).session


def test_graph_reset_reopens_a_session_the_user_closed(ip):
    cell(ip, "tf.get_default_session().close()")
    assert tf.get_default_session() is None
    cell(ip, "%graph_reset")
    cell(ip, "value = tf.constant(2).eval()")
    assert ip.user_ns["value"] == 2


def test_kernel_session_follows_reset_default_graph_in_a_cell(ip):
    cell(ip, "tf.reset_default_graph()\nvalue = (tf.constant(2) * 3).eval()")
    assert ip.user_ns["value"] == 6


def test_flow_autoreset_replaces_nodes_of_plain_cells(ip, capsys):
    cell(ip, "%flow_autoreset on")
    assert "on" in capsys.readouterr().out
    cell(ip, "x = tf.constant(1.0, name='x')", cell_id="plain")
    cell(ip, "x = tf.constant(1.0, name='x')", cell_id="plain")
    assert op_names(ip) == ["x"]
    error = failing_cell(ip, "x = tf.constant(2.0, name='x')\nraise ValueError('oops')", cell_id="plain")
    assert isinstance(error, ValueError)
    assert op_names(ip) == ["x"] and ip.user_ns["x"].op.get_attr("value") == 1.0
    cell(ip, "%flow_autoreset off")
    cell(ip, "x = tf.constant(1.0, name='x')", cell_id="plain")
    assert op_names(ip) == ["x", "x_1"]


def test_flow_autoreset_leaves_graph_cells_to_the_magic(ip):
    cell(ip, "%flow_autoreset on")
    cell(ip, "%%graph named --no-show\nx = tf.constant(1.0, name='x')", cell_id="id-1")
    cell(ip, "%%graph named --no-show\nx = tf.constant(1.0, name='x')", cell_id="id-2")
    assert op_names(ip) == ["x"]
    assert ip.user_ns["x"].op.cell == "named"


def test_flow_autoreset_rejects_other_arguments(ip):
    error = failing_cell(ip, "%flow_autoreset maybe")
    assert "'on' or 'off'" in str(error)


def test_show_graph_highlights_the_nodes_a_tensor_needs(ip, capsys):
    cell(ip, "x = tf.constant(1.0, name='x')\ny = tf.square(x, name='y')\nz = tf.constant(2.0, name='z')")
    capsys.readouterr()
    cell(ip, "%show_graph y")
    out = capsys.readouterr().out
    assert "2 of the graph's 3 nodes" in out and "y (Square)" in out and "z (Const)" not in out
    cell(ip, "%show_graph z:0")
    assert "1 of the graph's 3 nodes" in capsys.readouterr().out
    cell(ip, "%show_graph")
    assert "graph: 3 nodes" in capsys.readouterr().out


def test_show_graph_of_an_unknown_name_says_so(ip):
    error = failing_cell(ip, "%show_graph nothing_here")
    assert "nothing_here" in str(error)


def test_unloading_inside_an_autoreset_cell_stops_tagging(ip):
    cell(ip, "%flow_autoreset on")
    cell(ip, "x = tf.constant(1.0, name='x')\n%unload_ext jupyter_flow", cell_id="last")
    graph = tf.get_default_graph()
    assert graph._current_cell is None and graph._on_variable_created is None
    assert ip.user_ns["x"].op.cell == "last"
