"""%flow_debug and %flow_profile on IPython's InteractiveShell: usage, the cell form, and that
unloading the extension switches the engine's debugging off."""
import pytest
from IPython.core.error import UsageError
from IPython.testing import globalipapp

import jupyter_flow as tf
from jupyter_flow import _engine

MODEL = """x = tf.placeholder(tf.float32, [None, 2], name="x")
w = tf.Variable([[1.0], [2.0]], name="w")
loss = tf.reduce_mean(tf.square(tf.matmul(x, w)), name="loss")
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess = tf.get_default_session()
sess.run(tf.global_variables_initializer())"""


@pytest.fixture
def ip():
    shell = globalipapp.start_ipython() or globalipapp.get_ipython()
    shell.reset(new_session=False)
    tf.reset_default_graph()
    shell.run_cell("%load_ext jupyter_flow").raise_error()
    shell.user_ns["tf"] = tf
    shell.run_cell(MODEL).raise_error()
    yield shell
    if "jupyter_flow" in shell.extension_manager.loaded:
        shell.extension_manager.unload_extension("jupyter_flow")
    shell.reset(new_session=False)


def test_cell_form_profiles_the_first_n_runs(ip, capsys):
    ip.run_cell("%%flow_profile 3\nfor _ in range(10):\n    sess.run(train, {x: [[1.0, 1.0]]})").raise_error()
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Profile of 3 runs: ")
    rows = {line.split()[0]: line.split() for line in out[2:]}
    assert rows["MatMul"][1] == "6" and rows["ApplyGradientDescent"][1] == "3"
    assert rows["total"][-1] == "100.0%"
    assert _engine.take_captured_traces() == []  # nothing left armed: later runs are not traced
    ip.run_cell("sess.run(train, {x: [[1.0, 1.0]]})").raise_error()
    assert _engine.take_captured_traces() == []


def test_profile_of_no_run_says_so(ip, capsys):
    ip.run_cell("%%flow_profile\ny = 1 + 1").raise_error()
    assert capsys.readouterr().out == "No Session.run happened, so there is nothing to profile.\n"


@pytest.mark.parametrize("line, message", [
    ("%flow_profile sess.run(train)", "usage: %flow_profile N STATEMENT"),
    ("%flow_profile 0 sess.run(train)", "usage: %flow_profile N STATEMENT"),
    ("%flow_debug nan maybe", "%flow_debug takes 'nan on' or 'nan off', not 'nan maybe'"),
])
def test_usage_errors(ip, line, message):
    result = ip.run_cell(line)
    assert isinstance(result.error_in_exec, UsageError) and message in str(result.error_in_exec)


def test_flow_debug_reports_and_unload_switches_it_off(ip, capsys):
    ip.run_cell("%flow_debug nan on").raise_error()
    assert _engine.check_numerics() is True
    ip.run_cell("%flow_debug").raise_error()
    assert capsys.readouterr().out.splitlines()[-1].startswith("NaN/Inf checking of every run is on")
    ip.extension_manager.unload_extension("jupyter_flow")
    assert _engine.check_numerics() is False
