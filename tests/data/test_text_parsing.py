"""tf.decode_csv, tf.string_split, tf.strings.split against TF1 (values pasted from tf.compat.v1)."""
import numpy as np
import pytest

import jupyter_flow as tf


def test_decode_csv_dtypes_defaults_and_quotes():
    cols = tf.decode_csv(tf.constant(["1,2.5,abc", '4,,"x,y"']), [[0], [9.0], [""]])
    with tf.Session() as sess:
        a, b, c = sess.run(cols)
    assert a.dtype == np.int32 and a.tolist() == [1, 4]
    assert b.dtype == np.float32 and b.tolist() == [2.5, 9.0]
    assert c.tolist() == [b"abc", b"x,y"]


def test_decode_csv_errors_name_field_and_record():
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Field 1 in record 0 is not a valid float: abc"):
            sess.run(tf.decode_csv(["1,abc"], [[0], [0.0]]))
        with pytest.raises(tf.errors.InvalidArgumentError, match="Expect 2 fields but have 3 in record 0"):
            sess.run(tf.decode_csv(["1,2,3"], [[0], [0.0]]))
        with pytest.raises(tf.errors.InvalidArgumentError, match="Field 1 is required"):
            sess.run(tf.decode_csv(["1,"], [[0], tf.constant([], tf.float32)]))


def test_decode_csv_select_cols_and_delimiter():
    a, b = tf.decode_csv(["1;x;3"], [[0], [0]], field_delim=";", select_cols=[0, 2])
    with tf.Session() as sess:
        assert [v.tolist() for v in sess.run([a, b])] == [[1], [3]]


def test_string_split_is_sparse():
    with tf.Session() as sess:
        sp = sess.run(tf.string_split(["a b  c", "d"]))
        assert sp.indices.tolist() == [[0, 0], [0, 1], [0, 2], [1, 0]]
        assert sp.values.tolist() == [b"a", b"b", b"c", b"d"] and sp.dense_shape.tolist() == [2, 3]
        keep = sess.run(tf.string_split(["a,b,,c"], delimiter=",", skip_empty=False))
        assert keep.values.tolist() == [b"a", b"b", b"", b"c"] and keep.dense_shape.tolist() == [1, 4]
        chars = sess.run(tf.string_split(["ab"], delimiter=""))
        assert chars.values.tolist() == [b"a", b"b"]


def test_strings_split_whitespace_separator_and_maxsplit():
    with tf.Session() as sess:
        ws = sess.run(tf.strings.split(["a  b c", " d "]))
        assert ws.values.tolist() == [b"a", b"b", b"c", b"d"] and ws.dense_shape.tolist() == [2, 3]
        sep = sess.run(tf.strings.split(["a,,b", ""], sep=","))
        assert sep.indices.tolist() == [[0, 0], [0, 1], [0, 2], [1, 0]]
        assert sep.values.tolist() == [b"a", b"", b"b", b""]
        most = sess.run(tf.strings.split(["a b c d"], maxsplit=2))
        assert most.values.tolist() == [b"a", b"b", b"c d"]


def test_text_lines_to_tokens_in_a_pipeline(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("the cat\nsat\n")
    ds = tf.data.TextLineDataset(str(path)).map(lambda line: tf.string_split([line]).values)
    x = ds.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert sess.run(x).tolist() == [b"the", b"cat"]
        assert sess.run(x).tolist() == [b"sat"]
