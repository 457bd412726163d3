"""What a traced run recorded, as TF1's StepStats: one NodeExecStats per step the engine ran (a step
inside a loop body once per iteration), with TF1's field names and conventions, so TensorFlow's own
tools read it (timeline.py's label format "name = Op(input, input:1, ^control)").

The engine's trace (Plan.run_traced, src_cpp/run_trace.h) gives each step's node, start and end in
nanoseconds from the run's start, its thread and its outputs' dtypes, shapes and sizes. Steps that
constant folding computed before this run (their values are cached) are listed too, with no
duration, under FOLDED_DEVICE, so a view can tell "folded" from "not needed".

    fill_step_stats(run_metadata.step_stats, trace, graph)
    run_metadata.step_stats.dev_stats[0].node_stats[0].node_name    # 'x'
"""
from ..framework import dtypes as _dtypes

DEVICE = "/job:localhost/replica:0/task:0/device:CPU:0"
FOLDED_DEVICE = DEVICE + "/folded"  # TF1 names sub-streams of a device this way (".../stream:all")
ALLOCATOR = "cpu"

_PROTO_DTYPE = {}  # engine dtype enum -> TensorFlow's DataType number


def _proto_dtype(enum):
    if not _PROTO_DTYPE:
        from ..summary.proto_dtypes import data_type
        for dt in (_dtypes.float32, _dtypes.float64, _dtypes.int32, _dtypes.int64, _dtypes.bool, _dtypes.string):
            _PROTO_DTYPE[dt._enum] = data_type(dt.name)
    return _PROTO_DTYPE.get(enum, 0)


def timeline_label(op, name, op_type):
    """TF1's label: "name = Op(a, b:1, ^c)" (inputs as NodeDef spells them: output 0 bare)."""
    if op is None:
        return f"{name} = {op_type}()"
    inputs = [t.op.name if t.value_index == 0 else t.name for t in op.inputs]
    inputs += ["^" + c.name for c in op.control_inputs]
    return f"{name} = {op_type}({', '.join(inputs)})"


def _op_named(graph, name):
    try:
        return graph.get_operation_by_name(name) if graph is not None else None
    except (KeyError, ValueError):
        return None  # a node removed since (a re-run cell): the label just has no inputs


def fill_step_stats(step_stats, trace, graph=None):
    """Write an engine trace `(start_wall_micros, steps, folded_names)` into `step_stats` (cleared
    first); `graph` gives the labels' inputs."""
    start_wall_micros, steps, folded = trace
    step_stats.Clear()
    device = step_stats.dev_stats.add(device=DEVICE)
    labels = {}
    base_nanos = start_wall_micros * 1000
    for node_id, name, op_type, start_ns, end_ns, _inner_ns, thread, _depth, outputs in steps:
        label = labels.get(name)
        if label is None:
            label = labels[name] = timeline_label(_op_named(graph, name), name, op_type)
        duration_ns = end_ns - start_ns
        start_micros = start_wall_micros + start_ns // 1000
        duration_micros = (start_ns + duration_ns) // 1000 - start_ns // 1000
        stats = device.node_stats.add(
            node_name=name, all_start_micros=start_micros, op_start_rel_micros=0,
            op_end_rel_micros=duration_micros, all_end_rel_micros=duration_micros, scheduled_micros=start_micros,
            all_start_nanos=base_nanos + start_ns, op_start_rel_nanos=0, op_end_rel_nanos=duration_ns,
            all_end_rel_nanos=duration_ns, scheduled_nanos=base_nanos + start_ns,
            thread_id=thread, timeline_label=label)
        for slot, (dtype_enum, shape, nbytes) in enumerate(outputs):
            out = stats.output.add(slot=slot)
            description = out.tensor_description
            description.dtype = _proto_dtype(dtype_enum)
            for d in shape:
                description.shape.dim.add(size=d)
            allocation = description.allocation_description
            allocation.requested_bytes = nbytes
            allocation.allocated_bytes = nbytes
            allocation.allocator_name = ALLOCATOR
    if folded:
        cached = step_stats.dev_stats.add(device=FOLDED_DEVICE)
        for name in folded:
            op = _op_named(graph, name)
            cached.node_stats.add(node_name=name, all_start_micros=start_wall_micros, all_start_nanos=base_nanos,
                                  timeline_label=timeline_label(op, name, op.type if op is not None else "Const"))
    return step_stats
