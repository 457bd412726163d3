"""Graph.as_graph_def(): TF1's GraphDef protobuf, node by node as tensorflow.compat.v1 (TF 2.21) writes it."""
import numpy as np

import jupyter_flow as tf


def _structure(graph_def):
    return [(n.name, n.op, list(n.input), sorted(n.attr)) for n in graph_def.node]


def test_chapter_graph_def_matches_tf1_names_ops_inputs_and_attr_keys():
    g = tf.Graph()
    with g.as_default():
        x = tf.Variable(3, name="x")
        y = tf.Variable(4, name="y")
        f = x * x * y + y + 2  # noqa: F841
        X = tf.placeholder(tf.float32, (None, 2), name="X")
        tf.reduce_mean(tf.matmul(tf.transpose(X), X), axis=0, name="m")
    assign = ["T", "_class", "use_locking", "validate_shape"]
    variable = ["container", "dtype", "shape", "shared_name"]
    assert _structure(g.as_graph_def()) == [
        ("x/initial_value", "Const", [], ["dtype", "value"]),
        ("x", "VariableV2", [], variable),
        ("x/Assign", "Assign", ["x", "x/initial_value"], assign),
        ("x/read", "Identity", ["x"], ["T", "_class"]),
        ("y/initial_value", "Const", [], ["dtype", "value"]),
        ("y", "VariableV2", [], variable),
        ("y/Assign", "Assign", ["y", "y/initial_value"], assign),
        ("y/read", "Identity", ["y"], ["T", "_class"]),
        ("mul", "Mul", ["x/read", "x/read"], ["T"]),
        ("mul_1", "Mul", ["mul", "y/read"], ["T"]),
        ("add", "AddV2", ["mul_1", "y/read"], ["T"]),
        ("add_1/y", "Const", [], ["dtype", "value"]),
        ("add_1", "AddV2", ["add", "add_1/y"], ["T"]),
        ("X_1", "Placeholder", [], ["dtype", "shape"]),
        ("transpose/perm", "Const", [], ["dtype", "value"]),
        ("transpose", "Transpose", ["X_1", "transpose/perm"], ["T", "Tperm"]),
        ("MatMul", "MatMul", ["transpose", "X_1"], ["T", "grad_a", "grad_b", "transpose_a", "transpose_b"]),
        ("m/reduction_indices", "Const", [], ["dtype", "value"]),
        ("m", "Mean", ["MatMul", "m/reduction_indices"], ["T", "Tidx", "keep_dims"]),
    ]


def test_attr_values_are_tf1_typed():
    g = tf.Graph()
    with g.as_default():
        X = tf.placeholder(tf.float32, (None, 3), name="X")
        w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2), name="w")
        tf.matmul(X, w, transpose_b=False, name="out")
    nodes = {n.name: n for n in g.as_graph_def().node}
    assert nodes["X"].attr["dtype"].type == 1  # DT_FLOAT
    assert [d.size for d in nodes["X"].attr["shape"].shape.dim] == [-1, 3]
    value = nodes["w/initial_value"].attr["value"].tensor
    assert np.frombuffer(value.tensor_content, np.float32).tolist() == [0, 1, 2, 3, 4, 5]
    assert nodes["w"].attr["shared_name"].s == b""
    assert list(nodes["w/read"].attr["_class"].list.s) == [b"loc:@w"]
    assert nodes["out"].attr["T"].type == 1 and nodes["out"].attr["transpose_a"].b is False
    assert nodes["w/Assign"].attr["T"].type == 1  # the variable's value type, not its ref type


def test_serialized_graph_def_round_trips_and_add_shapes():
    g = tf.Graph()
    with g.as_default():
        tf.nn.relu(tf.placeholder(tf.float32, (2, 5), name="a"), name="r")
    graph_def = g.as_graph_def(add_shapes=True)
    parsed = tf.GraphDef()
    parsed.ParseFromString(graph_def.SerializeToString())
    assert parsed == graph_def
    assert [d.size for d in parsed.node[1].attr["_output_shapes"].list.shape[0].dim] == [2, 5]
    assert "_output_shapes" not in g.as_graph_def().node[1].attr


def test_from_version_keeps_only_later_ops():
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0, name="early")
        version = g.version
        tf.constant(2.0, name="late")
    assert [n.name for n in g.as_graph_def(from_version=version).node] == ["late"]


def test_ops_whose_dtype_attrs_come_from_other_inputs_carry_them():
    # TF 2.21's compat.v1 refuses a NodeDef without these attributes ("NodeDef missing attr"); a frozen CNN
    # classifier written by us was imported and run by it with the same outputs once they were added.
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (None, 4), name="x")
        labels = tf.placeholder(tf.int64, (None,), name="labels")
        tf.placeholder_with_default(1.0, (), name="kp")
        tf.gather(x, [0], axis=1, name="gathered")
        tf.one_hot(labels, 4, name="hot")
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=x, name="xent")
        tf.strided_slice(x, [0, 1], [-1, 3], name="sliced")
        tf.where(x > 0, x, tf.zeros_like(x), name="relu_by_hand")
        tf.nn.sigmoid_cross_entropy_with_logits(labels=x, logits=x, name="sig")
    nodes = {n.name: n for n in g.as_graph_def().node}
    assert nodes["kp"].attr["dtype"].type == 1
    assert list(nodes["gathered"].input) == ["x", "gathered/indices", "gathered/axis"]
    assert (nodes["gathered"].attr["Tparams"].type, nodes["gathered"].attr["Tindices"].type) == (1, 3)
    assert (nodes["hot"].attr["T"].type, nodes["hot"].attr["TI"].type) == (1, 9)  # float32 output, int64 indices
    assert nodes["xent/xent"].attr["Tlabels"].type == 9
    assert nodes["sliced"].attr["Index"].type == 3
    assert (nodes["relu_by_hand"].op, nodes["relu_by_hand"].attr["T"].type) == ("SelectV2", 1)
    assert nodes["sig"].op == "AddV2" and nodes["sig/Log1p"].op == "Log1p"  # TF1's stable composition
