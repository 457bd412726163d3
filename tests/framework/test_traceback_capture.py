"""op.traceback as TF1 has it (user frames only, outermost first) and the line that made an op."""
import linecache
import os
import traceback

import jupyter_flow as tf
from jupyter_flow.framework.traceback_capture import defining_line


def make_layer(x):
    return tf.matmul(x, tf.ones([3, 2]), name="layer")  # the line that makes the MatMul


def test_traceback_ends_at_the_user_line_without_jupyter_flow_frames():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = make_layer(x)
    frames = y.op.traceback
    filename, lineno, name, line = frames[-1]
    assert os.path.basename(filename) == "test_traceback_capture.py"
    assert (name, line) == ("make_layer", 'return tf.matmul(x, tf.ones([3, 2]), name="layer")  # the line that makes the MatMul')
    assert frames[-2][2:] == ("test_traceback_ends_at_the_user_line_without_jupyter_flow_frames", "y = make_layer(x)")
    assert not [f for f in frames if os.sep + "jupyter_flow" + os.sep in f[0]]
    assert all(isinstance(f, tuple) and len(f) == 4 for f in frames)


def test_outside_a_notebook_the_defining_line_is_the_innermost_user_frame():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    line = defining_line(make_layer(x).op)
    assert line.cell is None and os.path.basename(line.filename) == "test_traceback_capture.py"
    assert str(line).startswith("test_traceback_capture.py, line ")
    assert line.text.startswith("return tf.matmul(x, tf.ones([3, 2])")


def test_a_runtime_error_names_the_line_that_made_the_failing_node():
    x = tf.placeholder(tf.float32, name="x")
    y = tf.reshape(x, [5], name="to_five")
    with tf.Session() as sess:
        try:
            sess.run(y, {x: [1.0, 2.0, 3.0]})
        except tf.errors.InvalidArgumentError as e:
            message = str(e)
        else:
            raise AssertionError("reshaping 3 values into 5 must fail")
    assert "to_five" in message
    assert 'y = tf.reshape(x, [5], name="to_five")' in message and "test_traceback_capture.py, line" in message


_MODULE_SOURCE = '''
import traceback
import jupyter_flow as tf
first = tf.identity(x, name="first"); first_stack = traceback.extract_stack()
second = tf.identity(x, name="second"); second_stack = traceback.extract_stack()
'''


def _run_as_module(x, filename):
    # As a notebook cell runs: module-level code, its source in linecache, called from outside.
    linecache.cache[filename] = (len(_MODULE_SOURCE), None, _MODULE_SOURCE.splitlines(True), filename)
    namespace = {"x": x}
    exec(compile(_MODULE_SOURCE, filename, "exec"), namespace)
    return namespace


def _user_frames_of(summary):
    return [(f.filename, f.lineno, f.name) for f in summary if os.sep + "jupyter_flow" + os.sep not in f.filename]


def test_ops_made_by_module_level_code_keep_every_frame_outside_it():
    # The frames outside a running cell are recorded once and shared by the ops it makes: each
    # op's traceback must still be the whole stack of the line that made it.
    x = tf.placeholder(tf.float32, name="x")
    for filename in ("<cell-a>", "<cell-b>", "<cell-in-cell>"):
        if filename == "<cell-in-cell>":  # module code running module code (exec, import in a cell)
            outer = {"_run_as_module": _run_as_module, "x": x, "filename": filename}
            outer_x = tf.identity(x, name="outer_x")  # made before, from here: must not hide the inner frames
            exec(compile("y = tf.identity(x)\nns = _run_as_module(x, filename)\n", "<outer>", "exec"),
                 dict(outer, tf=tf), outer)
            ns = outer["ns"]
            assert outer_x.op.traceback[-1][2] == "test_ops_made_by_module_level_code_keep_every_frame_outside_it"
        else:
            ns = _run_as_module(x, filename)
        for op_name in ("first", "second"):
            frames = [f[:3] for f in ns[op_name].op.traceback]
            assert frames == _user_frames_of(ns[op_name + "_stack"])
            assert frames[-1][0] == filename and frames[-2][2] == "_run_as_module"
        assert str(defining_line(ns["second"].op)) == 'a notebook cell, line 5: second = tf.identity(x, name="second"); ' \
                                                      'second_stack = traceback.extract_stack()'
    # after the module code has finished, an op made here is not given its outside frames
    here = tf.identity(x, name="here"); here_stack = traceback.extract_stack()  # noqa: E702
    assert [f[:3] for f in here.op.traceback] == _user_frames_of(here_stack)
