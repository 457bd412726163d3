import gc
import os
import re
import socket
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

from jupyter_flow.summary import FileWriter
from jupyter_flow.summary.protos import Event, GraphDef, Summary
from jupyter_flow.summary.summary_proto import scalar, text
from jupyter_flow.summary.tfrecord import iter_records

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def event_files(logdir):
    return sorted(os.path.join(logdir, name) for name in os.listdir(logdir) if "tfevents" in name)


def read_events(path):
    return [Event.FromString(record) for record in iter_records(path)]


def only_event_file(logdir):
    (path,) = event_files(logdir)
    return path


def test_creates_the_logdir_and_its_parents(tmp_path):
    logdir = tmp_path / "tf_logs" / "run-20160906091959"
    with FileWriter(logdir) as writer:
        assert writer.get_logdir() == str(logdir)
    assert logdir.is_dir()


def test_event_file_is_named_like_tensorflows(tmp_path):
    before = int(time.time())
    with FileWriter(tmp_path, filename_suffix=".v2") as writer:
        name = os.path.basename(writer.event_file_path)
    match = re.fullmatch(r"events\.out\.tfevents\.(\d{10})\.(.+)\.v2", name)
    assert match, name
    assert before <= int(match.group(1)) <= int(time.time())
    assert match.group(2) == socket.gethostname()


def test_first_record_is_the_file_version_and_is_on_disk_at_once(tmp_path):
    writer = FileWriter(tmp_path)
    try:
        (first,) = read_events(writer.event_file_path)  # before any flush or close
        assert first.file_version == "brain.Event:2"
        assert first.wall_time == pytest.approx(time.time(), abs=60)
    finally:
        writer.close()


def test_summaries_are_written_with_steps_and_wall_times_in_order(tmp_path):
    with FileWriter(tmp_path) as writer:
        start = time.time()
        for step in range(0, 50, 10):
            writer.add_summary(scalar("MSE", step / 10), step)
        end = time.time()
    events = read_events(only_event_file(tmp_path))[1:]
    assert [e.step for e in events] == [0, 10, 20, 30, 40]
    assert [e.summary.value[0].simple_value for e in events] == [0.0, 1.0, 2.0, 3.0, 4.0]
    wall_times = [e.wall_time for e in events]
    assert wall_times == sorted(wall_times) and start <= wall_times[0] and wall_times[-1] <= end


@pytest.mark.parametrize(
    "summary",
    [
        scalar("a", 1.0),
        bytearray(scalar("a", 1.0)),
        np.array(scalar("a", 1.0), dtype=object),  # what Session.run may return for a string scalar
        Summary(value=[Summary.Value(tag="a", simple_value=1.0)]),
        pytest.param("tensorboard", id="tensorboard-Summary"),
    ],
)
def test_add_summary_accepts_bytes_arrays_and_messages(tmp_path, summary):
    if summary == "tensorboard":
        from tensorboard.compat.proto.summary_pb2 import Summary as TensorBoardSummary

        summary = TensorBoardSummary(value=[TensorBoardSummary.Value(tag="a", simple_value=1.0)])
    with FileWriter(tmp_path) as writer:
        writer.add_summary(summary, np.int64(7))
    (event,) = read_events(only_event_file(tmp_path))[1:]
    assert (event.step, event.summary.value[0].tag, event.summary.value[0].simple_value) == (7, "a", 1.0)


@pytest.mark.parametrize("make", [np.bytes_, lambda b: np.array([b])], ids=["bytes_", "S-array"])
def test_numpy_fixed_width_bytes_are_rejected_because_they_drop_trailing_zeros(tmp_path, make):
    serialized = scalar("loss", 0.0)
    assert bytes(np.array([serialized])[0]) == serialized.rstrip(b"\x00") != serialized  # the loss guarded
    with FileWriter(tmp_path) as writer:
        with pytest.raises(TypeError, match="lose trailing zero bytes.*pass Python bytes or an object array"):
            writer.add_summary(make(serialized), 1)


def test_step_defaults_to_zero_and_accepts_integral_numbers(tmp_path):
    with FileWriter(tmp_path) as writer:
        writer.add_summary(scalar("a", 1.0))
        writer.add_summary(scalar("a", 1.0), 12.0)
        writer.add_summary(scalar("a", 1.0), np.array(13))
    assert [e.step for e in read_events(only_event_file(tmp_path))[1:]] == [0, 12, 13]


@pytest.mark.parametrize("step", [1.5, "3", True])
def test_non_integer_step_is_rejected(tmp_path, step):
    with FileWriter(tmp_path) as writer:
        with pytest.raises(TypeError, match="global_step must be an integer"):
            writer.add_summary(scalar("a", 1.0), step)


def test_non_summary_argument_is_rejected_with_a_hint(tmp_path):
    with FileWriter(tmp_path) as writer:
        with pytest.raises(TypeError, match="add_summary expects the bytes of a serialized Summary.*got float"):
            writer.add_summary(0.5, 1)
        with pytest.raises(ValueError, match="add_summary: could not parse the summary"):
            writer.add_summary(b"\xff\xff\xff", 1)


def test_plugin_metadata_is_written_only_the_first_time_a_tag_is_seen(tmp_path):
    with FileWriter(tmp_path) as writer:
        writer.add_summary(text("notes", "first"), 1)
        writer.add_summary(text("notes", "second"), 2)
        writer.add_summary(text("other", "third"), 3)
    events = read_events(only_event_file(tmp_path))[1:]
    assert [e.summary.value[0].HasField("metadata") for e in events] == [True, False, True]
    assert events[1].summary.value[0].tensor.string_val == [b"second"]


def test_rejected_call_does_not_swallow_the_first_metadata_of_a_tag(tmp_path):
    with FileWriter(tmp_path) as writer:
        with pytest.raises(TypeError):
            writer.add_summary(text("notes", "first"), 1.5)
        writer.add_summary(text("notes", "first"), 1)
    (event,) = read_events(only_event_file(tmp_path))[1:]
    assert event.summary.value[0].metadata.plugin_data.plugin_name == "text"


def test_graph_is_written_as_a_graph_def_event(tmp_path, linear_regression_graph):
    with FileWriter(tmp_path, linear_regression_graph):
        pass
    events = read_events(only_event_file(tmp_path))
    graph_def = GraphDef.FromString(events[1].graph_def)
    assert "loss/mse" in [node.name for node in graph_def.node]


def test_add_graph_accepts_a_graph_def_and_a_step(tmp_path):
    with FileWriter(tmp_path) as writer:
        writer.add_graph(GraphDef(node=[{"name": "a", "op": "NoOp"}]), global_step=3)
    event = read_events(only_event_file(tmp_path))[1]
    assert event.step == 3 and GraphDef.FromString(event.graph_def).node[0].name == "a"


def test_add_graph_rejects_other_objects(tmp_path):
    with FileWriter(tmp_path) as writer:
        with pytest.raises(TypeError, match="add_graph expects a Graph or a GraphDef, got str"):
            writer.add_graph("graph")


def test_add_event_writes_the_event_unchanged(tmp_path):
    from tensorboard.compat.proto.event_pb2 import Event as TensorBoardEvent

    with FileWriter(tmp_path) as writer:
        writer.add_event(Event(wall_time=123.0, step=4, file_version="custom"))
        writer.add_event(TensorBoardEvent(wall_time=456.0, step=5))
        with pytest.raises(TypeError, match="add_event expects an Event protocol buffer, got bytes"):
            writer.add_event(b"")
    events = read_events(only_event_file(tmp_path))[1:]
    assert [(e.wall_time, e.step) for e in events] == [(123.0, 4), (456.0, 5)]


def test_flush_puts_queued_summaries_on_disk(tmp_path):
    writer = FileWriter(tmp_path, max_queue=1000, flush_secs=3600)
    try:
        writer.add_summary(scalar("a", 1.0), 1)
        writer.flush()
        assert len(read_events(writer.event_file_path)) == 2
    finally:
        writer.close()


def test_background_thread_flushes_within_flush_secs_without_being_asked(tmp_path):
    writer = FileWriter(tmp_path, max_queue=1000, flush_secs=0.2)
    try:
        writer.add_summary(scalar("a", 1.0), 1)
        deadline = time.monotonic() + 30  # generous bound; the point is that it happens at all
        while len(read_events(writer.event_file_path)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(read_events(writer.event_file_path)) == 2
    finally:
        writer.close()


def test_many_summaries_from_a_tight_loop_all_arrive_in_order(tmp_path):
    with FileWriter(tmp_path, max_queue=3) as writer:
        for step in range(2000):
            writer.add_summary(scalar("a", float(step)), step)
    events = read_events(only_event_file(tmp_path))[1:]
    assert [e.step for e in events] == list(range(2000))


def test_close_then_add_is_an_error_and_reopen_starts_a_new_file(tmp_path):
    writer = FileWriter(tmp_path)
    writer.add_summary(scalar("a", 1.0), 1)
    writer.close()
    writer.close()  # closing twice is harmless
    with pytest.raises(RuntimeError, match="is closed; call reopen"):
        writer.add_summary(scalar("a", 2.0), 2)
    first_file = writer.event_file_path
    writer.reopen()
    writer.add_summary(scalar("a", 3.0), 3)
    writer.reopen()  # no-op while open
    writer.close()
    assert writer.event_file_path != first_file
    assert event_files(tmp_path) == sorted([first_file, writer.event_file_path])
    assert [e.step for e in read_events(writer.event_file_path)] == [0, 3]
    assert read_events(writer.event_file_path)[0].file_version == "brain.Event:2"


def test_two_writers_in_the_same_second_get_separate_files(tmp_path):
    with FileWriter(tmp_path) as a, FileWriter(tmp_path) as b:
        a.add_summary(scalar("a", 1.0), 1)
        b.add_summary(scalar("b", 2.0), 2)
    assert a.event_file_path != b.event_file_path
    assert read_events(a.event_file_path)[1].summary.value[0].tag == "a"
    assert read_events(b.event_file_path)[1].summary.value[0].tag == "b"


def test_context_manager_closes_even_on_error(tmp_path):
    with pytest.raises(KeyError):
        with FileWriter(tmp_path) as writer:
            writer.add_summary(scalar("a", 1.0), 1)
            raise KeyError("boom")
    assert "closed" in repr(writer)
    assert len(read_events(only_event_file(tmp_path))) == 2


def test_forgotten_writer_is_flushed_at_interpreter_exit(tmp_path):
    script = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {REPO_ROOT!r})
        from jupyter_flow.summary import FileWriter
        from jupyter_flow.summary.summary_proto import scalar
        writer = FileWriter({str(tmp_path)!r}, max_queue=1000, flush_secs=3600)
        for step in range(5):
            writer.add_summary(scalar("loss", step), step)
        print(writer.event_file_path)
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    assert [e.step for e in read_events(only_event_file(tmp_path))[1:]] == [0, 1, 2, 3, 4]


def test_garbage_collected_writer_closes_its_file_and_thread(tmp_path):
    writer = FileWriter(tmp_path, max_queue=1000, flush_secs=3600)
    writer.add_summary(scalar("a", 1.0), 1)
    path = writer.event_file_path
    thread_name = f"EventFile({path})"
    del writer
    gc.collect()
    assert thread_name not in [t.name for t in threading.enumerate()]
    assert len(read_events(path)) == 2


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(max_queue=-1), "max_queue must be an int >= 0"),
        (dict(flush_secs=0), "flush_secs must be a number of seconds > 0"),
        (dict(flush_secs="120"), "flush_secs must be a number of seconds > 0"),
    ],
)
def test_bad_options_are_rejected(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        FileWriter(tmp_path, **kwargs)


def test_logdir_that_is_a_file_gives_a_clear_os_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(NotADirectoryError, match=f"logdir {blocker} exists and is not a directory"):
        FileWriter(blocker)
