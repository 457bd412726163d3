"""export_meta_graph / import_meta_graph: the graph rebuilt without the code that built it."""
import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.train.meta_graph import MetaGraphDef


def _rich_graph():
    """Ops with every kind of attribute: dtypes, shapes with unknown dims, arrays (numeric and
    string), tuples/lists/None, floats, seeds, control inputs, gradients."""
    X = tf.placeholder(tf.float32, shape=(None, 3), name="X")
    y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
    theta = tf.Variable(tf.random_uniform([3, 1], -1.0, 1.0, seed=42), name="theta")
    bias = tf.Variable(np.array([0.5], np.float32), name="bias")
    with tf.name_scope("loss"):
        error = tf.matmul(X, theta) + bias - y
        mse = tf.reduce_mean(tf.square(error), name="mse")
    grads = tf.gradients(mse, [theta, bias])
    training_op = tf.group(tf.assign(theta, theta - 0.01 * grads[0]),
                           tf.assign(bias, bias - 0.01 * grads[1]), name="training_op")
    with tf.control_dependencies([training_op]):
        after = tf.identity(mse, name="mse_after_step")
    tf.constant(["a", "bé"], name="words")
    tf.reduce_sum(tf.cast(X > 0, tf.int32), axis=(0, 1), keepdims=True, name="positives")
    tf.argmax(X, 1, name="argmax")
    tf.Variable(7, name="global_step", trainable=False)
    tf.add_to_collection("train_op", training_op)
    tf.add_to_collection("my_tensors", after)
    tf.add_to_collection("my_values", 3)
    tf.add_to_collection("my_values", "three")
    tf.add_to_collection("my_values", 3.5)
    return X, y


def _feeds():
    rng = np.random.RandomState(0)
    return rng.randn(5, 3).astype(np.float32), rng.randn(5, 1).astype(np.float32)


def _describe(graph):
    out = []
    for op in graph.get_operations():
        attrs = {}
        for k, v in op._attrs.items():
            attrs[k] = (v.dtype.str, v.shape, v.tolist()) if isinstance(v, np.ndarray) else (type(v).__name__, v)
        out.append((op.name, op.type, [t.name for t in op.inputs], [c.name for c in op.control_inputs],
                    repr(attrs), [(t.dtype, t.shape) for t in op.outputs]))
    return out


def test_file_round_trip_rebuilds_every_op_attribute_and_shape(tmp_path):
    _rich_graph()
    before = _describe(tf.get_default_graph())
    tf.train.export_meta_graph(str(tmp_path / "m.meta"))
    tf.reset_default_graph()
    tf.train.import_meta_graph(str(tmp_path / "m.meta"))
    after = _describe(tf.get_default_graph())
    assert sorted(after) == sorted(before)


def test_rebuilt_graph_computes_the_same_values(tmp_path):
    _rich_graph()
    Xv, yv = _feeds()
    g1 = tf.get_default_graph()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        expected = sess.run(["loss/mse:0", "mse_after_step:0", "mse_after_step:0", "positives:0", "argmax:0",
                             "words:0"], {"X:0": Xv, "y:0": yv})
    mg = tf.train.export_meta_graph(graph=g1)
    tf.reset_default_graph()
    tf.train.import_meta_graph(mg)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())  # the same seeded initializers
        got = sess.run(["loss/mse:0", "mse_after_step:0", "mse_after_step:0", "positives:0", "argmax:0",
                        "words:0"], {"X:0": Xv, "y:0": yv})
    for e, g in zip(expected, got):
        np.testing.assert_array_equal(g, e)


def test_collections_are_rebuilt_with_shared_variable_objects(tmp_path):
    _rich_graph()
    tf.train.export_meta_graph(str(tmp_path / "m.meta"))
    tf.reset_default_graph()
    tf.train.import_meta_graph(str(tmp_path / "m.meta"))
    g = tf.get_default_graph()
    global_vars = tf.global_variables()
    assert [v.name for v in global_vars] == ["theta:0", "bias:0", "global_step:0"]
    assert [v.name for v in tf.trainable_variables()] == ["theta:0", "bias:0"]
    assert tf.trainable_variables()[0] is global_vars[0]
    theta = global_vars[0]
    assert isinstance(theta, tf.Variable)
    assert theta.initializer is g.get_operation_by_name("theta/Assign")
    assert theta.value() is g.get_tensor_by_name("theta/read:0")
    assert theta.shape == tf.TensorShape([3, 1]) and theta.dtype == tf.float32
    assert not global_vars[2].trainable
    assert tf.get_collection("train_op") == [g.get_operation_by_name("training_op")]
    assert tf.get_collection("my_tensors") == [g.get_tensor_by_name("mse_after_step:0")]
    assert tf.get_collection("my_values") == [3, "three", 3.5]


def test_objects_that_cannot_be_exported_are_left_out_with_a_warning():
    tf.Variable(1.0, name="v")
    tf.add_to_collection("odd", object())
    with pytest.warns(UserWarning, match="Collection 'odd': object .* cannot be exported"):
        mg = tf.train.export_meta_graph()
    assert mg.collection_def["odd"] == []


def test_imported_names_are_reserved_so_new_ops_get_fresh_names(tmp_path):
    _rich_graph()
    tf.train.export_meta_graph(str(tmp_path / "m.meta"))
    tf.reset_default_graph()
    tf.train.import_meta_graph(str(tmp_path / "m.meta"))
    assert tf.Variable(1.0, name="theta").op.name == "theta_1"
    with tf.name_scope("loss") as scope:
        assert scope == "loss_1/"
    assert tf.constant(1.0, name="X").op.name == "X_1"


def test_import_into_a_graph_with_the_same_names_needs_a_scope(tmp_path):
    tf.Variable(1.0, name="theta")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "m"))
    with pytest.raises(ValueError, match=r"already has operations named \['theta/initial_value', 'theta',"):
        tf.train.import_meta_graph(path + ".meta")


def test_import_scope_prefixes_names_and_saver_restores_into_scoped_variables(tmp_path):
    theta = tf.Variable([[1.0, 2.0]], name="theta")
    tf.multiply(theta, 2.0, name="double")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(theta.initializer)
        path = saver.save(sess, str(tmp_path / "m"))
    imported = tf.train.import_meta_graph(path + ".meta", import_scope="copy")
    g = tf.get_default_graph()
    assert g.get_tensor_by_name("copy/double:0").op.inputs[0].name == "copy/theta/read:0"
    assert repr(imported) == "<tf.train.Saver variables=['theta'] max_to_keep=5>"
    with tf.Session() as sess:
        imported.restore(sess, path)
        np.testing.assert_array_equal(sess.run("copy/double:0"), [[2.0, 4.0]])
        assert "theta" not in sess._initialized_variable_names()  # the original was left alone


def test_imported_saver_keeps_name_mapping_and_max_to_keep(tmp_path):
    theta = tf.Variable([3.0], name="theta")
    saver = tf.train.Saver({"weights": theta}, max_to_keep=2)
    with tf.Session() as sess:
        sess.run(theta.initializer)
        path = saver.save(sess, str(tmp_path / "m"), global_step=1)
    tf.reset_default_graph()
    imported = tf.train.import_meta_graph(path + ".meta")
    assert repr(imported) == "<tf.train.Saver variables=['weights'] max_to_keep=2>"
    with tf.Session() as sess:
        imported.restore(sess, path)
        np.testing.assert_array_equal(sess.run("theta:0"), [3.0])


def test_meta_graph_without_saver_gives_default_saver_or_none():
    tf.Variable(1.0, name="v")
    with_vars = tf.train.export_meta_graph()
    tf.reset_default_graph()
    tf.constant(1.0, name="c")
    without_vars = tf.train.export_meta_graph()
    tf.reset_default_graph()
    assert repr(tf.train.import_meta_graph(with_vars)) == "<tf.train.Saver variables=['v'] max_to_keep=5>"
    tf.reset_default_graph()
    assert tf.train.import_meta_graph(without_vars) is None


def test_unknown_op_type_names_the_op_and_what_to_import():
    mg = MetaGraphDef({}, {"seed": None, "node": [
        {"name": "mystery", "op": "NoSuchOp", "input": [], "attr": {}, "output": []}]}, None, {}, {})
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="op 'mystery' has type 'NoSuchOp', which is not defined in this process"):
        tf.train.import_meta_graph(mg)


def test_malformed_attribute_is_refused_not_evaluated():
    mg = MetaGraphDef({}, {"seed": None, "node": [
        {"name": "c", "op": "Const", "input": [], "attr": {"value": {"__import__": "os"}, "dtype": {"dtype": "int32"}},
         "output": [{"dtype": "int32", "shape": []}]}]}, None, {}, {})
    with pytest.raises(tf.errors.InvalidArgumentError, match="unrecognised attribute value"):
        tf.train.import_meta_graph(mg)


def test_meta_graph_json_is_tf1_shaped(tmp_path):
    tf.Variable([1.0], name="theta")
    tf.train.export_meta_graph(str(tmp_path / "m.meta"))
    data = (tmp_path / "m.meta").read_bytes()
    header = json.loads(data[8:8 + int.from_bytes(data[:8], "little")])
    mg = json.loads(header["__metadata__"]["meta_graph"])
    assert mg["meta_info_def"]["producer"] == "jupyter_flow"
    nodes = {n["name"]: n for n in mg["graph_def"]["node"]}
    assert nodes["theta"]["op"] == "VariableV2"
    assert nodes["theta"]["attr"]["shape"] == {"shape": [1]}
    assert nodes["theta/Assign"]["input"] == ["theta:0", "theta/initial_value:0"]
    assert nodes["theta/initial_value"]["attr"]["value"] == {"tensor": "theta/initial_value:value"}
    assert header["theta/initial_value:value"]["dtype"] == "F32"
    assert mg["collection_def"]["variables"] == [{"variable": {
        "variable_name": "theta:0", "initializer_name": "theta/Assign", "snapshot_name": "theta/read:0",
        "trainable": True}}]


TRAIN = textwrap.dedent("""
    import json, sys
    import numpy as np
    from sklearn.datasets import load_diabetes
    import jupyter_flow as tf

    data = load_diabetes()
    m, n = data.data.shape
    X_data = np.c_[np.ones((m, 1)), data.data].astype(np.float32)
    X = tf.constant(X_data, name="X")
    y = tf.constant(data.target.reshape(-1, 1).astype(np.float32) / 100.0, name="y")
    theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
    y_pred = tf.matmul(X, theta, name="predictions")
    with tf.name_scope("loss"):
        error = y_pred - y
        mse = tf.reduce_mean(tf.square(error), name="mse")
    gradients = 2 / m * tf.matmul(tf.transpose(X), error)
    training_op = tf.assign(theta, theta - 0.5 * gradients, name="training_op")
    global_step = tf.Variable(0, name="global_step", trainable=False)
    increment = tf.assign_add(global_step, 1, name="increment")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(200):
            sess.run([training_op, increment])
        path = saver.save(sess, sys.argv[1], global_step=global_step)
        saved = {"path": path, "theta": theta.eval().ravel().tolist(), "mse": float(mse.eval())}
        for epoch in range(50):
            sess.run(training_op)
        saved["mse_after_50_more"] = float(mse.eval())
    print(json.dumps(saved))
""")

RELOAD = textwrap.dedent("""
    import json, sys
    import jupyter_flow as tf

    ckpt = tf.train.latest_checkpoint(sys.argv[1])
    saver = tf.train.import_meta_graph(ckpt + ".meta")
    graph = tf.get_default_graph()
    theta = graph.get_tensor_by_name("theta:0")
    mse = graph.get_tensor_by_name("loss/mse:0")
    training_op = graph.get_tensor_by_name("training_op:0")
    with tf.Session() as sess:
        saver.restore(sess, ckpt)
        out = {"path": ckpt, "theta": sess.run(theta).ravel().tolist(), "mse": float(sess.run(mse)),
               "global_step": int(sess.run("global_step:0"))}
        for epoch in range(50):
            sess.run(training_op)
        out["mse_after_50_more"] = float(sess.run(mse))
    print(json.dumps(out))
""")


def _python(tmp_path, name, source, *args):
    script = tmp_path / name
    script.write_text(source)
    done = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_model_trained_in_one_process_is_restored_and_evaluated_in_a_fresh_one(tmp_path):
    ckpt_dir = tmp_path / "ckpts"
    ckpt_dir.mkdir()
    trained = _python(tmp_path, "train.py", TRAIN, str(ckpt_dir / "model.ckpt"))
    reloaded = _python(tmp_path, "reload.py", RELOAD, str(ckpt_dir))  # knows no model code
    assert reloaded["path"] == trained["path"] == str(ckpt_dir / "model.ckpt-200")
    assert reloaded["global_step"] == 200
    assert reloaded["theta"] == trained["theta"]
    assert reloaded["mse"] == trained["mse"]
    # Training continues from the checkpoint exactly as it did in the original process.
    np.testing.assert_allclose(reloaded["mse_after_50_more"], trained["mse_after_50_more"], rtol=1e-6)
    assert reloaded["mse_after_50_more"] < reloaded["mse"]


@pytest.mark.parametrize("nodes, collections, message", [
    ([{"name": "a", "op": "Identity", "input": ["b:0"], "attr": {}, "output": []}], {},
     "op 'a' uses 'b', which the meta graph does not define"),
    ([{"name": "a", "input": [], "attr": {}, "output": []}], {}, "node 'a' has no op type"),
    ([{"name": "a", "op": "NoOp", "input": [5], "attr": {}, "output": []}], {}, "inputs must be tensor names"),
    ([], {"variables": [["not", "a", "dict"]]}, "items"),
    ([], {"things": [{"tensor": "missing:0"}]}, "does not exist"),
])
def test_malformed_meta_graphs_raise_clear_errors(nodes, collections, message):
    mg = MetaGraphDef({}, {"seed": None, "node": nodes}, None, collections, {})
    with pytest.raises(tf.errors.InvalidArgumentError, match=f"Cannot import the MetaGraphDef: .*{message}"):
        tf.train.import_meta_graph(mg)


def test_meta_graph_file_with_unparsable_json_is_data_loss(tmp_path):
    from jupyter_flow.train.checkpoint_format import META_GRAPH_KIND, write_tensor_file
    write_tensor_file(tmp_path / "m.meta", {}, {"meta_graph": "{not json"}, META_GRAPH_KIND)
    with pytest.raises(tf.errors.DataLossError, match="Meta graph file .*m.meta is malformed"):
        tf.train.import_meta_graph(str(tmp_path / "m.meta"))
