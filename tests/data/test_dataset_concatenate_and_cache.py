"""Dataset.concatenate and Dataset.cache(filename) against TF1 (tf.compat.v1 of TensorFlow 2.21;
values pasted from it)."""
import os

import numpy as np
import pytest

import jupyter_flow as tf
from data_helpers import as_lists, run_all

D = tf.data.Dataset


def test_concatenate_emits_one_dataset_after_the_other():
    assert as_lists(run_all(D.range(3).concatenate(D.range(5, 7)))) == [0, 1, 2, 5, 6]


def test_batches_of_a_concatenation_cross_the_seam():
    # TF1: [[0, 1, 2], [3, 4, 10], [11]]; batching each side first keeps each side's last batch.
    assert as_lists(run_all(D.range(5).concatenate(D.range(10, 12)).batch(3))) == [[0, 1, 2], [3, 4, 10], [11]]
    assert as_lists(run_all(D.range(1, 8).batch(3).concatenate(D.range(10, 12).batch(3)))) == \
        [[1, 2, 3], [4, 5, 6], [7], [10, 11]]
    sliced = D.from_tensor_slices(np.arange(4.)).concatenate(D.from_tensor_slices(np.arange(10., 12.))).batch(4)
    assert as_lists(run_all(sliced)) == [[0.0, 1.0, 2.0, 3.0], [10.0, 11.0]]


def test_concatenate_keeps_the_structure_and_the_compatible_shape():
    a = D.from_tensor_slices((np.zeros((2, 3)), np.array([1, 2])))
    b = D.from_tensor_slices((np.ones((1, 4)), np.array([3])))
    both = a.concatenate(b)
    assert both.output_types == (tf.float64, tf.int64)
    assert both.output_shapes[0].as_list() == [None] and both.output_shapes[1].as_list() == []
    assert as_lists(run_all(both)) == [([0.0, 0.0, 0.0], 1), ([0.0, 0.0, 0.0], 2), ([1.0, 1.0, 1.0, 1.0], 3)]
    assert as_lists(run_all(D.range(2).concatenate(D.range(1)).repeat(2))) == [0, 1, 0, 0, 1, 0]


def test_concatenate_refuses_other_types_and_structures():
    with pytest.raises(TypeError, match="different types"):
        D.range(3).concatenate(D.from_tensor_slices(np.zeros(2, np.float32)))
    with pytest.raises(TypeError, match="different structures"):
        D.range(3).concatenate(D.zip((D.range(2), D.range(2))))


def _counted(prints="computed "):
    return D.range(3).map(lambda x: tf.Print(x * 10, [x], prints))


def test_file_cache_is_written_by_the_first_pass_and_read_after(tmp_path, capsys):
    name = str(tmp_path / "cache")
    assert as_lists(run_all(_counted().cache(name).repeat(2))) == [0, 10, 20, 0, 10, 20]
    assert capsys.readouterr().err.count("computed") == 3
    assert os.listdir(tmp_path) == ["cache.jfcache"]
    # Another graph, another session: the file is read, the map not run.
    tf.reset_default_graph()
    assert as_lists(run_all(_counted().cache(name))) == [0, 10, 20]
    assert capsys.readouterr().err.count("computed") == 0


def test_file_cache_holds_strings_and_every_shape(tmp_path):
    name = str(tmp_path / "c")
    ds = D.from_tensor_slices((np.array([b"a", b"", b"xyz"]), np.arange(6, dtype=np.float32).reshape(3, 2)))
    first = as_lists(run_all(ds.cache(name)))
    tf.reset_default_graph()
    again = as_lists(run_all(D.from_tensor_slices((np.array([b"q"]), np.zeros((1, 2), np.float32))).cache(name)))
    assert first == again == [(b"a", [0.0, 1.0]), (b"", [2.0, 3.0]), (b"xyz", [4.0, 5.0])]


def test_a_partial_pass_leaves_no_cache_file(tmp_path, capsys):
    name = str(tmp_path / "cache")
    it = _counted().cache(name).make_initializable_iterator()
    x = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer)
        assert sess.run(x) == 0
        sess.run(it.initializer)  # the first pass is abandoned: its temporary file goes
        files = os.listdir(tmp_path)
        assert len(files) == 1 and files[0].startswith("cache.jfcache.tmp-")  # the new pass's, unfinished
        assert [sess.run(x) for _ in range(3)] == [0, 10, 20]
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(x)
    assert os.listdir(tmp_path) == ["cache.jfcache"]
    capsys.readouterr()


def test_a_damaged_cache_file_is_an_error_naming_it(tmp_path):
    name = str(tmp_path / "cache")
    run_all(D.range(4).cache(name))
    path = name + ".jfcache"
    with open(path, "r+b") as f:
        f.truncate(os.path.getsize(path) - 3)
    tf.reset_default_graph()
    x = D.range(4).cache(name).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert [sess.run(x) for _ in range(3)] == [0, 1, 2]
        with pytest.raises(tf.errors.InvalidArgumentError, match="cache.jfcache is damaged"):
            sess.run(x)


def test_file_cache_in_a_missing_directory_is_not_found(tmp_path):
    x = D.range(2).cache(str(tmp_path / "no" / "such")).make_one_shot_iterator().get_next()
    with tf.Session() as sess, pytest.raises(tf.errors.NotFoundError, match="cannot write the cache file"):
        sess.run(x)
