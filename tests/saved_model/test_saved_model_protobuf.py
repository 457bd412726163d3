"""saved_model.pb is TensorFlow's SavedModel message, read here with parsers that owe nothing to
jupyter_flow: the outer SavedModel by hand from the protobuf wire format (field 1 schema version,
field 2 the MetaGraphDefs), each MetaGraphDef with TensorBoard's copy of TensorFlow's generated
meta_graph_pb2; variables/variables.index is the tensor bundle tf.train.load_checkpoint reads."""
import os

import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.train.tensor_bundle import read_bundle

meta_graph_pb2 = pytest.importorskip("tensorboard.compat.proto.meta_graph_pb2")
types_pb2 = pytest.importorskip("tensorboard.compat.proto.types_pb2")
variable_pb2 = pytest.importorskip("tensorboard.compat.proto.variable_pb2")


def _varint(raw, pos):
    result = shift = 0
    while True:
        byte = raw[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def _saved_model_fields(raw):
    """(saved_model_schema_version, [MetaGraphDef bytes]) of a serialized SavedModel."""
    pos, version, meta_graphs = 0, None, []
    while pos < len(raw):
        key, pos = _varint(raw, pos)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, pos = _varint(raw, pos)
            assert number == 1
            version = value
        else:
            assert (number, wire_type) == (2, 2)
            size, pos = _varint(raw, pos)
            meta_graphs.append(raw[pos:pos + size])
            pos += size
    return version, meta_graphs


def test_saved_model_pb_is_tensorflows_savedmodel_message(tmp_path):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2), name="w")
    probs = tf.nn.softmax(tf.matmul(x, w), name="probs")
    export_dir = str(tmp_path / "m")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
        builder.add_meta_graph_and_variables(
            sess, [tf.saved_model.SERVING],
            signature_def_map={"serving_default": tf.saved_model.predict_signature_def({"x": x}, {"probs": probs})})
        builder.add_meta_graph(["train", "gpu"])
        builder.save()

    with open(os.path.join(export_dir, "saved_model.pb"), "rb") as f:
        version, raw_meta_graphs = _saved_model_fields(f.read())
    assert version == 1
    serve, train = (meta_graph_pb2.MetaGraphDef.FromString(raw) for raw in raw_meta_graphs)
    assert list(serve.meta_info_def.tags) == ["serve"] and list(train.meta_info_def.tags) == ["train", "gpu"]
    assert not train.signature_def
    signature = serve.signature_def["serving_default"]
    assert signature.method_name == "tensorflow/serving/predict"
    assert (signature.inputs["x"].name, signature.inputs["x"].dtype) == ("x:0", types_pb2.DT_FLOAT)
    assert [d.size for d in signature.inputs["x"].tensor_shape.dim] == [-1, 3]
    assert signature.outputs["probs"].name == "probs:0"
    assert [d.size for d in signature.outputs["probs"].tensor_shape.dim] == [-1, 2]

    nodes = {n.name: n for n in serve.graph_def.node}
    assert (nodes["x"].op, nodes["w"].op, nodes["w/Assign"].op, nodes["w/read"].op) == (
        "Placeholder", "VariableV2", "Assign", "Identity")
    assert (nodes["MatMul"].op, nodes["probs"].op) == ("MatMul", "Softmax")
    assert nodes["MatMul"].attr["T"].type == types_pb2.DT_FLOAT
    assert list(nodes["MatMul"].input) == ["x", "w/read"]
    assert [d.size for d in nodes["probs"].attr["_output_shapes"].list.shape[0].dim] == [-1, 2]
    assert serve.graph_def.versions.producer > 0

    variables = serve.collection_def["variables"].bytes_list.value
    variable = variable_pb2.VariableDef.FromString(variables[0])
    assert (variable.variable_name, variable.initializer_name, variable.snapshot_name) == ("w:0", "w/Assign", "w/read:0")
    assert variable.initial_value_name == "w/initial_value:0" and variable.trainable
    assert list(serve.collection_def) == list(train.collection_def)
    assert not serve.HasField("saver_def")  # TensorFlow's loader builds a Saver from the variables collection

    values = read_bundle(os.path.join(export_dir, "variables", "variables"))
    assert list(values) == ["w"]
    np.testing.assert_array_equal(values["w"], np.arange(6).reshape(3, 2))
