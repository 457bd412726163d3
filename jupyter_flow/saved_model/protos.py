"""TF's SavedModel messages (tensorflow/core/protobuf/saved_model.proto, meta_graph.proto, saver.proto
and framework/variable.proto), declared field for field with TensorFlow's numbers, so the bytes of
`saved_model.pb` are the ones TensorFlow writes and reads.

tensorboardX ships GraphDef, TensorProto and DataType but not these; they are declared here (package
`jupyter_flow`, apart from TensorFlow's own classes when both are imported) on top of those. Fields
nothing here uses (MetaInfoDef.stripped_op_list, MetaGraphDef.object_graph_def, TensorInfo's
composite_tensor) are left out: parsing a file that has them keeps them as unknown fields, and
writing it again keeps their bytes.

    >>> sm = SavedModel(saved_model_schema_version=1); mg = sm.meta_graphs.add()
    >>> mg.meta_info_def.tags.append("serve"); mg.signature_def["serving_default"].method_name
    ''
"""
from google.protobuf import any_pb2, descriptor_pb2
from tensorboardX.proto import graph_pb2, tensor_pb2, tensor_shape_pb2, types_pb2

from ..framework.proto_files import message_classes

_FILE_NAME = "jupyter_flow/saved_model.proto"
_F = descriptor_pb2.FieldDescriptorProto
_INT32, _INT64, _FLOAT, _BOOL = _F.TYPE_INT32, _F.TYPE_INT64, _F.TYPE_FLOAT, _F.TYPE_BOOL
_STRING, _BYTES, _MESSAGE, _ENUM = _F.TYPE_STRING, _F.TYPE_BYTES, _F.TYPE_MESSAGE, _F.TYPE_ENUM
_REPEATED, _PACKED = "repeated", "packed"
_DTYPE, _SHAPE, _TENSOR = ".tensorboardX.DataType", ".tensorboardX.TensorShapeProto", ".tensorboardX.TensorProto"

# name -> ([(field, number, type, type name or None, "repeated"/"packed"/None, oneof index or None)],
#          {nested message name: fields}, {map field name: (key type, value type, value type name)}, oneofs)
_MESSAGES = {
    "SaverDef": ([
        ("filename_tensor_name", 1, _STRING), ("save_tensor_name", 2, _STRING), ("restore_op_name", 3, _STRING),
        ("max_to_keep", 4, _INT32), ("sharded", 5, _BOOL), ("keep_checkpoint_every_n_hours", 6, _FLOAT),
        ("version", 7, _ENUM, ".jupyter_flow.SaverDef.CheckpointFormatVersion")], {}, {}, []),
    "SaveSliceInfoDef": ([
        ("full_name", 1, _STRING), ("full_shape", 2, _INT64, None, _PACKED), ("var_offset", 3, _INT64, None, _PACKED),
        ("var_shape", 4, _INT64, None, _PACKED)], {}, {}, []),
    "VariableDef": ([
        ("variable_name", 1, _STRING), ("initializer_name", 2, _STRING), ("snapshot_name", 3, _STRING),
        ("save_slice_info_def", 4, _MESSAGE, ".jupyter_flow.SaveSliceInfoDef"), ("is_resource", 5, _BOOL),
        ("initial_value_name", 6, _STRING), ("trainable", 7, _BOOL), ("synchronization", 8, _INT32),
        ("aggregation", 9, _INT32)], {}, {}, []),
    "TensorInfo": ([
        ("name", 1, _STRING, None, None, 0), ("coo_sparse", 4, _MESSAGE, ".jupyter_flow.TensorInfo.CooSparse", None, 0),
        ("dtype", 2, _ENUM, _DTYPE), ("tensor_shape", 3, _MESSAGE, _SHAPE)],
        {"CooSparse": [("values_tensor_name", 1, _STRING), ("indices_tensor_name", 2, _STRING),
                       ("dense_shape_tensor_name", 3, _STRING)]}, {}, ["encoding"]),
    "SignatureDef": ([("method_name", 3, _STRING)], {},
                     {"inputs": (1, _MESSAGE, ".jupyter_flow.TensorInfo"), "outputs": (2, _MESSAGE, ".jupyter_flow.TensorInfo"),
                      "defaults": (4, _MESSAGE, _TENSOR)}, []),
    "AssetFileDef": ([("tensor_info", 1, _MESSAGE, ".jupyter_flow.TensorInfo"), ("filename", 2, _STRING)], {}, {}, []),
    "CollectionDef": ([
        ("node_list", 1, _MESSAGE, ".jupyter_flow.CollectionDef.NodeList", None, 0),
        ("bytes_list", 2, _MESSAGE, ".jupyter_flow.CollectionDef.BytesList", None, 0),
        ("int64_list", 3, _MESSAGE, ".jupyter_flow.CollectionDef.Int64List", None, 0),
        ("float_list", 4, _MESSAGE, ".jupyter_flow.CollectionDef.FloatList", None, 0),
        ("any_list", 5, _MESSAGE, ".jupyter_flow.CollectionDef.AnyList", None, 0)],
        {"NodeList": [("value", 1, _STRING, None, _REPEATED)], "BytesList": [("value", 1, _BYTES, None, _REPEATED)],
         "Int64List": [("value", 1, _INT64, None, _PACKED)], "FloatList": [("value", 1, _FLOAT, None, _PACKED)],
         "AnyList": [("value", 1, _MESSAGE, ".google.protobuf.Any", _REPEATED)]}, {}, ["kind"]),
    "MetaGraphDef": ([
        ("meta_info_def", 1, _MESSAGE, ".jupyter_flow.MetaGraphDef.MetaInfoDef"),
        ("graph_def", 2, _MESSAGE, ".tensorboardX.GraphDef"), ("saver_def", 3, _MESSAGE, ".jupyter_flow.SaverDef"),
        ("asset_file_def", 6, _MESSAGE, ".jupyter_flow.AssetFileDef", _REPEATED)],
        {"MetaInfoDef": [("meta_graph_version", 1, _STRING), ("any_info", 3, _MESSAGE, ".google.protobuf.Any"),
                         ("tags", 4, _STRING, None, _REPEATED), ("tensorflow_version", 5, _STRING),
                         ("tensorflow_git_version", 6, _STRING), ("stripped_default_attrs", 7, _BOOL)]},
        {"collection_def": (4, _MESSAGE, ".jupyter_flow.CollectionDef"),
         "signature_def": (5, _MESSAGE, ".jupyter_flow.SignatureDef")}, []),
    "SavedModel": ([("saved_model_schema_version", 1, _INT64),
                    ("meta_graphs", 2, _MESSAGE, ".jupyter_flow.MetaGraphDef", _REPEATED)], {}, {}, []),
}


def _add_fields(message, fields):
    for name, number, kind, *rest in fields:
        type_name, label, oneof = (list(rest) + [None, None, None])[:3]
        field = message.field.add(name=name, number=number, type=kind,
                                  label=_F.LABEL_REPEATED if label else _F.LABEL_OPTIONAL)
        if type_name:
            field.type_name = type_name
        if label == _PACKED:
            field.options.packed = True
        if oneof is not None:
            field.oneof_index = oneof


def _file_descriptor():
    proto = descriptor_pb2.FileDescriptorProto(
        name=_FILE_NAME, package="jupyter_flow", syntax="proto3",
        dependency=[types_pb2.DESCRIPTOR.name, tensor_shape_pb2.DESCRIPTOR.name, tensor_pb2.DESCRIPTOR.name,
                    graph_pb2.DESCRIPTOR.name, any_pb2.DESCRIPTOR.name])
    for name, (fields, nested, maps, oneofs) in _MESSAGES.items():
        message = proto.message_type.add(name=name)
        for oneof in oneofs:
            message.oneof_decl.add(name=oneof)
        _add_fields(message, fields)
        for nested_name, nested_fields in nested.items():
            _add_fields(message.nested_type.add(name=nested_name), nested_fields)
        for field_name, (number, kind, type_name) in maps.items():
            entry_name = "".join(part.capitalize() for part in field_name.split("_")) + "Entry"
            entry = message.nested_type.add(name=entry_name)
            entry.options.map_entry = True
            _add_fields(entry, [("key", 1, _STRING), ("value", 2, kind, type_name)])
            _add_fields(message, [(field_name, number, _MESSAGE, f".jupyter_flow.{name}.{entry_name}", _REPEATED)])
        if name == "SaverDef":
            versions = message.enum_type.add(name="CheckpointFormatVersion")
            for number, version in enumerate(("LEGACY", "V1", "V2")):
                versions.value.add(name=version, number=number)
    return proto


_CLASSES = message_classes(_FILE_NAME, _file_descriptor, _MESSAGES)
SaverDef = _CLASSES["SaverDef"]
VariableDef = _CLASSES["VariableDef"]
TensorInfo = _CLASSES["TensorInfo"]
SignatureDef = _CLASSES["SignatureDef"]
AssetFileDef = _CLASSES["AssetFileDef"]
CollectionDef = _CLASSES["CollectionDef"]
MetaGraphDef = _CLASSES["MetaGraphDef"]
SavedModel = _CLASSES["SavedModel"]
# The type URL TensorFlow packs an AssetFileDef under in a google.protobuf.Any (the assets collection).
ASSET_FILE_DEF_TYPE_URL = "type.googleapis.com/tensorflow.AssetFileDef"
