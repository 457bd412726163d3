"""tf.decode_raw: each string's bytes as numbers, values and messages from tensorflow.compat.v1."""
import re

import numpy as np
import pytest

import jupyter_flow as tf


def _run(t):
    with tf.Session() as sess:
        return sess.run(t)


def test_bytes_become_little_endian_numbers_with_one_more_dimension():
    out = tf.decode_raw(tf.constant([b"\x01\x00\x02\x00", b"\x03\x00\x04\x01"]), tf.int16)
    assert out.shape.as_list() == [2, None]
    value = _run(out)
    assert value.dtype == np.int16 and value.tolist() == [[1, 2], [3, 260]]
    assert _run(tf.decode_raw(tf.constant(np.float32([1.5, 2]).tobytes()), tf.float32)).tolist() == [1.5, 2.0]
    assert _run(tf.decode_raw(tf.constant([[b"ab", b"cd"]]), tf.uint8)).tolist() == [[[97, 98], [99, 100]]]
    assert _run(tf.decode_raw(tf.constant([b"\x01\x00"]), tf.bool)).tolist() == [[True, False]]
    assert _run(tf.io.decode_raw(tf.constant([], tf.string), tf.float32)).shape == (0, 0)


def test_big_endian_swaps_each_number():
    assert _run(tf.decode_raw(tf.constant([b"\x01\x00\x02\x00"]), tf.int16, little_endian=False)).tolist() == [[256, 512]]
    raw = np.array([1.25, -3.5], ">f8").tobytes()
    assert _run(tf.decode_raw(tf.constant(raw), tf.float64, little_endian=False)).tolist() == [1.25, -3.5]


def test_lengths_that_do_not_fit_the_type_are_errors_with_tf_messages():
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=re.escape("Input to DecodeRaw has length 3 that is not a multiple of 2, the size of int16")):
        _run(tf.decode_raw(tf.constant([b"\x01\x00\x02"]), tf.int16))
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape("the size of float")):
        _run(tf.decode_raw(tf.constant([b"\x01\x00\x02"]), tf.float32))
    # TF prints the first string's size, then the offending one's
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(
            "DecodeRaw requires input strings to all be the same size, but element 1 has size 4 != 2")):
        _run(tf.decode_raw(tf.constant([b"\x01\x00\x02\x00", b"\x01\x00"]), tf.int16))
    with pytest.raises(TypeError, match="out_type"):
        tf.decode_raw(tf.constant([b"ab"]), tf.string)
