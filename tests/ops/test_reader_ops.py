"""tf.read_file and tf.decode_raw, which turn what readers and producers yield into tensors
(TF 1.x values and messages)."""
import numpy as np
import pytest

import jupyter_flow as tf


def test_decode_raw_reads_numbers_along_a_new_last_dimension():
    x = tf.decode_raw(tf.constant([b"\x01\x00\x02\x00", b"\x03\x00\x04\x01"]), tf.int16)
    big = tf.decode_raw(tf.constant([b"\x01\x00\x02\x00"]), tf.int16, little_endian=False)
    assert x.name == "DecodeRaw:0" and x.shape.as_list() == [2, None]
    with tf.Session() as sess:
        got, got_big = sess.run([x, big])
    np.testing.assert_array_equal(got, [[1, 2], [3, 260]])
    np.testing.assert_array_equal(got_big, [[256, 512]])
    assert got.dtype == np.int16


def test_decode_raw_refuses_a_length_that_is_not_a_multiple_of_the_type():
    bad = tf.decode_raw(tf.constant([b"abc"]), tf.int16)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Input to DecodeRaw has length 3 that is not a multiple of 2, the size of int16"):
            sess.run(bad)


def test_cifar_style_records_from_a_fixed_length_reader(tmp_path):
    path = tmp_path / "data_batch.bin"
    path.write_bytes(bytes([7, 1, 2, 3, 4]) + bytes([9, 5, 6, 7, 8]))
    fq = tf.FIFOQueue(2, [tf.string])
    _, value = tf.FixedLengthRecordReader(record_bytes=5).read(fq)
    record = tf.decode_raw(value, tf.uint8)
    label = tf.cast(tf.strided_slice(record, [0], [1]), tf.int32)
    pixels = tf.reshape(tf.strided_slice(record, [1], [5]), [2, 2])
    with tf.Session() as sess:
        sess.run(fq.enqueue(str(path)))
        first = sess.run([label, pixels])
        second = sess.run([label, pixels])
    assert first[0].tolist() == [7] and first[1].tolist() == [[1, 2], [3, 4]]
    assert second[0].tolist() == [9] and second[1].tolist() == [[5, 6], [7, 8]]


def test_read_file_reads_the_file_at_each_run(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes(b"first")
    contents = tf.read_file(str(path))
    assert contents.name == "ReadFile:0"
    with tf.Session() as sess:
        assert sess.run(contents) == b"first"
        path.write_bytes(b"second")
        assert sess.run(contents) == b"second"
        missing = tf.read_file(str(tmp_path / "absent"))
        with pytest.raises(tf.errors.NotFoundError, match="No such file or directory"):
            sess.run(missing)
