"""tf.strings and TF1's string functions; expected values are TF 1.x's for the same inputs."""
import numpy as np
import pytest

import jupyter_flow as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def _run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


def test_string_join_broadcasts_scalars():
    out = _run(tf.string_join([["a", "b"], "-", tf.constant(["x", "y"])], separator="|"))
    assert out.tolist() == [b"a|-|x", b"b|-|y"]
    assert tf.strings.join is tf.string_join


def test_length_case_and_strip():
    words = tf.constant(["  Hello ", "wörld"])
    length, utf8, up, low, strip = _run([tf.strings.length(words), tf.strings.length(words, unit="UTF8_CHAR"),
                                        tf.strings.upper(words), tf.strings.lower(words), tf.string_strip(words)])
    assert length.tolist() == [8, 6] and utf8.tolist() == [8, 5] and length.dtype == np.int32
    assert up.tolist() == [b"  HELLO ", "WöRLD".encode()] and low.tolist() == [b"  hello ", "wörld".encode()]
    assert strip.tolist() == [b"Hello", "wörld".encode()]


def test_substr_counts_bytes_and_rejects_a_start_past_the_end():
    assert _run(tf.substr(["hello", "hi"], 1, 3)).tolist() == [b"ell", b"i"]
    assert _run(tf.substr(["hello", "hi"], [0, 1], [2, 5])).tolist() == [b"he", b"i"]
    with pytest.raises(tf.errors.InvalidArgumentError, match="out of range"):
        _run(tf.substr(["hi"], 5, 1))


def test_string_to_number_parses_or_names_the_bad_string():
    assert _run(tf.string_to_number(["1.5", "-2", "1e3"])).tolist() == [1.5, -2.0, 1000.0]
    ints = _run(tf.strings.to_number(["7", "-12"], out_type=tf.int64))
    assert ints.tolist() == [7, -12] and ints.dtype == np.int64
    with pytest.raises(tf.errors.InvalidArgumentError, match="could not correctly convert string: 12abc"):
        _run(tf.string_to_number(["12abc"]))


def test_regex_replace_and_full_match():
    text = tf.constant(["a1b22c", "no digits"])
    every, first, groups, match = _run([
        tf.regex_replace(text, "[0-9]+", "#"), tf.strings.regex_replace(text, "[0-9]", "#", replace_global=False),
        tf.strings.regex_replace(["john smith"], r"(\w+) (\w+)", r"\2, \1"),
        tf.strings.regex_full_match(text, "[a-z0-9]+")])
    assert every.tolist() == [b"a#b#c", b"no digits"] and first.tolist() == [b"a#b22c", b"no digits"]
    assert groups.tolist() == [b"smith, john"] and match.tolist() == [True, False]


def test_reduce_join_along_axes_in_row_major_order():
    x = tf.constant([["a", "b"], ["c", "d"]])
    rows, cols, everything, kept = _run([tf.reduce_join(x, 1), tf.strings.reduce_join(x, axis=0, separator="-"),
                                         tf.reduce_join(x), tf.reduce_join(x, 1, keep_dims=True)])
    assert rows.tolist() == [b"ab", b"cd"] and cols.tolist() == [b"a-c", b"b-d"] and everything == b"abcd"
    assert kept.shape == (2, 1)
    assert tf.reduce_join(x, 1, keep_dims=True).shape.as_list() == [2, 1]


def test_string_op_on_numbers_says_to_convert_first():
    with pytest.raises((TypeError, ValueError)):
        tf.strings.upper(tf.constant([1, 2]))
