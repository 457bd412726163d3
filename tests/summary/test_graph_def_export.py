import numpy as np
import pytest

from jupyter_flow.summary.graph_def import to_graph_def
from jupyter_flow.summary.protos import DataType, GraphDef


def nodes_by_name(graph_def):
    return {node.name: node for node in graph_def.node}


def dims(shape_proto):
    return None if shape_proto.unknown_rank else [d.size for d in shape_proto.dim]


def test_nodes_follow_creation_order_with_scoped_names_and_op_types(linear_regression_graph):
    graph_def = to_graph_def(linear_regression_graph)
    assert isinstance(graph_def, GraphDef)
    assert [(n.name, n.op) for n in graph_def.node] == [
        ("X", "Placeholder"), ("y", "Placeholder"), ("theta/initial_value", "Const"),
        ("theta", "VariableV2"), ("theta/Assign", "Assign"), ("predictions", "MatMul"),
        ("loss/sub", "Sub"), ("loss/Square", "Square"), ("loss/Const", "Const"), ("loss/mse", "Mean"),
        ("split", "Split"), ("second_half", "Identity"), ("init", "NoOp"),
    ]


def test_inputs_name_output_zero_plainly_other_outputs_with_index_and_controls_with_caret(
    linear_regression_graph,
):
    nodes = nodes_by_name(to_graph_def(linear_regression_graph))
    assert list(nodes["predictions"].input) == ["X", "theta"]
    assert list(nodes["second_half"].input) == ["split:1"]
    assert list(nodes["init"].input) == ["^theta/Assign"]
    assert list(nodes["X"].input) == []


def test_data_inputs_come_before_control_inputs(fake_graph):
    a = fake_graph.add("a", "Const", outputs=[("float32", [])], attrs={"dtype": "float32"})
    b = fake_graph.add("b", "NoOp")
    fake_graph.add("c", "Identity", inputs=[a.outputs[0]], control_inputs=[b],
                   outputs=[("float32", [])], attrs={"T": "float32"})
    assert list(nodes_by_name(to_graph_def(fake_graph))["c"].input) == ["a", "^b"]


def test_output_shapes_cover_every_output_with_unknown_dims_and_rank(linear_regression_graph):
    nodes = nodes_by_name(to_graph_def(linear_regression_graph))

    def shapes(name):
        return [dims(s) for s in nodes[name].attr["_output_shapes"].list.shape]

    assert shapes("X") == [[-1, 3]]
    assert shapes("loss/mse") == [[]]
    assert shapes("split") == [None, None]
    assert shapes("theta") == [[3, 1]]
    assert "_output_shapes" not in nodes["init"].attr  # no outputs, as in TF


def test_dtype_and_T_attrs_become_datatype_enums(linear_regression_graph):
    nodes = nodes_by_name(to_graph_def(linear_regression_graph))
    assert nodes["X"].attr["dtype"].type == DataType.DT_FLOAT
    assert nodes["loss/mse"].attr["T"].type == DataType.DT_FLOAT
    assert nodes["loss/mse"].attr["Tidx"].type == DataType.DT_INT32
    assert nodes["loss/Const"].attr["dtype"].type == DataType.DT_INT32


def test_placeholder_shape_attr_keeps_unknown_dimensions(linear_regression_graph):
    nodes = nodes_by_name(to_graph_def(linear_regression_graph))
    assert dims(nodes["X"].attr["shape"].shape) == [-1, 3]


def test_constant_value_becomes_a_tensor_with_dtype_shape_and_content(linear_regression_graph):
    tensor = nodes_by_name(to_graph_def(linear_regression_graph))["theta/initial_value"].attr["value"].tensor
    assert tensor.dtype == DataType.DT_FLOAT
    assert dims(tensor.tensor_shape) == [3, 1]
    assert np.frombuffer(tensor.tensor_content, "<f4").tolist() == [0.5, -1.0, 2.0]


def test_plain_python_attrs_keep_their_kind(linear_regression_graph):
    nodes = nodes_by_name(to_graph_def(linear_regression_graph))
    assign = nodes["theta/Assign"].attr
    assert assign["use_locking"].WhichOneof("value") == "b" and assign["use_locking"].b is True
    assert nodes["split"].attr["num_split"].i == 2
    assert nodes["theta"].attr["container"].WhichOneof("value") == "s"
    assert nodes["theta"].attr["container"].s == b""


def test_graph_def_is_readable_by_tensorboards_own_proto(linear_regression_graph):
    from tensorboard.compat.proto.graph_pb2 import GraphDef as TensorBoardGraphDef

    theirs = TensorBoardGraphDef.FromString(to_graph_def(linear_regression_graph).SerializeToString())
    assert theirs.node[5].name == "predictions"
    assert theirs.node[0].attr["_output_shapes"].list.shape[0].dim[0].size == -1


def test_empty_graph_gives_empty_graph_def(fake_graph):
    assert len(to_graph_def(fake_graph).node) == 0


def test_duplicate_op_names_are_rejected(fake_graph):
    fake_graph.add("a", "NoOp")
    fake_graph.add("a", "NoOp")
    with pytest.raises(ValueError, match="two operations named 'a'"):
        to_graph_def(fake_graph)


def test_non_graph_is_rejected_with_a_hint():
    with pytest.raises(TypeError, match="expected a Graph .*got list.*tf.get_default_graph"):
        to_graph_def([])


def test_unstorable_attr_names_op_and_attr(fake_graph):
    fake_graph.add("weird", "NoOp", attrs={"callback": object()})
    with pytest.raises(TypeError, match="op 'weird' attribute 'callback'.*cannot store a object"):
        to_graph_def(fake_graph)


def test_unset_optional_attr_is_left_out_of_the_node_def(fake_graph):
    fake_graph.add("mean", "Mean", attrs={"axis": None, "keep_dims": False})
    node = nodes_by_name(to_graph_def(fake_graph))["mean"]
    assert "axis" not in node.attr
    assert node.attr["keep_dims"].b is False


def test_graph_with_a_mean_over_all_axes_exports():
    import jupyter_flow as tf

    graph = tf.Graph()
    with graph.as_default():
        tf.reduce_mean(tf.square(tf.constant([1.0, 2.0])), name="mse")
    assert "mse" in nodes_by_name(to_graph_def(graph))
