"""jupyter_flow.client.timeline.Timeline gives TF1's Chrome trace: the same JSON text as TensorFlow's
tensorflow.python.client.timeline for the same StepStats (expected output computed with it and
pasted below), and a valid trace with one event per node for a real traced run."""
import json

import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.client.timeline import Timeline
from jupyter_flow.summary.run_metadata_protos import StepStats

CPU = "/job:localhost/replica:0/task:0/device:CPU:0"


def hand_made_step_stats():
    """Four nodes; b overlaps a (its own lane), c reads both and has a control input."""
    ss = StepStats()
    d = ss.dev_stats.add(device=CPU)
    for name, start, dur, label in [("x", 100, 5, "x = Const()"), ("a", 106, 20, "a = Square(x)"),
                                    ("b", 110, 10, "b = Neg(x)"), ("c", 130, 4, "c = Add(a, b, ^x)")]:
        n = d.node_stats.add(node_name=name, all_start_micros=start, op_end_rel_micros=dur, all_end_rel_micros=dur,
                             timeline_label=label)
        o = n.output.add()
        o.tensor_description.dtype = 1
        o.tensor_description.allocation_description.requested_bytes = 16
        o.tensor_description.allocation_description.allocator_name = "cpu"
    return ss


def op(name, tid, ts, dur, node, inputs=()):
    args = {"name": node, "op": name}
    args.update({f"input{i}": x for i, x in enumerate(inputs)})
    return {"ph": "X", "cat": "Op", "name": name, "pid": 1, "tid": tid, "ts": ts, "dur": dur, "args": args}


def flow(ph, name, tid, ts, flow_id):
    return {"ph": ph, "cat": "DataFlow", "name": name, "pid": 1, "tid": tid, "ts": ts, "id": flow_id}


# TensorFlow 2.21's tensorflow.python.client.timeline on hand_made_step_stats() (same StepStats fields).
TF_EVENTS = [
    {"name": "process_name", "ph": "M", "pid": 0, "args": {"name": "Allocators"}},
    {"name": "process_name", "ph": "M", "pid": 1, "args": {"name": CPU + " Compute"}},
    {"name": "process_name", "ph": "M", "pid": 2, "args": {"name": CPU + " Tensors"}},
    op("Const", 0, 100, 5, "x"), op("Square", 0, 106, 20, "a", ["x"]), op("Neg", 1, 110, 10, "b", ["x"]),
    flow("s", "x", 0, 105, 0), flow("t", "x", 1, 110, 0),
    op("Add", 0, 130, 4, "c", ["a", "b", "^x"]), flow("s", "b", 1, 120, 1), flow("t", "b", 0, 130, 1),
]


def test_same_chrome_trace_text_as_tensorflow():
    text = Timeline(hand_made_step_stats()).generate_chrome_trace_format()
    assert text == json.dumps({"traceEvents": TF_EVENTS}, indent=4, separators=(",", ": "))


def test_without_dataflow_no_flow_events():
    events = json.loads(Timeline(hand_made_step_stats()).generate_chrome_trace_format(show_dataflow=False))
    assert [e["ph"] for e in events["traceEvents"]] == ["M", "M", "M", "X", "X", "X", "X"]


def test_memory_view_tracks_tensor_lifetimes():
    events = json.loads(Timeline(hand_made_step_stats()).generate_chrome_trace_format(show_memory=True))["traceEvents"]
    created = {e["name"]: e["ts"] for e in events if e["ph"] == "N"}
    deleted = {e["name"]: e["ts"] for e in events if e["ph"] == "D"}
    assert created == {"x": 100, "a": 106, "b": 110, "c": 130}
    assert deleted == {"x": 126, "a": 134, "b": 134, "c": 134}  # the end of its last reader
    counter = [e["args"]["cpu"] for e in events if e["ph"] == "C"]
    assert max(counter) == 48 and counter[-1] == 0  # x, a and b alive together


def test_traced_run_gives_one_event_per_node():
    x = tf.placeholder(tf.float32, [8, 8], name="x")
    h = tf.nn.relu(tf.matmul(x, x, name="mm"), name="relu")
    loss = tf.reduce_mean(h, name="loss")
    md = tf.RunMetadata()
    with tf.Session() as sess:
        sess.run(loss, {x: np.eye(8)}, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=md)
    events = json.loads(Timeline(md.step_stats).generate_chrome_trace_format())["traceEvents"]
    ops = [e for e in events if e["ph"] == "X"]
    assert [(e["args"]["name"], e["name"]) for e in ops] == [("mm", "MatMul"), ("relu", "Relu"), ("loss", "Mean")]
    assert ops[0]["args"]["input0"] == "x" and all(e["dur"] >= 0 and e["ts"] > 1.5e15 for e in ops)
    assert all(a["ts"] + a["dur"] <= b["ts"] for a, b in zip(ops, ops[1:]))  # one after the other


def test_file_writer_stores_run_metadata_for_tensorboard(tmp_path):
    from jupyter_flow.summary.protos import Event
    from jupyter_flow.summary.tfrecord import iter_records
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.square(x, name="sq")
    md = tf.RunMetadata()
    with tf.Session() as sess:
        sess.run(y, {x: [1, 2]}, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=md)
    with tf.summary.FileWriter(tmp_path) as writer:
        writer.add_run_metadata(md, "step1", global_step=1)
        with pytest.raises(ValueError, match="The provided tag was already used for this event type"):
            writer.add_run_metadata(md, "step1")
        path = writer.event_file_path
    [event] = [e for e in map(Event.FromString, iter_records(path)) if e.HasField("tagged_run_metadata")]
    assert event.step == 1 and event.tagged_run_metadata.tag == "step1"
    back = tf.RunMetadata.FromString(event.tagged_run_metadata.run_metadata)
    assert [s.node_name for s in back.step_stats.dev_stats[0].node_stats] == ["sq"]
