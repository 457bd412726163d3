"""A damaged or doctored meta graph is refused, naming the node, at import time; and the engine
itself refuses values whose dtype disagrees with the graph, so no importer can crash it."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import jupyter_flow as tf
from forked_child import run_forked
from jupyter_flow.train import checkpoint_format as cf
from jupyter_flow.train.meta_graph import MetaGraphDef


def _rewrite(path, edit_arrays=None, edit_graph=None):
    """Rewrite a .meta file as a hostile editor would: new arrays or JSON, a fresh checksum."""
    arrays, md = cf.read_tensor_file(path, cf.META_GRAPH_KIND)
    md = {k: v for k, v in md.items() if k not in ("format", "format_version", "sha256")}
    if edit_arrays:
        edit_arrays(arrays)
    if edit_graph:
        mg = json.loads(md["meta_graph"])
        edit_graph(mg)
        md["meta_graph"] = json.dumps(mg)
    with open(path, "wb") as f:
        f.write(cf.encode_tensor_file(arrays, md, cf.META_GRAPH_KIND))


def _evil_meta(tmp_path, n, stored):
    c = tf.constant(np.zeros(n), name="c")
    o = tf.constant(np.zeros(n), name="o")
    tf.add(o, c, name="a")
    path = str(tmp_path / "evil.meta")
    tf.train.export_meta_graph(path)
    _rewrite(path, edit_arrays=lambda arrays: arrays.__setitem__("c:value", stored))
    tf.reset_default_graph()
    return path


def _import_and_run(path):
    tf.train.import_meta_graph(path)
    return tf.Session().run("a:0")


def test_constant_stored_with_another_dtype_is_refused_naming_it_not_a_crash(tmp_path):
    # The reproducer (a bool array under a float64 constant): before, a heap over-read.
    n = 2_000_000
    path = _evil_meta(tmp_path, n, np.zeros(n, np.bool_))
    outcome = run_forked(lambda: _import_and_run(path))
    assert outcome.kind == "raised", outcome
    name, message = outcome.value
    assert name == "InvalidArgumentError"
    assert "constant 'c' is declared float64 but its stored array is bool" in message


def test_constant_stored_with_another_shape_is_refused(tmp_path):
    path = _evil_meta(tmp_path, 10, np.zeros(3))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"constant 'c' is declared with shape \[10\] but its stored array has shape \[3\]"):
        tf.train.import_meta_graph(path)


def test_engine_refuses_a_constant_whose_array_disagrees_with_its_declared_dtype():
    # Past any importer: a Const built directly with a lying dtype is stopped by the engine
    # when the plan is built, before a kernel reads the buffer.
    def run():
        g = tf.get_default_graph()
        c = g.create_op("Const", (), {"value": np.zeros(1000, np.bool_), "dtype": tf.float64}, name="c").outputs[0]
        return tf.Session().run(tf.add(c, tf.constant(np.zeros(1000)), name="a"))
    outcome = run_forked(run)
    assert outcome.kind == "raised", outcome
    assert outcome.value[0] == "InvalidArgumentError"
    assert "constant 'c' holds a bool array but is declared float64" in outcome.value[1]


def test_engine_refuses_an_op_with_fewer_inputs_than_its_kernel_reads():
    def run():
        g = tf.get_default_graph()
        x = tf.constant([1.0, -2.0])
        return tf.Session().run(g.create_op("ReluGrad", [x], name="g").outputs[0])
    outcome = run_forked(run)
    assert outcome.kind == "raised", outcome
    assert outcome.value[0] == "InvalidArgumentError"
    assert "'g' (ReluGrad) reads input 1 but has 1 input(s)" in outcome.value[1]


def _node(name, op="NoOp", inputs=(), attr=None, output=()):
    return {"name": name, "op": op, "input": list(inputs), "attr": attr or {}, "output": list(output)}


_F32 = {"dtype": "float32", "shape": []}
_CONST_ATTR = {"value": {"tensor": "k"}, "dtype": {"dtype": "float32"}}


@pytest.mark.parametrize("nodes, message", [
    ([_node(""), _node("b")], "node 0 has no name"),
    ([_node("a"), _node("a")], "two nodes are named 'a'; node names must be unique"),
    ([_node("a:0")], "node name 'a:0' cannot be used in tensor names"),
    ([_node("a", "Identity", ["a:0"], output=[_F32])], "cycle through op 'a'"),
    ([_node("a", "Identity", ["b:0"], output=[_F32]), _node("b", "Identity", ["a:0"], output=[_F32])], "cycle"),
    ([_node("a", "Identity", ["^a"])], "cycle through op 'a'"),
    ([_node("a", "Identity", ["nowhere:0"], output=[_F32])], "op 'a' uses 'nowhere', which the meta graph does not"),
    ([_node("a", "Identity", ["^nowhere"])], "control input 'nowhere', which the meta graph does not define"),
    ([_node("c", "Const", attr=_CONST_ATTR, output=[_F32]), _node("a", "Identity", ["c:3"], output=[_F32])],
     r"op 'a' reads c:3, but 'c' has 1 output\(s\)"),
    ([_node("a", "NoSuchOp")], "op 'a' has type 'NoSuchOp', which is not defined in this process"),
    ([_node("c", "Const", attr={"value": {"tensor": "k"}, "dtype": 5}, output=[_F32])],
     "attribute 'dtype' of op 'c' \\(Const\\) must be a dtype, got 5"),
    ([_node("p", "Placeholder", attr={"dtype": {"dtype": "float32"}, "shape": "big"}, output=[_F32])],
     "attribute 'shape' of op 'p' \\(Placeholder\\) must be a shape"),
    ([_node("c", "Const", attr=_CONST_ATTR, output=[_F32]),
      _node("m", "MatMul", ["c:0", "c:0"], {"transpose_a": 1, "transpose_b": False}, [_F32])],
     "attribute 'transpose_a' of op 'm' \\(MatMul\\) must be a boolean, got 1"),
    ([_node("c", "Const", attr=_CONST_ATTR, output=[{"dtype": "qint8", "shape": []}])],
     "output dtype 'qint8' is not a dtype this process knows"),
    ([_node("c", "Const", attr=_CONST_ATTR, output=[{"dtype": "float32", "shape": [-2]}])],
     r"output shape \[-2\] must be null or a list of sizes"),
    ([_node("c", "Const", attr=_CONST_ATTR, output=[{"dtype": "int32", "shape": []}])],
     "constant 'c' of dtype float32 must have one output of that dtype"),
])
def test_malformed_node_is_invalid_argument_naming_it(nodes, message):
    mg = MetaGraphDef({}, {"seed": None, "node": nodes}, None, {}, {"k": np.float32(1.0).reshape(())})
    with pytest.raises(tf.errors.InvalidArgumentError, match=f"Cannot import the MetaGraphDef: .*{message}"):
        tf.train.import_meta_graph(mg)


def test_nodes_listed_after_their_consumers_are_imported_in_dependency_order():
    mg = MetaGraphDef({}, {"seed": None, "node": [
        _node("twice", "AddV2", ["k:0", "k:0"], output=[_F32]),
        _node("k", "Const", attr=_CONST_ATTR, output=[_F32])]}, None, {}, {"k": np.float32(1.5).reshape(())})
    tf.train.import_meta_graph(mg)
    assert tf.Session().run("twice:0") == 3.0


@pytest.mark.parametrize("saver_def, message", [
    (5, "saver_def must be an object with 'var_names', got 5"),
    ({"var_names": {"v": "v"}, "max_to_keep": -1}, "saver_def.max_to_keep must be None or a non-negative integer"),
    ({"var_names": ["v"]}, "saver_def.var_names must map checkpoint keys to variable names"),
])
def test_bad_saver_def_is_invalid_argument(saver_def, message):
    tf.Variable(1.0, name="v")
    mg = tf.train.export_meta_graph()
    mg.saver_def = saver_def
    tf.reset_default_graph()
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        tf.train.import_meta_graph(mg)


def test_random_op_of_unknown_shape_is_refused_at_import_not_at_run_time():
    tf.random_normal([2, 3], seed=1, name="r")
    mg = tf.train.export_meta_graph()
    for node in mg.graph_def["node"]:
        if node["op"] == "RandomNormal":
            node["attr"]["shape"] = {"shape": None}
            node["output"][0]["shape"] = None
    tf.reset_default_graph()
    with pytest.raises(tf.errors.InvalidArgumentError, match="'r' .*RandomNormal.*fully defined shape"):
        tf.train.import_meta_graph(mg)


def test_mutated_meta_graphs_never_crash_the_process():
    # Fixed seed, bounded count: each mutant is imported and run in its own forked child
    # (meta_graph_mutations.py); a signal or a hang is a crash, an exception a refusal.
    script = os.path.join(os.path.dirname(__file__), "meta_graph_mutations.py")
    out = subprocess.run([sys.executable, script, "12", "200"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["crashes"] == []
    # The mutants reach both the importer's refusals and the engine (some import and run).
    assert report["outcomes"].get("imported", 0) > 5
    assert report["outcomes"].get("refused:InvalidArgumentError", 0) > 50


def test_ops_with_run_time_shapes_and_perms_survive_a_round_trip(tmp_path):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    tf.random_normal(tf.shape(x), mean=tf.constant(1.0), stddev=0.0, name="noise")
    tf.transpose(x, tf.placeholder_with_default([1, 0], [2]), name="xt")
    tf.train.export_meta_graph(str(tmp_path / "m.meta"))
    tf.reset_default_graph()
    tf.train.import_meta_graph(str(tmp_path / "m.meta"))
    value = np.arange(6, dtype=np.float32).reshape(2, 3)
    with tf.Session() as sess:
        noise, xt = sess.run(["noise:0", "xt:0"], {"x:0": value})
    np.testing.assert_array_equal(noise, np.ones((2, 3), np.float32))
    np.testing.assert_array_equal(xt, value.T)
