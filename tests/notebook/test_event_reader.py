import os

from tensorboard.compat.proto import event_pb2, summary_pb2

from jupyter_flow.notebook import event_reader
from jupyter_flow.notebook.event_reader import LogDirReader, ScalarPoint
from tfevents_writing import ScalarWriter, write_run


def test_reads_simple_value_scalars_of_every_run(tmp_path):
    write_run(tmp_path / "run-1", [(0, {"MSE": 2.5}), (10, {"MSE": 1.5})])
    write_run(tmp_path / "run-2", [(0, {"MSE": 3.0})])
    write_run(tmp_path, [(5, {"loss": 0.25})])

    points = LogDirReader(tmp_path).read_new()

    assert sorted(points) == sorted([
        ScalarPoint("run-1", "MSE", 0, 1700000000.0, 2.5),
        ScalarPoint("run-1", "MSE", 10, 1700000010.0, 1.5),
        ScalarPoint("run-2", "MSE", 0, 1700000000.0, 3.0),
        ScalarPoint(".", "loss", 5, 1700000005.0, 0.25),
    ])


def test_nested_run_directories_are_named_by_their_relative_path(tmp_path):
    write_run(tmp_path / "lr-0.01" / "train", [(1, {"MSE": 1.0})])

    (point,) = LogDirReader(tmp_path).read_new()

    assert point.run == "lr-0.01/train"


def test_records_appended_after_a_read_are_returned_once(tmp_path):
    writer = ScalarWriter(tmp_path / "run")
    writer.add(0, MSE=4.0)
    writer.flush()
    reader = LogDirReader(tmp_path)

    first = reader.read_new()
    nothing_new = reader.read_new()
    writer.add(1, MSE=3.0)
    writer.add(2, MSE=2.0)
    writer.flush()
    second = reader.read_new()
    writer.close()

    assert [(p.step, p.value) for p in first] == [(0, 4.0)]
    assert nothing_new == []
    assert [(p.step, p.value) for p in second] == [(1, 3.0), (2, 2.0)]


def test_new_runs_and_new_files_appear_between_reads(tmp_path):
    write_run(tmp_path / "run-1", [(0, {"MSE": 1.0})])
    reader = LogDirReader(tmp_path)
    reader.read_new()

    write_run(tmp_path / "run-2", [(0, {"MSE": 2.0})])
    write_run(tmp_path / "run-1", [(100, {"MSE": 0.5})])  # a second FileWriter in the same run

    assert sorted((p.run, p.step, p.value) for p in reader.read_new()) == [("run-1", 100, 0.5), ("run-2", 0, 2.0)]


def test_a_torn_last_record_is_read_once_its_writer_finishes_it(tmp_path):
    complete = write_run(tmp_path / "source", [(0, {"MSE": 1.0}), (1, {"MSE": 0.5}), (2, {"MSE": 0.25})])
    data = open(complete, "rb").read()
    last_record_length = 12 + len(_last_event_bytes(complete)) + 4
    torn = tmp_path / "watched" / "run" / os.path.basename(complete)
    torn.parent.mkdir(parents=True)
    reader = LogDirReader(tmp_path / "watched")

    record_start = len(data) - last_record_length
    for cut in (record_start + 5, record_start + 12 + 3, len(data) - 2):  # in the header, payload, footer
        torn.write_bytes(data[:cut])
        reader = LogDirReader(tmp_path / "watched")
        before = reader.read_new()
        with open(torn, "ab") as f:
            f.write(data[cut:])
        after = reader.read_new()

        assert [p.step for p in before] == [0, 1]
        assert [p.step for p in after] == [2]


def test_tf2_tensor_scalars_are_read_when_metadata_comes_only_with_the_first_value(tmp_path):
    write_run(tmp_path / "run", [(0, {"loss": 0.75}), (1, {"loss": 0.5})], tensor_values=True)

    points = LogDirReader(tmp_path).read_new()

    assert [(p.tag, p.step, p.value) for p in points] == [("loss", 0, 0.75), ("loss", 1, 0.5)]


def test_graphs_and_non_scalar_summaries_are_skipped(tmp_path):
    writer = ScalarWriter(tmp_path / "run")
    writer.add_event(event_pb2.Event(step=0, graph_def=b"\x0a\x03\x0a\x01x"))
    histogram = summary_pb2.Summary()
    value = histogram.value.add(tag="weights")
    value.metadata.plugin_data.plugin_name = "histograms"
    value.tensor.dtype = 1
    value.tensor.float_val.extend([1.0, 2.0, 3.0])
    writer.add_event(event_pb2.Event(step=0, summary=histogram))
    writer.add(0, MSE=1.0)
    writer.close()

    assert [(p.tag, p.value) for p in LogDirReader(tmp_path).read_new()] == [("MSE", 1.0)]


def test_a_damaged_file_is_reported_by_path_and_other_runs_still_read(tmp_path):
    damaged = write_run(tmp_path / "bad", [(0, {"MSE": 1.0})])
    data = bytearray(open(damaged, "rb").read())
    data[-6] ^= 0xFF  # a byte of the last payload
    open(damaged, "wb").write(bytes(data))
    write_run(tmp_path / "good", [(0, {"MSE": 2.0})])
    reader = LogDirReader(tmp_path)

    points = reader.read_new()

    assert [(p.run, p.value) for p in points] == [("good", 2.0)]
    assert list(reader.broken_files) == [damaged]
    assert "checksum" in reader.broken_files[damaged] and damaged in reader.broken_files[damaged]


def test_records_larger_than_one_read_chunk_are_read_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(event_reader, "_READ_CHUNK_BYTES", 20)
    write_run(tmp_path / "run", [(step, {"MSE": float(step), "a_long_tag_name_for_a_bigger_record": 1.0})
                                 for step in range(50)])

    points = LogDirReader(tmp_path).read_new()

    assert [p.step for p in points if p.tag == "MSE"] == list(range(50))


def test_a_missing_log_directory_reads_as_empty_until_it_appears(tmp_path):
    reader = LogDirReader(tmp_path / "tf_logs")

    assert reader.read_new() == []
    write_run(tmp_path / "tf_logs" / "run-1", [(0, {"MSE": 1.0})])
    assert [p.run for p in reader.read_new()] == ["run-1"]


def _last_event_bytes(path):
    return event_pb2.Event(step=2, wall_time=1700000002.0, summary=summary_pb2.Summary(
        value=[summary_pb2.Summary.Value(tag="MSE", simple_value=0.25)])).SerializeToString()
