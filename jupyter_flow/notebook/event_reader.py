"""Incremental reading of scalar summaries from TensorBoard event files.

A log directory holds runs: every directory (the log directory itself included, named ".") that contains
`events.out.tfevents.*` files, as in TensorBoard. `LogDirReader.read_new()` returns only the scalars written
since the previous call: it remembers a byte offset per file, notices new files and new runs, and leaves a
record that is still being written (torn at the end of the file) for the next call.

Files are TFRecord framed (uint64 length, masked CRC32C of the length, payload, masked CRC32C of the payload);
payloads are `tensorflow.Event` protos, decoded with TensorBoard's maintained proto classes.
"""

import os
import struct
from typing import NamedTuple

from tensorboard.compat.proto import event_pb2
from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import masked_crc32c
from tensorboard.util import tensor_util

_HEADER = struct.Struct("<QI")  # payload length, masked CRC of those 8 bytes
_FOOTER = struct.Struct("<I")  # masked CRC of the payload
_READ_CHUNK_BYTES = 16 * 1024 * 1024  # bounds memory when catching up on a large file
EVENT_FILE_MARKER = "tfevents"  # TensorBoard picks up any file whose name contains this


class CorruptEventFile(ValueError):
    """An event file holds bytes that are not valid TFRecords (a checksum does not match)."""


class ScalarPoint(NamedTuple):
    run: str
    tag: str
    step: int
    wall_time: float
    value: float


class RecordFileTail:
    """Returns the complete TFRecord payloads appended to one file since the last call.

    >>> tail = RecordFileTail("logs/run-1/events.out.tfevents.1700000000.host")
    >>> payloads = tail.read_new_records()   # [] until a whole record is on disk
    """

    def __init__(self, path):
        self.path = path
        self.offset = 0  # bytes consumed: everything before is returned, everything after is not

    def read_new_records(self):
        records = []
        while True:
            size = os.path.getsize(self.path)
            if size < self.offset:
                raise CorruptEventFile(
                    f"{self.path} shrank from {self.offset} to {size} bytes while being read; "
                    "event files are append-only, so write a new file (a new FileWriter) instead of rewriting one"
                )
            available = size - self.offset
            if available < _HEADER.size:
                return records
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read(min(available, _READ_CHUNK_BYTES))
                (first_length, _) = _HEADER.unpack_from(data)
                first_record = _HEADER.size + first_length + _FOOTER.size
                if len(data) < first_record <= available:  # one record larger than a chunk
                    data += f.read(first_record - len(data))
            consumed = self._split_records(data, records)
            if consumed == 0:
                return records  # a torn record: its writer has not finished it yet
            self.offset += consumed

    def _split_records(self, data, records):
        pos = 0
        while len(data) - pos >= _HEADER.size:
            length, length_crc = _HEADER.unpack_from(data, pos)
            if masked_crc32c(data[pos : pos + 8]) != length_crc:
                raise CorruptEventFile(
                    f"{self.path}: the record header at byte {self.offset + pos} fails its checksum; "
                    "the file is not a TensorBoard event file or was damaged"
                )
            payload_start = pos + _HEADER.size
            end = payload_start + length + _FOOTER.size
            if end > len(data):
                break
            payload = data[payload_start : payload_start + length]
            (payload_crc,) = _FOOTER.unpack_from(data, payload_start + length)
            if masked_crc32c(payload) != payload_crc:
                raise CorruptEventFile(
                    f"{self.path}: the record at byte {self.offset + pos} fails its checksum; "
                    "the file was damaged after it was written"
                )
            records.append(payload)
            pos = end
        return pos


class EventFileScalars:
    """Decodes the scalar summaries of one event file, incrementally.

    >>> scalars = EventFileScalars("logs/run-1/events.out.tfevents.1700000000.host")
    >>> scalars.read_new()   # [(tag, step, wall_time, value), ...] written since the last call
    """

    def __init__(self, path):
        self._records = RecordFileTail(path)
        # TF2-style writers attach SummaryMetadata only to the first value of a tag, so remember it.
        self._plugin_of_tag = {}

    def read_new(self):
        points = []
        for payload in self._records.read_new_records():
            event = event_pb2.Event.FromString(payload)
            if event.WhichOneof("what") != "summary":
                continue
            for value in event.summary.value:
                scalar = self._scalar_of(value)
                if scalar is not None:
                    points.append((value.tag, event.step, event.wall_time, scalar))
        return points

    def _scalar_of(self, value):
        plugin = value.metadata.plugin_data.plugin_name
        if plugin:
            self._plugin_of_tag[value.tag] = plugin
        kind = value.WhichOneof("value")
        if kind == "simple_value":
            return float(value.simple_value)
        if kind == "tensor" and self._plugin_of_tag.get(value.tag) == "scalars":
            array = tensor_util.make_ndarray(value.tensor)
            if array.size == 1:
                return float(array.reshape(()))
        return None


def run_name(logdir, directory):
    """TensorBoard's run name: the directory relative to the log directory, "." for the log directory itself."""
    relative = os.path.relpath(directory, logdir)
    return "." if relative == os.curdir else relative.replace(os.sep, "/")


class LogDirReader:
    """Scalars appended anywhere under a log directory since the previous `read_new()`.

    >>> reader = LogDirReader("tf_logs")
    >>> reader.read_new()   # [ScalarPoint(run='run-2016...', tag='MSE', step=0, wall_time=..., value=...), ...]
    """

    def __init__(self, logdir):
        self.logdir = os.fspath(logdir)
        self._files = {}  # path -> EventFileScalars, in the order they were found
        self.broken_files = {}  # path -> why it is no longer read

    def read_new(self):
        self._discover_files()
        points = []
        for path in sorted(self._files):
            run = run_name(self.logdir, os.path.dirname(path))
            try:
                new = self._files[path].read_new()
            except FileNotFoundError:
                del self._files[path]  # deleted by its owner; what was read stays
                continue
            except CorruptEventFile as error:
                self.broken_files[path] = str(error)
                del self._files[path]
                continue
            points.extend(ScalarPoint(run, *point) for point in new)
        return points

    def _discover_files(self):
        for directory, subdirectories, filenames in os.walk(self.logdir):
            subdirectories.sort()
            for name in filenames:
                path = os.path.join(directory, name)
                if EVENT_FILE_MARKER in name and path not in self._files and path not in self.broken_files:
                    self._files[path] = EventFileScalars(path)
