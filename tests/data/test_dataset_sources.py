"""Dataset sources against TF1 (tf.compat.v1 of TensorFlow 2.21; values pasted from it)."""
import numpy as np
import pytest

import jupyter_flow as tf
from data_helpers import as_lists, run_all

D = tf.data.Dataset


def test_from_tensor_slices_of_an_array_gives_its_rows():
    assert as_lists(run_all(D.from_tensor_slices(np.array([[1, 2], [3, 4], [5, 6]])))) == [[1, 2], [3, 4], [5, 6]]


def test_from_tensor_slices_of_a_tuple_keeps_dtypes():
    out = run_all(D.from_tensor_slices((np.array([1., 2.]), np.array([3, 4]))))
    assert as_lists(out) == [(1.0, 3), (2.0, 4)]
    assert out[0][0].dtype == np.float64 and out[0][1].dtype == np.int64


def test_from_tensor_slices_of_a_dict_and_nested_tuples():
    out = run_all(D.from_tensor_slices({"a": np.array([1, 2]), "b": np.array([[1.5], [2.5]])}))
    assert as_lists(out) == [{"a": 1, "b": [1.5]}, {"a": 2, "b": [2.5]}]
    nested = run_all(D.from_tensor_slices(((np.array([1, 2]), np.array([3, 4])), np.array([5, 6]))))
    assert as_lists(nested) == [((1, 3), 5), ((2, 4), 6)]


def test_from_tensor_slices_refuses_mismatched_first_dimensions():
    with pytest.raises(ValueError, match="same first dimension"):
        D.from_tensor_slices((np.zeros(3), np.zeros(4)))


def test_from_tensors_is_one_element():
    out = run_all(D.from_tensors((np.array([1, 2]), 3)))
    assert as_lists(out) == [([1, 2], 3)]
    assert out[0][1].dtype == np.int32


def test_range_like_python():
    assert as_lists(run_all(D.range(5))) == [0, 1, 2, 3, 4]
    assert as_lists(run_all(D.range(2, 10, 3))) == [2, 5, 8]
    assert as_lists(run_all(D.range(5, 0, -2))) == [5, 3, 1]
    assert D.range(4).output_types is tf.int64


def test_zip_stops_with_the_shortest():
    assert as_lists(run_all(D.zip((D.range(3), D.range(10, 20))))) == [(0, 10), (1, 11), (2, 12)]


def test_output_types_shapes_and_classes():
    ds = D.from_tensor_slices((np.zeros((5, 3), np.float32), np.zeros(5, np.int32))).batch(2)
    assert ds.output_types == (tf.float32, tf.int32)
    assert [s.as_list() for s in ds.output_shapes] == [[None, 3], [None]]
    assert ds.output_classes == (tf.Tensor, tf.Tensor)
    dropped = D.from_tensor_slices((np.zeros((5, 3), np.float32), np.zeros(5, np.int32))).batch(2, drop_remainder=True)
    assert [s.as_list() for s in dropped.output_shapes] == [[2, 3], [2]]


def test_text_line_dataset_reads_lines_of_several_files(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("first\nsecond\r\n")
    b.write_text("third")
    out = run_all(tf.data.TextLineDataset([str(a), str(b)]))
    assert out == [b"first", b"second", b"third"]


def test_text_line_dataset_names_a_missing_file(tmp_path):
    x = tf.data.TextLineDataset(str(tmp_path / "nope.txt")).make_one_shot_iterator().get_next()
    with tf.Session() as sess, pytest.raises(tf.errors.NotFoundError, match="nope.txt"):
        sess.run(x)


def test_tfrecord_dataset_reads_the_framing_we_write(tmp_path):
    from jupyter_flow.summary.tfrecord import encode_record
    path = tmp_path / "r.tfrecord"
    path.write_bytes(b"".join(encode_record(r) for r in (b"hello", b"", b"\x00\xffbytes")))
    assert run_all(tf.data.TFRecordDataset(str(path))) == [b"hello", b"", b"\x00\xffbytes"]
    damaged = bytearray(path.read_bytes())
    damaged[14] ^= 1
    path.write_bytes(bytes(damaged))
    x = tf.data.TFRecordDataset(str(path)).make_one_shot_iterator().get_next()
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="corrupted record"):
        sess.run(x)


def test_from_generator_calls_python_each_pass():
    def gen():
        for i in range(3):
            yield i, [i] * 2

    ds = D.from_generator(gen, (tf.int64, tf.float32), (tf.TensorShape([]), tf.TensorShape([2]))).repeat(2)
    out = run_all(ds)
    assert as_lists(out) == [(0, [0.0, 0.0]), (1, [1.0, 1.0]), (2, [2.0, 2.0])] * 2


def test_from_generator_error_names_the_problem():
    def gen():
        yield 1
        raise RuntimeError("broken source")

    x = D.from_generator(gen, tf.int32).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert sess.run(x) == 1
        with pytest.raises(tf.errors.InvalidArgumentError, match="broken source"):
            sess.run(x)
