"""tf.train.write_graph: the GraphDef as TF's text or binary protobuf, logdir created as needed."""
import os

import jupyter_flow as tf
from jupyter_flow.summary.protos import GraphDef


def _graph():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0], [2.0]], name="w")
    return tf.matmul(x, w, name="y")


def test_text_graph_is_tf_text_format_without_output_shapes(tmp_path):
    _graph()
    path = tf.train.write_graph(tf.get_default_graph(), str(tmp_path / "sub"), "g.pbtxt")
    assert path == str(tmp_path / "sub" / "g.pbtxt")
    text = open(path).read()
    # TF 1.x / 2.x write the same text for the placeholder node
    assert text.startswith('node {\n  name: "x"\n  op: "Placeholder"\n  attr {\n    key: "dtype"\n    value {\n'
                           '      type: DT_FLOAT\n    }\n  }\n  attr {\n    key: "shape"\n    value {\n      shape {\n'
                           '        dim {\n          size: -1\n        }\n        dim {\n          size: 2\n')
    assert "_output_shapes" not in text


def test_binary_graph_parses_back_to_the_same_nodes(tmp_path):
    _graph()
    path = tf.io.write_graph(tf.get_default_graph(), str(tmp_path), "g.pb", as_text=False)
    graph_def = GraphDef()
    graph_def.ParseFromString(open(path, "rb").read())
    names = [n.name for n in graph_def.node]
    assert names[0] == "x" and "w" in names and names[-1] == "y"
    y = next(n for n in graph_def.node if n.name == "y")
    assert (y.op, list(y.input)) == ("MatMul", ["x", "w/read"])
    assert sorted(y.attr) == ["T", "grad_a", "grad_b", "transpose_a", "transpose_b"]  # TF1's NodeDef, importable by TF


def test_written_graph_imports_back_and_runs(tmp_path):
    _graph()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        frozen = tf.graph_util.convert_variables_to_constants(sess, sess.graph_def, ["y"])
    path = tf.train.write_graph(frozen, str(tmp_path), "frozen.pb", as_text=False)
    graph_def = tf.GraphDef()
    graph_def.ParseFromString(open(path, "rb").read())
    with tf.Graph().as_default():
        y, = tf.import_graph_def(graph_def, return_elements=["y:0"], name="")
        with tf.Session() as sess:
            assert sess.run(y, {"x:0": [[1.0, 1.0]]}).tolist() == [[3.0]]


def test_a_graph_def_is_written_as_given(tmp_path):
    graph_def = GraphDef()
    graph_def.node.add(name="c", op="Const")
    path = tf.train.write_graph(graph_def, str(tmp_path), "c.pbtxt")
    assert open(path).read() == 'node {\n  name: "c"\n  op: "Const"\n}\n'
    assert os.path.getsize(tf.train.write_graph(graph_def, str(tmp_path), "c.pb", as_text=False)) > 0
