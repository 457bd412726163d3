"""TF1's RunOptions, RunMetadata and StepStats messages (tensorflow/core/protobuf/config.proto,
framework/step_stats.proto, tensor_description.proto, allocation_description.proto), defined here
field for field with TensorFlow's numbers, so what a traced run records serializes to the bytes
TensorFlow's tools read (TensorBoard's run metadata, timeline.py).

tensorboardX ships these messages without NodeOutput.tensor_description, so they are declared here
(in package `jupyter_flow`, which keeps them from clashing with TensorFlow's own classes when both
are imported) on top of tensorboardX's DataType, TensorShapeProto and GraphDef. Fields TF1 has and
nothing here fills (RunOptions.debug_options, RunMetadata.cost_graph) are left out; parsing bytes
that carry them keeps them as unknown fields.

    >>> md = RunMetadata(); md.step_stats.dev_stats.add(device="/cpu:0")
    >>> RunOptions(trace_level=RunOptions.FULL_TRACE).trace_level
    3
"""
from google.protobuf import descriptor_pb2
from tensorboardX.proto import graph_pb2, tensor_shape_pb2, types_pb2

from ..framework.proto_files import message_classes

_FILE_NAME = "jupyter_flow/run_metadata.proto"
_F = descriptor_pb2.FieldDescriptorProto
_INT32, _INT64, _UINT32, _UINT64 = _F.TYPE_INT32, _F.TYPE_INT64, _F.TYPE_UINT32, _F.TYPE_UINT64
_BOOL, _STRING, _MESSAGE, _ENUM = _F.TYPE_BOOL, _F.TYPE_STRING, _F.TYPE_MESSAGE, _F.TYPE_ENUM
_REPEATED = object()

# (message, [(field, number, type, type name or None, repeated?)]) in TensorFlow's numbering.
_MESSAGES = [
    ("AllocationDescription", [
        ("requested_bytes", 1, _INT64), ("allocated_bytes", 2, _INT64), ("allocator_name", 3, _STRING),
        ("allocation_id", 4, _INT64), ("has_single_reference", 5, _BOOL), ("ptr", 6, _UINT64)]),
    ("TensorDescription", [
        ("dtype", 1, _ENUM, ".tensorboardX.DataType"), ("shape", 2, _MESSAGE, ".tensorboardX.TensorShapeProto"),
        ("allocation_description", 4, _MESSAGE, ".jupyter_flow.AllocationDescription")]),
    ("AllocationRecord", [("alloc_micros", 1, _INT64), ("alloc_bytes", 2, _INT64)]),
    ("AllocatorMemoryUsed", [
        ("allocator_name", 1, _STRING), ("total_bytes", 2, _INT64), ("peak_bytes", 3, _INT64),
        ("live_bytes", 4, _INT64), ("allocator_bytes_in_use", 5, _INT64),
        ("allocation_records", 6, _MESSAGE, ".jupyter_flow.AllocationRecord", _REPEATED)]),
    ("NodeOutput", [("slot", 1, _INT32), ("tensor_description", 3, _MESSAGE, ".jupyter_flow.TensorDescription")]),
    ("MemoryStats", [
        ("temp_memory_size", 1, _INT64), ("device_temp_memory_size", 2, _INT64), ("persistent_memory_size", 3, _INT64),
        ("device_persistent_memory_size", 4, _INT64), ("persistent_tensor_alloc_ids", 5, _INT64, None, _REPEATED),
        ("device_persistent_tensor_alloc_ids", 6, _INT64, None, _REPEATED)]),
    ("NodeExecStats", [
        ("node_name", 1, _STRING), ("all_start_micros", 2, _INT64), ("op_start_rel_micros", 3, _INT64),
        ("op_end_rel_micros", 4, _INT64), ("all_end_rel_micros", 5, _INT64),
        ("memory", 6, _MESSAGE, ".jupyter_flow.AllocatorMemoryUsed", _REPEATED),
        ("output", 7, _MESSAGE, ".jupyter_flow.NodeOutput", _REPEATED), ("timeline_label", 8, _STRING),
        ("scheduled_micros", 9, _INT64), ("thread_id", 10, _UINT32),
        ("referenced_tensor", 11, _MESSAGE, ".jupyter_flow.AllocationDescription", _REPEATED),
        ("memory_stats", 12, _MESSAGE, ".jupyter_flow.MemoryStats"),
        ("all_start_nanos", 13, _INT64), ("op_start_rel_nanos", 14, _INT64), ("op_end_rel_nanos", 15, _INT64),
        ("all_end_rel_nanos", 16, _INT64), ("scheduled_nanos", 17, _INT64)]),
    ("DeviceStepStats", [
        ("device", 1, _STRING), ("node_stats", 2, _MESSAGE, ".jupyter_flow.NodeExecStats", _REPEATED),
        ("thread_names", 3, _MESSAGE, ".jupyter_flow.DeviceStepStats.ThreadNamesEntry", _REPEATED)]),
    ("StepStats", [("dev_stats", 1, _MESSAGE, ".jupyter_flow.DeviceStepStats", _REPEATED)]),
    ("RunOptions", [
        ("trace_level", 1, _ENUM, ".jupyter_flow.RunOptions.TraceLevel"), ("timeout_in_ms", 2, _INT64),
        ("inter_op_thread_pool", 3, _INT32), ("output_partition_graphs", 5, _BOOL),
        ("report_tensor_allocations_upon_oom", 7, _BOOL)]),
    ("RunMetadata", [
        ("step_stats", 1, _MESSAGE, ".jupyter_flow.StepStats"),
        ("partition_graphs", 3, _MESSAGE, ".tensorboardX.GraphDef", _REPEATED)]),
]


def _add_fields(message, fields):
    for name, number, kind, *rest in fields:
        type_name = rest[0] if rest else None
        repeated = len(rest) > 1 and rest[1] is _REPEATED
        field = message.field.add(name=name, number=number, type=kind,
                                  label=_F.LABEL_REPEATED if repeated else _F.LABEL_OPTIONAL)
        if type_name:
            field.type_name = type_name


def _file_descriptor():
    proto = descriptor_pb2.FileDescriptorProto(
        name=_FILE_NAME, package="jupyter_flow", syntax="proto3",
        dependency=[types_pb2.DESCRIPTOR.name, tensor_shape_pb2.DESCRIPTOR.name, graph_pb2.DESCRIPTOR.name])
    for name, fields in _MESSAGES:
        message = proto.message_type.add(name=name)
        _add_fields(message, fields)
        if name == "DeviceStepStats":  # map<uint32, string> thread_names
            entry = message.nested_type.add(name="ThreadNamesEntry")
            entry.options.map_entry = True
            _add_fields(entry, [("key", 1, _UINT32), ("value", 2, _STRING)])
        if name == "RunOptions":
            levels = message.enum_type.add(name="TraceLevel")
            for number, level in enumerate(("NO_TRACE", "SOFTWARE_TRACE", "HARDWARE_TRACE", "FULL_TRACE")):
                levels.value.add(name=level, number=number)
    return proto


_CLASSES = message_classes(_FILE_NAME, _file_descriptor, [name for name, _ in _MESSAGES])
AllocationDescription = _CLASSES["AllocationDescription"]
TensorDescription = _CLASSES["TensorDescription"]
NodeOutput = _CLASSES["NodeOutput"]
NodeExecStats = _CLASSES["NodeExecStats"]
DeviceStepStats = _CLASSES["DeviceStepStats"]
StepStats = _CLASSES["StepStats"]
RunOptions = _CLASSES["RunOptions"]
RunMetadata = _CLASSES["RunMetadata"]
