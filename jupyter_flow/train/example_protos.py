"""tf.train.Example and its parts (TensorFlow's example.proto and feature.proto), the record format
of TF1 input data: a TFRecord file of serialized Examples, read back with tf.parse_single_example.

The message classes are built at import from a descriptor (no generated _pb2 ships with our
dependencies), in package `tensorflow` with TF's field numbers, so their bytes are TensorFlow's.

    >>> ex = Example(features=Features(feature={"x": Feature(float_list=FloatList(value=[1.5]))}))
    >>> ex.SerializeToString()
    b'\\n\\x0f\\n\\r\\n\\x01x\\x12\\x08\\x12\\x06\\n\\x04\\x00\\x00\\xc0?'

A map's entries are written in an unspecified order, as in TensorFlow (it varies between processes);
SerializeToString(deterministic=True) sorts them by key.
"""
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

_NAMES = ("BytesList", "FloatList", "Int64List", "Feature", "Features", "FeatureList", "FeatureLists", "Example",
          "SequenceExample")


def _message_classes():
    f = descriptor_pb2.FileDescriptorProto(name="tensorflow/core/example/example.proto", package="tensorflow",
                                           syntax="proto3")
    T = descriptor_pb2.FieldDescriptorProto
    rep, opt = T.LABEL_REPEATED, T.LABEL_OPTIONAL

    def message(name, *fields, parent=None):
        m = (parent.nested_type if parent is not None else f.message_type).add(name=name)
        for field_name, number, kind, label, type_name in fields:
            field = m.field.add(name=field_name, number=number, type=kind, label=label)
            if type_name:
                field.type_name = type_name
        return m

    def map_of(parent, field_name, entry_name, value_type):
        """A proto3 map<string, value_type>: a repeated nested entry message flagged map_entry."""
        entry = message(entry_name, ("key", 1, T.TYPE_STRING, opt, None), ("value", 2, T.TYPE_MESSAGE, opt, value_type),
                        parent=parent)
        entry.options.map_entry = True
        parent.field.add(name=field_name, number=1, type=T.TYPE_MESSAGE, label=rep,
                         type_name=f".tensorflow.{parent.name}.{entry_name}")

    message("BytesList", ("value", 1, T.TYPE_BYTES, rep, None))
    message("FloatList", ("value", 1, T.TYPE_FLOAT, rep, None))  # proto3: packed on the wire, as TF's [packed=true]
    message("Int64List", ("value", 1, T.TYPE_INT64, rep, None))
    feature = message("Feature", ("bytes_list", 1, T.TYPE_MESSAGE, opt, ".tensorflow.BytesList"),
                      ("float_list", 2, T.TYPE_MESSAGE, opt, ".tensorflow.FloatList"),
                      ("int64_list", 3, T.TYPE_MESSAGE, opt, ".tensorflow.Int64List"))
    feature.oneof_decl.add(name="kind")
    for field in feature.field:
        field.oneof_index = 0
    map_of(message("Features"), "feature", "FeatureEntry", ".tensorflow.Feature")
    message("FeatureList", ("feature", 1, T.TYPE_MESSAGE, rep, ".tensorflow.Feature"))
    map_of(message("FeatureLists"), "feature_list", "FeatureListEntry", ".tensorflow.FeatureList")
    message("Example", ("features", 1, T.TYPE_MESSAGE, opt, ".tensorflow.Features"))
    message("SequenceExample", ("context", 1, T.TYPE_MESSAGE, opt, ".tensorflow.Features"),
            ("feature_lists", 2, T.TYPE_MESSAGE, opt, ".tensorflow.FeatureLists"))
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    return tuple(message_factory.GetMessageClass(pool.FindMessageTypeByName(f"tensorflow.{n}")) for n in _NAMES)


(BytesList, FloatList, Int64List, Feature, Features, FeatureList, FeatureLists, Example,
 SequenceExample) = _message_classes()

__all__ = list(_NAMES)
