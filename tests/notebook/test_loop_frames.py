"""The graph view draws a tf.while_loop as one frame: the scope holding the While op is marked
as a loop (its `loop` field names the op) and holds the whole body."""
import jupyter_flow as tf
from jupyter_flow.notebook.graph_structure import check_document, graph_structure
from jupyter_flow.notebook.graph_view import graph_document


def _groups():
    structure = graph_structure(check_document(graph_document()))
    return structure, {g["id"]: g for g in structure["groups"]}


def _ops_under(groups, unit):
    if unit.startswith("op:"):
        return [unit[3:]]
    return [op for child in groups[unit]["children"] for op in _ops_under(groups, child)]


def test_while_loop_is_one_marked_frame_holding_its_body():
    with tf.Graph().as_default():
        tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * 2.0), (0, 1.0), name="doubling")
        structure, groups = _groups()
    assert structure["roots"] == ["scope:doubling"]
    frame = groups["scope:doubling"]
    assert frame["loop"] == "doubling/Exit"
    assert frame["label"] == "doubling (loop)"
    assert sorted(_ops_under(groups, "scope:doubling")) == [
        "doubling/Const", "doubling/Const_1", "doubling/Exit", "doubling/Identity", "doubling/Identity_1",
        "doubling/Less", "doubling/Less/y", "doubling/add", "doubling/add/y", "doubling/mul", "doubling/mul/y"]


def test_dynamic_rnn_loop_frame_sits_in_the_rnn_scope_and_plain_scopes_stay_unmarked():
    with tf.Graph().as_default():
        X = tf.placeholder(tf.float32, [None, 5, 3], name="X")
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(4), X, dtype=tf.float32)
        _, groups = _groups()
    frame = groups["scope:rnn/while"]
    assert frame["loop"] == "rnn/while/Exit" and frame["label"] == "while (loop)"
    assert "scope:rnn/while/basic_rnn_cell" in frame["children"]
    assert "loop" not in groups["scope:rnn"] and groups["scope:rnn"]["label"] == "rnn"
