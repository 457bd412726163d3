"""tf.decode_csv reads numbers with spaces around them as TF1 does (its parsers allow leading and
trailing spaces; a field of spaces only is still an error). Values from tensorflow.compat.v1."""
import numpy as np
import pytest

import jupyter_flow as tf


def _decode(record, defaults):
    with tf.Session() as sess:
        return sess.run(tf.decode_csv(tf.constant([record]), record_defaults=defaults))


def test_numbers_with_spaces_around_them_parse_as_tf1():
    # the CSV of handson-ml's chapter 12: "x1, x2 , target" / "4., 5. , 1"
    x1, x2, y = _decode("4., 5. ,1", [[-1.0], [-1.0], [0]])
    assert (x1.tolist(), x2.tolist(), y.tolist()) == ([4.0], [5.0], [1]) and y.dtype == np.int32
    assert [c.tolist() for c in _decode("1,2,3 ", [[0]] * 3)] == [[1], [2], [3]]
    assert [c.tolist() for c in _decode(" 7, 8 ,0", [[0.0], [np.float64(0)], [np.int64(0)]])] == [[7.0], [8.0], [0]]


def test_spaces_stay_in_string_fields_and_empty_fields_take_the_default():
    assert [c.tolist() for c in _decode("x1, x2 , target", [[""]] * 3)] == [[b"x1"], [b" x2 "], [b" target"]]
    assert [c.tolist() for c in _decode("1.,, 0", [[-1.0]] * 3)] == [[1.0], [-1.0], [0.0]]


def test_a_field_of_spaces_only_or_trailing_text_is_still_invalid():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Field 1 in record 0 is not a valid float"):
        _decode("1,  ,3", [[-1.0]] * 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Field 2 in record 0 is not a valid int32"):
        _decode("1,2,3 x", [[0]] * 3)
