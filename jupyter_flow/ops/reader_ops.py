"""TF1's readers: tf.TextLineReader, tf.WholeFileReader, tf.FixedLengthRecordReader,
tf.TFRecordReader. A reader reads records from files whose names it dequeues from a queue of
strings (tf.train.string_input_producer's); its state (current file, position) lives in the
session (src_cpp/kernels/readers.cc).

>>> filename_queue = tf.train.string_input_producer(["data.csv"], num_epochs=1)
>>> key, value = tf.TextLineReader(skip_header_lines=1).read(filename_queue)
"""
from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.op_def import define_op, not_differentiable
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor

_STRING_SCALAR = (dtypes.string, TensorShape([]))


def _reader_infer(inputs, attrs):
    return [_STRING_SCALAR]


def _check_handles(inputs, op_type, n):
    if len(inputs) < n or any(t._dtype is not dtypes.string for t in inputs[:n]):
        raise TypeError(f"{op_type} needs a reader handle" + (" and a queue handle" if n > 1 else ""))


def _read_infer(inputs, attrs):
    _check_handles(inputs, "ReaderReadV2", 2)
    return [_STRING_SCALAR, _STRING_SCALAR]


def _read_up_to_infer(inputs, attrs):
    _check_handles(inputs, "ReaderReadUpToV2", 2)
    return [(dtypes.string, TensorShape([None]))] * 2


def _count_infer(inputs, attrs):
    _check_handles(inputs, "reader op", 1)
    return [(dtypes.int64, TensorShape([]))]


def _reset_infer(inputs, attrs):
    _check_handles(inputs, "ReaderResetV2", 1)
    return []


_READER_TYPES = ("TextLineReaderV2", "WholeFileReaderV2", "FixedLengthRecordReaderV2", "TFRecordReaderV2")
for _t in _READER_TYPES:
    define_op(_t, infer=_reader_infer, stateful=True)
define_op("ReaderReadV2", infer=_read_infer, stateful=True)
define_op("ReaderReadUpToV2", infer=_read_up_to_infer, stateful=True)
define_op("ReaderNumRecordsProducedV2", infer=_count_infer, stateful=True)
define_op("ReaderNumWorkUnitsCompletedV2", infer=_count_infer, stateful=True)
define_op("ReaderResetV2", infer=_reset_infer, stateful=True)
not_differentiable(*_READER_TYPES, "ReaderReadV2", "ReaderReadUpToV2", "ReaderNumRecordsProducedV2",
                   "ReaderNumWorkUnitsCompletedV2", "ReaderResetV2")


def _queue_ref(queue):
    return queue if not hasattr(queue, "queue_ref") else queue.queue_ref


class ReaderBase:
    """What every reader does: read one record, read up to n, count, reset.

    >>> key, value = reader.read(filename_queue)
    """

    def __init__(self, reader_ref, supports_serialize=False):
        self._reader_ref = reader_ref
        self._supports_serialize = supports_serialize

    @property
    def reader_ref(self):
        return self._reader_ref

    @property
    def supports_serialize(self):
        return self._supports_serialize

    def _op(self, op_type, inputs, name):
        g = self._reader_ref.graph
        with g.as_default():
            return g.create_op(op_type, (self._reader_ref, *inputs), {}, name or op_type)

    def read(self, queue, name=None):
        """(key, value) string scalars: the next record, dequeuing the next file name when the
        current file is done; OutOfRangeError once the queue is closed and empty.

        >>> key, value = reader.read(filename_queue)
        """
        return tuple(self._op("ReaderReadV2", (_queue_ref(queue),), name)._outputs)

    def read_up_to(self, queue, num_records, name=None):
        """(keys, values) string vectors of up to `num_records` records of one file.

        >>> keys, values = reader.read_up_to(filename_queue, 100)
        """
        with self._reader_ref.graph.as_default():
            n = convert_to_tensor(num_records, dtype=dtypes.int64)
        return tuple(self._op("ReaderReadUpToV2", (_queue_ref(queue), n), name)._outputs)

    def num_records_produced(self, name=None):
        """An int64 scalar: the records this reader has read in this session."""
        return self._op("ReaderNumRecordsProducedV2", (), name)._outputs[0]

    def num_work_units_completed(self, name=None):
        """An int64 scalar: the files this reader has finished in this session."""
        return self._op("ReaderNumWorkUnitsCompletedV2", (), name)._outputs[0]

    def reset(self, name=None):
        """An op returning the reader to its initial state (no current file, counts at 0)."""
        return self._op("ReaderResetV2", (), name)


def _reader(op_type, name, attrs):
    g = get_default_graph()
    with g.control_dependencies(None):
        return g.create_op(op_type, (), {"shared_name": "", **attrs}, name or op_type)._outputs[0]


class TextLineReader(ReaderBase):
    """Reads the lines of text files (without the line ending); keys are 'file:line_number'.

    >>> reader = tf.TextLineReader(skip_header_lines=1)
    """

    def __init__(self, skip_header_lines=None, name=None):
        super().__init__(_reader("TextLineReaderV2", name, {"skip_header_lines": int(skip_header_lines or 0)}))


class WholeFileReader(ReaderBase):
    """Reads each file as one record; the key is the file name.

    >>> key, contents = tf.WholeFileReader().read(filename_queue)
    """

    def __init__(self, name=None):
        super().__init__(_reader("WholeFileReaderV2", name, {}), supports_serialize=True)


class FixedLengthRecordReader(ReaderBase):
    """Reads records of `record_bytes` bytes (between a header and a footer); keys are
    'file:record_index'. CIFAR-10's binary files are read this way.

    >>> reader = tf.FixedLengthRecordReader(record_bytes=1 + 32 * 32 * 3)
    """

    def __init__(self, record_bytes, header_bytes=None, footer_bytes=None, hop_bytes=None, name=None, encoding=None):
        if encoding:
            raise NotImplementedError("FixedLengthRecordReader(encoding=...): compressed files are not supported")
        super().__init__(_reader("FixedLengthRecordReaderV2", name,
                                 {"record_bytes": int(record_bytes), "header_bytes": int(header_bytes or 0),
                                  "footer_bytes": int(footer_bytes or 0), "hop_bytes": int(hop_bytes or 0)}))


class TFRecordReader(ReaderBase):
    """Reads the records of TFRecord files (checksums checked); keys are 'file:byte_offset'.

    >>> key, serialized = tf.TFRecordReader().read(filename_queue)
    """

    def __init__(self, name=None, options=None):
        compression = ""
        if options is not None:
            compression = getattr(options, "compression_type", "") or ""
            if not isinstance(compression, str):
                compression = {0: "", 1: "ZLIB", 2: "GZIP"}.get(int(compression), str(compression))
        super().__init__(_reader("TFRecordReaderV2", name, {"compression_type": compression}))


# ----- whole files (tf.decode_raw, which turns record bytes into numbers, is in parsing_example_ops) -------
def _read_file_infer(inputs, attrs):
    if not inputs or inputs[0]._dtype is not dtypes.string:
        raise TypeError("ReadFile needs a file name (a string scalar)")
    return [_STRING_SCALAR]


define_op("ReadFile", infer=_read_file_infer, stateful=True)  # the file may change between runs
not_differentiable("ReadFile")


def read_file(filename, name=None):
    """A string scalar: the contents of the file named by `filename`.

    >>> image_bytes = tf.read_file(image_path)
    """
    g = get_default_graph()
    with g.as_default():
        f = convert_to_tensor(filename, dtype=dtypes.string)
        return g.create_op("ReadFile", (f,), {}, name or "ReadFile")._outputs[0]
