"""tf.import_graph_def and tf.graph_util: freezing a trained graph and running it back, ours and TF-written."""
import os

import numpy as np
import pytest

import jupyter_flow as tf

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


def _read_graph_def(path):
    graph_def = tf.GraphDef()
    with open(path, "rb") as f:
        graph_def.ParseFromString(f.read())
    return graph_def


def test_tf_frozen_graph_imports_and_gives_tf_outputs():
    expected = np.load(os.path.join(FIXTURES, "frozen_mlp_expected.npz"))
    with tf.Graph().as_default() as g:
        probs, score = tf.import_graph_def(_read_graph_def(os.path.join(FIXTURES, "frozen_mlp.pb")),
                                           return_elements=["probs:0", "score:0"])
        assert probs.name == "import/probs:0" and g.get_operation_by_name("import/W").type == "Const"
        with tf.Session() as sess:
            p, s = sess.run([probs, score], {"import/X:0": expected["x"]})
    np.testing.assert_allclose(p, expected["probs"], rtol=1e-6)
    np.testing.assert_allclose(s, expected["score"], rtol=1e-6)


def test_freeze_write_read_import_round_trip_gives_same_outputs(tmp_path):
    rng = np.random.RandomState(0)
    xs = rng.randn(16, 3).astype(np.float32)
    ys = xs @ np.array([[1.0], [-2.0], [0.5]], np.float32)
    with tf.Graph().as_default() as g:
        X = tf.placeholder(tf.float32, (None, 3), name="X")
        y = tf.placeholder(tf.float32, (None, 1), name="y")
        theta = tf.Variable(tf.zeros([3, 1]), name="theta")
        pred = tf.identity(tf.nn.tanh(tf.matmul(X, theta)), name="pred")
        loss = tf.reduce_mean(tf.square(pred - y))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(5):
                sess.run(train, {X: xs, y: ys})
            trained = sess.run(pred, {X: xs})
            frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["pred"])
    assert {n.op for n in frozen.node} == {"Placeholder", "Const", "Identity", "MatMul", "Tanh"}
    assert [n.name for n in frozen.node if n.op == "Const"] == ["theta"]
    tf.io.write_graph(frozen, str(tmp_path), "frozen.pb", as_text=False)
    with tf.Graph().as_default():
        out, = tf.import_graph_def(_read_graph_def(str(tmp_path / "frozen.pb")), return_elements=["pred:0"], name="")
        with tf.Session() as sess:
            np.testing.assert_array_equal(sess.run(out, {"X:0": xs}), trained)
    assert not np.allclose(trained, 0)


def test_input_map_replaces_a_tensor_and_names_get_the_prefix():
    with tf.Graph().as_default() as g:
        a = tf.placeholder(tf.float32, (), name="a")
        tf.multiply(a, 3.0, name="triple")
    with tf.Graph().as_default() as g2:
        five = tf.constant(5.0)
        triple, op = tf.import_graph_def(g.as_graph_def(), input_map={"a:0": five}, return_elements=["triple:0", "triple"],
                                         name="net")
        assert op.name == "net/triple" and triple.op is op
        with tf.Session() as sess:
            assert sess.run(triple) == 15.0
        assert [o.name for o in g2.get_operations()] == ["Const", "net/a", "net/triple/y", "net/triple"]


def test_unknown_op_type_error_names_the_node_and_type():
    graph_def = tf.GraphDef()
    graph_def.node.add(name="weird", op="NoSuchOpAnywhere")
    with tf.Graph().as_default(), pytest.raises(ValueError, match="'weird' has op type 'NoSuchOpAnywhere'"):
        tf.import_graph_def(graph_def)


def test_extract_sub_graph_and_remove_training_nodes():
    with tf.Graph().as_default() as g:
        a = tf.placeholder(tf.float32, (2,), name="a")
        b = tf.identity(a, name="b")
        tf.negative(b, name="c")
        tf.square(a, name="unused")
    sub = tf.graph_util.extract_sub_graph(g.as_graph_def(), ["c"])
    assert [n.name for n in sub.node] == ["a", "b", "c"]
    pruned = tf.graph_util.remove_training_nodes(sub)
    assert [(n.name, list(n.input)) for n in pruned.node] == [("a", []), ("c", ["a"])]
    with pytest.raises(AssertionError, match="missing is not in graph"):
        tf.graph_util.extract_sub_graph(sub, ["missing"])
    assert tf.graph_util.tensor_shape_from_node_def_name(g, "a").as_list() == [2]


def test_export_then_import_keeps_every_op_s_values():
    rng = np.random.RandomState(0)
    xv = rng.randn(2, 4, 4, 3).astype(np.float32)
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, (2, 4, 4, 3), name="x")
        outs = [tf.reshape(x, [-1, 48]), tf.cast(x, tf.int32), tf.shape(x), tf.transpose(x, [0, 2, 1, 3]),
                tf.concat([x, x], 3), tf.argmax(x, 1), tf.nn.conv2d(x, tf.ones([2, 2, 3, 5]), [1, 1, 1, 1], "SAME"),
                tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"), tf.nn.bias_add(x, tf.ones([3])),
                tf.nn.softmax(x), tf.stack([x, x]), tf.add_n([x, x]), tf.reduce_sum(x, axis=[1, 2], keepdims=True),
                tf.reduce_max(x), tf.fill([2], 1.0), tf.tile(x, [1, 1, 1, 2]), tf.expand_dims(x, 0),
                tf.squeeze(x[:, :1]), tf.unstack(x)[1], tf.split(x, 3, axis=3)[2], tf.one_hot([1, 2], 3)]
        with tf.Session() as sess:
            expected = sess.run(outs, {x: xv})
    with tf.Graph().as_default():
        imported = tf.import_graph_def(g.as_graph_def(), return_elements=[t.name for t in outs], name="copy")
        with tf.Session() as sess:
            got = sess.run(imported, {"copy/x:0": xv})
    for tensor, want, have in zip(outs, expected, got):
        np.testing.assert_array_equal(have, want, err_msg=tensor.name)


def test_freeze_tutorial_pattern_with_sess_graph_def_and_tensorflow_python_graph_util():
    import jupyter_flow.tensorflow_alias as alias
    alias.install_as_tensorflow(force=True)
    try:
        from tensorflow.python.framework import graph_util
    finally:
        alias.uninstall_tensorflow_alias()
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (None, 2), name="x")
        w = tf.Variable([[2.0], [3.0]], name="w")
        tf.identity(tf.matmul(x, w), name="out")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = graph_util.convert_variables_to_constants(sess, sess.graph_def, ["out"])
    assert "VariableV2" not in {n.op for n in frozen.node}
    with tf.Graph().as_default():
        out, = tf.import_graph_def(frozen, return_elements=["out:0"], name="")
        with tf.Session() as sess:
            np.testing.assert_array_equal(sess.run(out, {"x:0": [[1.0, 1.0]]}), [[5.0]])
