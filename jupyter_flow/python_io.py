"""tf.python_io (and tf.io): writing and reading TFRecord files from Python, optionally compressed
with GZIP or ZLIB as TensorFlow compresses them (one deflate stream over all the framed records).

    >>> with tf.python_io.TFRecordWriter("/tmp/data.tfrecord") as w:
    ...     w.write(example.SerializeToString())
    >>> list(tf.python_io.tf_record_iterator("/tmp/data.tfrecord"))
"""
import os
import struct
import zlib

from .framework import errors
from .summary.tfrecord import encode_record, masked_crc32c

_LENGTH = struct.Struct("<Q")
_CRC = struct.Struct("<I")


class TFRecordCompressionType:
    """The compression of a TFRecord file (TF's enum values)."""
    NONE = 0
    ZLIB = 1
    GZIP = 2


_NAME_OF_TYPE = {TFRecordCompressionType.NONE: "", TFRecordCompressionType.ZLIB: "ZLIB",
                 TFRecordCompressionType.GZIP: "GZIP"}


class TFRecordOptions:
    """How a TFRecord file is compressed: compression_type "" / "ZLIB" / "GZIP" (or the enum), and
    zlib's settings (TF's defaults: level -1, 15 window bits, memory level 9).

    >>> tf.python_io.TFRecordWriter(path, tf.python_io.TFRecordOptions("GZIP"))
    """
    compression_type_map = {TFRecordCompressionType.ZLIB: "ZLIB", TFRecordCompressionType.GZIP: "GZIP",
                            TFRecordCompressionType.NONE: ""}

    def __init__(self, compression_type=None, flush_mode=None, input_buffer_size=None, output_buffer_size=None,
                 window_bits=None, compression_level=None, compression_method=None, mem_level=None,
                 compression_strategy=None):
        self.compression_type = compression_type
        self.flush_mode = flush_mode
        self.input_buffer_size = input_buffer_size
        self.output_buffer_size = output_buffer_size
        self.window_bits = window_bits
        self.compression_level = compression_level
        self.compression_method = compression_method
        self.mem_level = mem_level
        self.compression_strategy = compression_strategy
        _compression_name(compression_type)  # refuse an unknown type here, not at the first write

    @classmethod
    def get_compression_type_string(cls, options):
        """"", "ZLIB" or "GZIP" for options (a TFRecordOptions, a type name, the enum or None)."""
        if isinstance(options, TFRecordOptions):
            return _compression_name(options.compression_type)
        return _compression_name(options)


def _compression_name(kind):
    if kind is None:
        return ""
    if isinstance(kind, TFRecordOptions):
        return _compression_name(kind.compression_type)
    if isinstance(kind, int) and kind in _NAME_OF_TYPE:
        return _NAME_OF_TYPE[kind]
    if isinstance(kind, str) and kind.upper() in ("", "ZLIB", "GZIP"):
        return kind.upper()
    raise ValueError(f'Unsupported compression type {kind!r}: use "" (none), "ZLIB" or "GZIP" '
                     f"(or tf.python_io.TFRecordCompressionType)")


def _options(options):
    return options if isinstance(options, TFRecordOptions) else TFRecordOptions(options)


def _wbits(name, options):
    bits = options.window_bits if options.window_bits is not None else zlib.MAX_WBITS
    return bits + 16 if name == "GZIP" else bits  # +16: a gzip header and trailer around the deflate stream


def _not_found(path, e):
    return errors.NotFoundError(None, None, f"{path}; {e.strerror or 'No such file or directory'}")


class TFRecordWriter:
    """Writes records (bytes, usually serialized tf.train.Example) to a TFRecord file.

    >>> with tf.python_io.TFRecordWriter("/tmp/a.tfrecord", "GZIP") as w:
    ...     w.write(b"record")
    """

    def __init__(self, path, options=None):
        self._path = os.fspath(path)
        opts = _options(options)
        self._compression = _compression_name(opts.compression_type)
        try:
            self._file = open(self._path, "wb")
        except FileNotFoundError as e:
            raise _not_found(self._path, e) from None
        self._deflate = None
        if self._compression:
            level = opts.compression_level if opts.compression_level is not None else zlib.Z_DEFAULT_COMPRESSION
            self._deflate = zlib.compressobj(level, zlib.DEFLATED, _wbits(self._compression, opts),
                                             opts.mem_level if opts.mem_level is not None else 9,
                                             opts.compression_strategy or zlib.Z_DEFAULT_STRATEGY)

    def write(self, record):
        """Append one record (bytes; a str is written as UTF-8)."""
        if self._file is None:
            raise errors.FailedPreconditionError(None, None, f"TFRecordWriter for {self._path} is closed")
        data = encode_record(record.encode() if isinstance(record, str) else bytes(record))
        self._file.write(self._deflate.compress(data) if self._deflate else data)

    def flush(self):
        """Push what was written to the file (a compressed file stays readable up to here)."""
        if self._file is None:
            return
        if self._deflate:
            self._file.write(self._deflate.flush(zlib.Z_SYNC_FLUSH))
        self._file.flush()

    def close(self):
        """Finish the file (the compressed stream's end) and close it."""
        if self._file is None:
            return
        if self._deflate:
            self._file.write(self._deflate.flush(zlib.Z_FINISH))
        self._file.close()
        self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        if getattr(self, "_file", None) is not None:
            self.close()


def _file_bytes(path, options):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError as e:
        raise _not_found(path, e) from None
    opts = _options(options)
    name = _compression_name(opts.compression_type)
    if not name:
        return raw
    try:
        return zlib.decompressobj(_wbits(name, opts)).decompress(raw)
    except zlib.error as e:
        raise errors.DataLossError(None, None, f"{path}: not a valid {name} stream ({e}); was it written with "
                                               f"compression_type={name!r}?") from None


def tf_record_iterator(path, options=None):
    """Yield the records of a TFRecord file as bytes, their checksums checked (DataLossError names
    the byte offset of a corrupted or truncated record).

    >>> [tf.train.Example.FromString(r) for r in tf.python_io.tf_record_iterator(path)]
    """
    data = _file_bytes(os.fspath(path), options)
    view = memoryview(data)
    offset = 0
    while offset < len(view):
        if offset + 12 > len(view):
            raise errors.DataLossError(None, None, f"truncated record at {offset}")
        header = bytes(view[offset:offset + 8])
        if _CRC.unpack_from(view, offset + 8)[0] != masked_crc32c(header):
            raise errors.DataLossError(None, None, f"corrupted record at {offset}")
        (length,) = _LENGTH.unpack(header)
        start = offset + 12
        if start + length + 4 > len(view):
            raise errors.DataLossError(None, None, f"truncated record at {offset}")
        record = bytes(view[start:start + length])
        if _CRC.unpack_from(view, start + length)[0] != masked_crc32c(record):
            raise errors.DataLossError(None, None, f"corrupted record at {start}")
        yield record
        offset = start + length + 4


__all__ = ["TFRecordCompressionType", "TFRecordOptions", "TFRecordWriter", "tf_record_iterator"]
