"""tf.python_io / tf.io TFRecord files: the bytes TensorFlow writes (plain, GZIP, ZLIB; literals from
tensorflow.compat.v1), reading them back, and TF's errors for damaged or missing files."""
import re

import pytest

import jupyter_flow as tf

_RECORDS = [b"hello", b"", b"worldworldworld"]
_TF_PLAIN = (b"\x03\x00\x00\x00\x00\x00\x00\x00\xb0\x99I\x0eabcnW\xf1!\x04\x00\x00\x00\x00\x00\x00\x00BER\x04defg"
             b"'\x07\x1b\xa1")  # records b"abc", b"defg"
_TF_GZIP = (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03ce\x80\x80W\x9bX\xec2Rsr\xf2w\xcb\xcbHB\xc5\x184\x99g\xb0\xdfx"
            b"\xd5\xb4\x88\x1f\xca\xcf\r\xd6\xe6,\xcf/\xcaIA\x10\x91\x8e\xd2\xdf\x00\x8e\xb3\x87\xe6D\x00\x00\x00")
_TF_ZLIB = (b"x\x9cce\x80\x80W\x9bX\xec2Rsr\xf2w\xcb\xcbHB\xc5\x184\x99g\xb0\xdfx\xd5\xb4\x88\x1f\xca\xcf\r\xd6\xe6,"
            b"\xcf/\xcaIA\x10\x91\x8e\xd2\xdf\x00\xfdc\x11\xde")


def test_writer_writes_tensorflows_bytes_and_the_iterator_reads_them(tmp_path):
    path = tmp_path / "plain.tfrecord"
    with tf.python_io.TFRecordWriter(str(path)) as writer:
        writer.write(b"abc")
        writer.write("defg")
    assert path.read_bytes() == _TF_PLAIN
    assert list(tf.python_io.tf_record_iterator(str(path))) == [b"abc", b"defg"]


@pytest.mark.parametrize("kind,tf_bytes", [("GZIP", _TF_GZIP), ("ZLIB", _TF_ZLIB)])
def test_compressed_files_match_tensorflow_byte_for_byte(tmp_path, kind, tf_bytes):
    path = tmp_path / f"{kind}.tfrecord"
    with tf.io.TFRecordWriter(str(path), tf.python_io.TFRecordOptions(kind)) as writer:
        for r in _RECORDS:
            writer.write(r)
    assert path.read_bytes() == tf_bytes
    theirs = tmp_path / "theirs"
    theirs.write_bytes(tf_bytes)
    assert list(tf.python_io.tf_record_iterator(str(theirs), kind)) == _RECORDS
    assert list(tf.io.tf_record_iterator(str(theirs), tf.python_io.TFRecordOptions(kind))) == _RECORDS


def test_options_name_the_compression_as_tensorflow():
    get = tf.python_io.TFRecordOptions.get_compression_type_string
    assert get("GZIP") == "GZIP" and get(None) == "" and get(tf.python_io.TFRecordCompressionType.ZLIB) == "ZLIB"
    assert get(tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)) == "GZIP"
    assert (tf.python_io.TFRecordCompressionType.NONE, tf.python_io.TFRecordCompressionType.GZIP) == (0, 2)
    with pytest.raises(ValueError, match="Unsupported compression type 'LZ4'"):
        tf.python_io.TFRecordOptions("LZ4")


def test_flushed_gzip_file_is_readable_before_close(tmp_path):
    path = tmp_path / "open.tfrecord"
    writer = tf.python_io.TFRecordWriter(str(path), "GZIP")
    writer.write(b"first")
    writer.flush()
    assert list(tf.python_io.tf_record_iterator(str(path), "GZIP")) == [b"first"]
    writer.close()


def test_damaged_and_missing_files_raise_tensorflows_errors(tmp_path):
    truncated = tmp_path / "truncated"
    truncated.write_bytes(_TF_PLAIN[:-3])
    with pytest.raises(tf.errors.DataLossError, match="truncated record at 19"):
        list(tf.python_io.tf_record_iterator(str(truncated)))
    bad = bytearray(_TF_PLAIN)
    bad[13] ^= 1
    corrupted = tmp_path / "corrupted"
    corrupted.write_bytes(bytes(bad))
    with pytest.raises(tf.errors.DataLossError, match="corrupted record at 12"):
        list(tf.python_io.tf_record_iterator(str(corrupted)))
    missing = str(tmp_path / "missing")
    with pytest.raises(tf.errors.NotFoundError, match=re.escape(f"{missing}; No such file or directory")):
        list(tf.python_io.tf_record_iterator(missing))
    with pytest.raises(tf.errors.NotFoundError, match="No such file or directory"):
        tf.python_io.TFRecordWriter(str(tmp_path / "no_dir" / "x"))
    with pytest.raises(tf.errors.DataLossError, match="not a valid GZIP stream"):
        list(tf.python_io.tf_record_iterator(str(corrupted), "GZIP"))
