"""TF1's `tensorflow.python.client.timeline`: a traced run's StepStats as a Chrome trace (load the
JSON in chrome://tracing or https://ui.perfetto.dev).

    run_metadata = tf.RunMetadata()
    sess.run(train_op, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=run_metadata)
    trace = Timeline(run_metadata.step_stats).generate_chrome_trace_format()
    open("timeline.json", "w").write(trace)

As TF1's: one process per device for compute (its ops, one complete event "X" per node execution,
named by op type with the node name and inputs in args, on non-overlapping lanes) and one for its
tensors; with show_dataflow, flow arrows from a tensor's producer to its consumers on other lanes;
with show_memory, tensor objects and an allocator memory counter. Times are microseconds, with the
nanosecond part kept as a fraction when the StepStats carries nanoseconds.
"""
import json
import re

_LABEL = re.compile(r"(.*) = (.*)\((.*)\)")


def _parse_label(label):
    """'name = Op(a, b:1)' -> ('Op', ['a', 'b:1'])."""
    match = _LABEL.match(label)
    if match is None:
        return "unknown", []
    inputs = match.group(3)
    return match.group(2), inputs.split(", ") if inputs else []


def _times(stats):
    """(start, duration) in microseconds."""
    if stats.all_start_nanos or stats.all_end_rel_nanos:
        return stats.all_start_nanos / 1000, stats.all_end_rel_nanos / 1000
    return stats.all_start_micros, stats.all_end_rel_micros


class _TraceEvents:
    def __init__(self):
        self.metadata = []
        self.events = []

    def process(self, pid, name):
        self.metadata.append({"name": "process_name", "ph": "M", "pid": pid, "args": {"name": name}})

    def event(self, ph, category, name, pid, tid, ts, **extra):
        event = {"ph": ph, "cat": category, "name": name, "pid": pid, "tid": tid, "ts": ts}
        event.update(extra)
        self.events.append(event)

    def json(self, pretty):
        trace = {"traceEvents": self.metadata + self.events}
        return json.dumps(trace, indent=4, separators=(",", ": ")) if pretty else json.dumps(trace, separators=(",", ":"))


def _lanes(node_stats):
    """A lane per node execution: the first lane free at its start (as TF1 assigns them)."""
    ends, out = [], []
    for stats in node_stats:
        start, duration = _times(stats)
        for lane, end in enumerate(ends):
            if start > end:
                ends[lane] = start + duration
                out.append(lane)
                break
        else:
            out.append(len(ends))
            ends.append(start + duration)
    return out


class Timeline:
    """A class for visualizing execution timelines of steps (TF1's tf.python.client.timeline.Timeline).

    >>> json.loads(Timeline(run_metadata.step_stats).generate_chrome_trace_format())["traceEvents"][0]
    {'name': 'process_name', 'ph': 'M', 'pid': 0, 'args': {'name': 'Allocators'}}
    """

    def __init__(self, step_stats, graph=None):
        self._step_stats = step_stats
        self._graph = graph

    def generate_chrome_trace_format(self, show_dataflow=True, show_memory=False, op_time="schedule"):
        """The trace as a JSON string, indented as TF1's (op_time is accepted as TF1's; the engine's
        CPU ops have one time only)."""
        trace = _TraceEvents()
        allocators_pid = 0
        trace.process(allocators_pid, "Allocators")
        # tensor name -> [end time, compute pid, lane, tensors pid, last use, bytes, allocator, object id]
        produced, replaced = {}, []  # replaced: values a loop's next iteration produced again
        next_pid, flow_id, next_object = 1, 0, 0
        for device in self._step_stats.dev_stats:
            compute_pid, tensors_pid = next_pid, next_pid + 1
            next_pid += 2
            trace.process(compute_pid, device.device + " Compute")
            trace.process(tensors_pid, device.device + " Tensors")
            for stats, lane in zip(device.node_stats, _lanes(device.node_stats)):
                op, inputs = _parse_label(stats.timeline_label)
                start, duration = _times(stats)
                end = start + duration
                args = {"name": stats.node_name, "op": op}
                for i, name in enumerate(inputs):
                    args[f"input{i}"] = name
                trace.event("X", "Op", op, compute_pid, lane, start, dur=duration, args=args)
                for name in inputs:
                    source = produced.get(name)
                    if source is None:
                        continue
                    source[4] = max(source[4], end)
                    if show_dataflow and (source[1], source[2]) != (compute_pid, lane):
                        trace.event("s", "DataFlow", name, source[1], source[2], source[0], id=flow_id)
                        trace.event("t", "DataFlow", name, compute_pid, lane, start, id=flow_id)
                        flow_id += 1
                for index, output in enumerate(stats.output):
                    name = stats.node_name if index == 0 else f"{stats.node_name}:{index}"
                    allocation = output.tensor_description.allocation_description
                    object_id, next_object = next_object, next_object + 1
                    if name in produced:
                        replaced.append((name, produced[name]))
                    produced[name] = [end, compute_pid, lane, tensors_pid, end, allocation.requested_bytes,
                                      allocation.allocator_name, object_id]
                    if show_memory:
                        trace.event("N", "Tensor", name, tensors_pid, lane, start, id=object_id)
                        snapshot = {"tensor_description": str(output.tensor_description).replace('"', "")}
                        trace.event("O", "Tensor", name, tensors_pid, lane, end, id=object_id, args={"snapshot": snapshot})
        if show_memory:
            self._memory_events(trace, replaced + list(produced.items()), allocators_pid)
        return trace.json(pretty=True)  # as TF1's, which indents its output

    @staticmethod
    def _memory_events(trace, tensors, allocators_pid):
        """Each tensor's deletion at its last use, and each allocator's bytes in use over time."""
        allocations = {}
        for name, (end, _, lane, tensors_pid, last_use, nbytes, allocator, object_id) in tensors:
            trace.event("D", "Tensor", name, tensors_pid, lane, last_use, id=object_id)
            allocations.setdefault(allocator, []).extend([(end, nbytes), (last_use, -nbytes)])
        for allocator, records in allocations.items():
            in_use = 0
            for time, delta in sorted(records, key=lambda r: (r[0], -r[1])):
                in_use += delta
                trace.event("C", "Memory", allocator, allocators_pid, 0, time, args={allocator: in_use})
