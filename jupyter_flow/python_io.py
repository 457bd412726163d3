"""tf.python_io: write and read TFRecord files (what tf.TFRecordReader reads).

>>> with tf.python_io.TFRecordWriter("data.tfrecords") as writer:
...     writer.write(b"one record")
>>> list(tf.python_io.tf_record_iterator("data.tfrecords"))   # [b'one record']
"""
from .summary.tfrecord import encode_record, iter_records


class TFRecordCompressionType:
    NONE = 0
    ZLIB = 1
    GZIP = 2


class TFRecordOptions:
    """Options of a TFRecord file; only uncompressed files are supported."""

    compression_type_map = {TFRecordCompressionType.NONE: "", TFRecordCompressionType.ZLIB: "ZLIB",
                            TFRecordCompressionType.GZIP: "GZIP"}

    def __init__(self, compression_type=None):
        if isinstance(compression_type, int):
            compression_type = self.compression_type_map.get(compression_type, str(compression_type))
        self.compression_type = compression_type or ""

    @classmethod
    def get_compression_type_string(cls, options):
        return "" if options is None else options.compression_type


def _check_uncompressed(options):
    if TFRecordOptions.get_compression_type_string(options):
        raise NotImplementedError(f"compressed TFRecord files ({options.compression_type}) are not supported; "
                                  f"write them uncompressed")


class TFRecordWriter:
    """Writes records (bytes) to a TFRecord file, each with its length and CRC-32C checksums.

    >>> with tf.python_io.TFRecordWriter(path) as w: w.write(b"abc")
    """

    def __init__(self, path, options=None):
        _check_uncompressed(options)
        self._file = open(path, "wb")

    def write(self, record):
        if isinstance(record, str):
            record = record.encode("utf-8")
        self._file.write(encode_record(bytes(record)))

    def flush(self):
        self._file.flush()

    def close(self):
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def tf_record_iterator(path, options=None):
    """The records (bytes) of a TFRecord file, checksums checked.

    >>> for record in tf.python_io.tf_record_iterator(path): ...
    """
    _check_uncompressed(options)
    return iter_records(path)
