"""Errors show the learner's code, not ours: no error carries a chained exception from our
internals, and with the extension loaded the tracebacks IPython shows end at the learner's line
(`%xmode Verbose` or JUPYTER_FLOW_SHOW_INTERNAL_FRAMES=1 bring our frames back)."""
import os
import re

import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.notebook.tracebacks import PACKAGE_DIR, SHOW_ENV, without_internal_frames
from test_magics import cell, failing_cell, ip  # noqa: F401 - the shell fixture

ANSI = re.compile(r"\x1b\[[0-9;]*m")
COMMON_ERRORS = {
    "uninitialized": ("v = tf.Variable(1.0, name='v')\nsess = tf.Session()\nsess.run(v)",
                      "FailedPreconditionError", "Attempting to use uninitialized value v"),
    "missing_feed": ("p = tf.placeholder(tf.float32, [2], name='p')\nsess = tf.Session()\nsess.run(p * 2)",
                     "InvalidArgumentError", "You must feed a value for placeholder tensor 'p'"),
    "feed_shape": ("p = tf.placeholder(tf.float32, [2], name='p')\nsess = tf.Session()\n"
                   "sess.run(p * 2, {p: np.zeros(3)})", "ValueError", "Cannot feed value of shape (3,)"),
    "matmul": ("tf.matmul(tf.zeros([2, 3]), tf.zeros([2, 3]))", "ValueError", "Dimensions must be equal"),
    "eval_feed": ("p = tf.placeholder(tf.float32, [2], name='p')\nwith tf.Session():\n    (p * 2).eval()",
                  "InvalidArgumentError", "You must feed a value for placeholder tensor 'p'"),
}


def _chain(exc):
    """The exceptions chained to `exc` (explicitly or implicitly), as Python would print them."""
    out = []
    while True:
        nxt = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
        if nxt is None:
            return out
        out.append(nxt)
        exc = nxt


def _raised(fn):
    with pytest.raises(Exception) as info:
        fn()
    return info.value


def _stale_graph():
    from jupyter_flow.notebook.cells import CellRef, CellTracker
    tracker = CellTracker(tf.get_default_graph())

    def run_cell(key, body):
        run = tracker.begin(CellRef(key))
        out = body()
        tracker.commit(run)
        return out
    x = run_cell("producer", lambda: tf.constant(3.0, name="x"))
    y = run_cell("consumer", lambda: tf.square(x, name="y"))
    run_cell("producer", lambda: tf.constant([1.0, 2.0], name="x"))
    return y


@pytest.mark.parametrize("name", sorted(COMMON_ERRORS))
def test_common_errors_chain_no_internal_exception(name):
    source, ename, message = COMMON_ERRORS[name]
    namespace = {"tf": tf, "np": np}
    exc = _raised(lambda: exec(source, namespace))
    assert type(exc).__name__ == ename and message in str(exc)
    assert _chain(exc) == []


def test_first_run_errors_raised_while_building_a_plan_chain_nothing():
    # Built on a plan-cache miss: before, each carried the cache's KeyError as its context.
    y = _stale_graph()
    stale = _raised(lambda: tf.Session().run(y))
    assert isinstance(stale, tf.errors.FailedPreconditionError) and "is stale" in str(stale)
    assert _chain(stale) == []
    tf.reset_default_graph()
    bad_fetch = _raised(lambda: tf.Session().run(3))
    assert isinstance(bad_fetch, TypeError) and _chain(bad_fetch) == []
    missing = _raised(lambda: tf.Session().run("nowhere:0"))
    assert isinstance(missing, ValueError) and _chain(missing) == []


def test_saver_and_meta_graph_errors_chain_nothing(tmp_path):
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    sess = tf.Session()
    for exc in (_raised(lambda: saver.save(sess, str(tmp_path / "m"))),
                _raised(lambda: saver.restore(sess, str(tmp_path / "nowhere"))),
                _raised(lambda: tf.train.import_meta_graph(str(tmp_path / "nowhere.meta")))):
        assert _chain(exc) == [], exc
    sess.run(v.initializer)
    path = saver.save(sess, str(tmp_path / "m"))
    tf.reset_default_graph()
    tf.Variable([1.0, 2.0], name="v")
    wrong_shape = _raised(lambda: tf.train.Saver().restore(tf.Session(), path))
    assert isinstance(wrong_shape, tf.errors.InvalidArgumentError) and _chain(wrong_shape) == []


def test_graph_cell_errors_chain_nothing(ip):  # noqa: F811
    cell(ip, "%%graph producer\nx = tf.constant(3.0, name='x')")
    cell(ip, "%%graph consumer\ny = tf.square(x, name='y')")
    cell(ip, "%%graph producer\nx = tf.constant([1.0, 2.0], name='x')")
    stale = failing_cell(ip, "y.eval()")
    assert isinstance(stale, tf.errors.FailedPreconditionError) and _chain(stale) == []
    inside = failing_cell(ip, "%%graph broken\nz = tf.matmul(tf.zeros([2, 3]), tf.zeros([2, 3]))")
    assert isinstance(inside, ValueError) and _chain(inside) == []


def _shown_frames(ip, exc):  # noqa: F811
    """The file names of the frames IPython would show for `exc`, innermost last."""
    text = ANSI.sub("", "\n".join(ip.InteractiveTB.structured_traceback(type(exc), exc, exc.__traceback__,
                                                                         tb_offset=1)))
    return re.findall(r"^(?:File (\S+?):\d+|Cell (In ?\[\d+\]), line \d+)", text, re.M), text


def _internal(frames):
    return [f for f, _ in frames if f.startswith(PACKAGE_DIR)]


@pytest.mark.parametrize("name", sorted(COMMON_ERRORS))
def test_ipython_traceback_ends_at_the_learners_line(ip, name):  # noqa: F811
    source, ename, message = COMMON_ERRORS[name]
    ip.user_ns["np"] = np
    exc = failing_cell(ip, source)
    assert type(exc).__name__ == ename
    frames, text = _shown_frames(ip, exc)
    assert _internal(frames) == [], text
    assert frames and frames[-1][1].startswith("In"), text  # the last frame shown is the learner's cell
    assert message in text


def test_verbose_mode_and_the_environment_switch_show_internal_frames(ip, monkeypatch):  # noqa: F811
    source = COMMON_ERRORS["matmul"][0]
    ip.run_cell("%xmode Verbose")
    try:
        frames, text = _shown_frames(ip, failing_cell(ip, source))
        assert _internal(frames), text
    finally:
        ip.run_cell("%xmode Context")
    monkeypatch.setenv(SHOW_ENV, "1")
    frames, text = _shown_frames(ip, failing_cell(ip, source))
    assert _internal(frames), text
    monkeypatch.delenv(SHOW_ENV)
    frames, _ = _shown_frames(ip, failing_cell(ip, source))
    assert _internal(frames) == []


def test_unloading_the_extension_restores_ipythons_tracebacks(ip):  # noqa: F811
    ip.extension_manager.unload_extension("jupyter_flow")
    assert "structured_traceback" not in ip.InteractiveTB.__dict__
    ip.extension_manager.load_extension("jupyter_flow")
    assert "structured_traceback" in ip.InteractiveTB.__dict__


def test_an_error_raised_only_inside_jupyter_flow_keeps_its_innermost_frame():
    try:
        tf.matmul(tf.zeros([2, 3]), tf.zeros([2, 3]))
    except ValueError as e:
        tb = e.__traceback__.tb_next  # (without this test's own frame: all internal)
    kept = without_internal_frames(tb)
    assert kept is not None and kept.tb_next is None
    assert kept.tb_frame.f_code.co_filename.startswith(PACKAGE_DIR)
    assert os.path.basename(kept.tb_frame.f_code.co_filename) == "graph.py"
