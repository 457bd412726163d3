"""What every op gets when it is created, whichever path made it (create_op, or the `x + 1.0`
fast path), and how new ops reach the engine."""
import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.framework import graph as graph_module


def _add_python_number(fast):
    """`x + 1.0` (the fast path) or tf.add(x, 1.0, name='add') (name_scope + convert_to_tensor +
    create_op), inside a cell edit, a name scope and a control_dependencies block."""
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (None, 2), name="x")
        gate = tf.no_op(name="gate")
        with g.edit(cell="cell 7"), tf.control_dependencies([gate]), tf.name_scope("scope"):
            y = x + 1.0 if fast else tf.add(x, 1.0, name="add")
    return g, y


def _described(g):
    out = []
    for op in g.get_operations():
        attrs = {k: (v.tolist(), v.dtype.name) if isinstance(v, np.ndarray) else v for k, v in op.node_def_attrs().items()}
        out.append((op.name, op.type, [t.name for t in op.inputs], [c.name for c in op.control_inputs], attrs,
                    op.cell, [(str(t.shape), t.dtype) for t in op.outputs], op.traceback[-1][2]))
    return out


def test_a_python_number_operand_makes_the_ops_of_the_general_path():
    fast_graph, fast = _add_python_number(True)
    general_graph, general = _add_python_number(False)
    assert _described(fast_graph) == _described(general_graph)
    names = [d[:4] for d in _described(fast_graph)]
    assert names[2:] == [("scope/add/y", "Const", [], ["gate"]), ("scope/add", "Add", ["x:0", "scope/add/y:0"], ["gate"])]
    assert fast.op.cell == "cell 7" and fast.op.inputs[1].op.cell == "cell 7"
    assert fast.op.traceback[-1][2] == "_add_python_number"
    with tf.Session(graph=fast_graph) as sess:
        np.testing.assert_array_equal(sess.run(fast, {"x:0": [[1.0, 2.0]]}), [[2.0, 3.0]])


def test_a_python_number_operand_takes_the_next_free_names():
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, name="x")
        tf.constant(0.0, name="add/y")  # taken: the next Const is add/y_1, as TF1's unique_name gives
        y = x + 1.0
        z = 2.0 * x
    assert [op.name for op in g.get_operations()] == ["x", "add/y", "add/y_1", "add", "mul/x", "mul"]
    assert y.op.inputs[1].op.name == "add/y_1" and z.op.inputs[0].op.name == "mul/x"


def test_an_op_on_a_removed_input_is_refused_on_both_paths():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, name="x")
        g._remove_ops([x.op])
        for build in (lambda: x + 1.0, lambda: x + x):
            with pytest.raises(ValueError, match="Tensor 'x:0' was removed from the graph"):
                build()
    assert g.get_operations() == []


def test_a_shape_error_names_the_op_and_takes_its_name():
    with tf.Graph().as_default() as g:
        a = tf.placeholder(tf.float32, (2, 3), name="a")
        b = tf.placeholder(tf.float32, (4, 3), name="b")
        with pytest.raises(ValueError, match=r"Dimensions must be equal, but are 2 and 4 for 'add' \(op: 'Add'\) "
                                             r"with input shapes: \[2,3\], \[4,3\]"):
            a + b
        assert (a + a).op.name == "add_1"  # as TF1: the failed op's name stays taken


def test_a_graph_larger_than_one_engine_batch_runs_and_a_bad_op_in_a_later_batch_stays_alone():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, name="x")
        z = x
        for _ in range(graph_module._FLUSH_BATCH + 10):
            z = z * 1.0
        bad = g.create_op("Identity", (z,), {"junk": {"not": "an attr"}}, "bad").outputs[0]
        for _ in range(graph_module._FLUSH_BATCH):
            z = z + 1.0
        with tf.Session() as sess:
            assert sess.run(z, {x: 1.0}) == 1.0 + graph_module._FLUSH_BATCH
            with pytest.raises(tf.errors.FailedPreconditionError, match="op 'bad' \\(Identity\\) could not be sent"):
                sess.run(bad, {x: 1.0})


def test_unique_names_skip_taken_suffixes_and_ignore_case_as_tf1():
    with tf.Graph().as_default() as g:
        for name in ("x_1", "x", "x", "X", "x_2", "x"):
            tf.constant(0, name=name)
    assert [op.name for op in g.get_operations()] == ["x_1", "x", "x_2", "X_3", "x_2_1", "x_4"]


def test_constants_of_python_numbers_keep_their_value_sign_and_dtype():
    with tf.Graph().as_default():
        x32 = tf.placeholder(tf.float32, name="x32")
        x64 = tf.placeholder(tf.float64, name="x64")
        ops = [x32 * 0.5, x32 * 0.5, x64 * 0.5, x32 * 0.0, x32 * -0.0, x32 * 2, 1.0 / x32, x32 * float("nan")]
        values = [t.op.inputs[1 if t.op.inputs[0].op.type != "Const" else 0].op.get_attr("value") for t in ops]
        assert [(v.dtype.name, float(v)) for v in values[:3]] == [("float32", 0.5), ("float32", 0.5), ("float64", 0.5)]
        assert np.signbit(values[3]) == np.False_ and np.signbit(values[4]) == np.True_
        assert (values[5].dtype.name, float(values[5]), float(values[6])) == ("float32", 2.0, 1.0) and np.isnan(values[7])
        with pytest.raises(ValueError, match="read-only"):
            values[0][()] = 3.0  # one array may serve several ops: none can change another's value
        with tf.Session() as sess:
            out = sess.run(ops[:7], {x32: 4.0, x64: 4.0})
    np.testing.assert_array_equal(out, [2.0, 2.0, 2.0, 0.0, -0.0, 8.0, 0.25])
    assert np.signbit(out[4])


def test_an_operator_on_tensors_of_another_graph_builds_in_their_graph():
    # TF1 enters the inputs' graph (name_scope with values), whatever the default graph is.
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name="a")
        b = tf.constant(2.0, name="b")
    c, d = a + b, tf.multiply(a, b)
    assert c.graph is g and d.graph is g and tf.get_default_graph() is not g
    assert (c.op.name, d.op.name) == ("add", "Mul")
    assert not tf.get_default_graph().get_operations()


def test_reflected_operators_keep_the_operand_order():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, (2, 2), name="x")
        v = tf.Variable(np.eye(2, dtype=np.float32), name="v")
        m = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
        made = {"1.0 - x": 1.0 - x, "2.0 / x": 2.0 / x, "m @ v": m @ v, "v @ x": v @ x, "3.0 ** x": 3.0 ** x,
                "-v": -v, "1.0 + v": 1.0 + v}
        assert [[i.name for i in made[k].op.inputs] for k in ("1.0 - x", "2.0 / x", "3.0 ** x")] == [
            ["sub/x:0", "x:0"], ["truediv/x:0", "x:0"], ["pow/x:0", "x:0"]]
        assert made["m @ v"].op.type == "MatMul" and made["m @ v"].op.inputs[1].name == "v/read:0"
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            xv = np.array([[1.0, 2.0], [4.0, 8.0]], np.float32)
            out = sess.run(made, {x: xv})
    np.testing.assert_allclose(out["1.0 - x"], 1.0 - xv)
    np.testing.assert_allclose(out["2.0 / x"], 2.0 / xv)
    np.testing.assert_allclose(out["m @ v"], m)
    np.testing.assert_allclose(out["v @ x"], xv)
    np.testing.assert_allclose(out["3.0 ** x"], 3.0 ** xv, rtol=1e-6)
    np.testing.assert_allclose(out["-v"], -np.eye(2))
    np.testing.assert_allclose(out["1.0 + v"], 1.0 + np.eye(2))
