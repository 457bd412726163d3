"""tf.sparse_reorder, sparse_reshape, sparse.transpose, sparse_concat, sparse_slice, sparse_retain and
sparse_fill_empty_rows: entries, order and dense shapes as TF 2.21's tf.compat.v1 gives them (values
written in from TF), and the gradients to the values."""
import numpy as np
import pytest

import jupyter_flow as tf

SP = ([[0, 1], [2, 0], [2, 3]], [1.0, 2.0, -3.0], [3, 4])
UNSORTED = ([[2, 0], [0, 1], [1, 3], [0, 0]], [1.0, 2.0, 3.0, 4.0], [3, 4])


def run(sp):
    with tf.Session() as sess:
        v = sess.run(sp)
    return v.indices.tolist(), v.values.tolist(), v.dense_shape.tolist()


def test_reorder_sorts_entries_row_major():
    assert run(tf.sparse_reorder(tf.SparseTensor(*UNSORTED))) == (
        [[0, 0], [0, 1], [1, 3], [2, 0]], [4.0, 2.0, 3.0, 1.0], [3, 4])


def test_reorder_gradient_goes_back_to_the_original_entries():
    values = tf.constant(UNSORTED[1])
    out = tf.sparse_reorder(tf.SparseTensor(UNSORTED[0], values, UNSORTED[2]))
    grad = tf.gradients(tf.reduce_sum(out.values * tf.constant([1.0, 2.0, 3.0, 4.0])), values)[0]
    with tf.Session() as sess:
        assert sess.run(grad).tolist() == [4.0, 2.0, 3.0, 1.0]


def test_reshape_with_an_inferred_dimension():
    out = tf.sparse_reshape(tf.SparseTensor(*SP), [2, -1])
    assert out.shape.as_list() == [2, 6]
    assert run(out) == ([[0, 1], [1, 2], [1, 5]], [1.0, 2.0, -3.0], [2, 6])


def test_reshape_to_a_different_size_is_an_error_naming_the_shapes():
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match=r"SparseReshape.*\[3,4\].*\[5,2\]"):
        sess.run(tf.sparse_reshape(tf.SparseTensor(*SP), tf.constant([5, 2], tf.int64)))


def test_transpose_reverses_dimensions_and_reorders():
    out = tf.sparse.transpose(tf.SparseTensor(*SP))
    assert out.shape.as_list() == [4, 3]
    assert run(out) == ([[0, 2], [1, 0], [3, 2]], [2.0, 1.0, -3.0], [4, 3])


def test_concat_along_columns_and_rows():
    other = tf.SparseTensor([[0, 0], [1, 1]], [5.0, 6.0], [3, 2])
    out = tf.sparse_concat(1, [tf.SparseTensor(*SP), other])
    assert out.shape.as_list() == [3, 6]
    assert run(out) == ([[0, 1], [0, 4], [1, 5], [2, 0], [2, 3]], [1.0, 5.0, 6.0, 2.0, -3.0], [3, 6])
    rows = tf.sparse_concat(0, [tf.SparseTensor(*SP), tf.SparseTensor([[0, 0], [1, 1]], [5.0, 6.0], [2, 4])])
    assert run(rows) == ([[0, 1], [2, 0], [2, 3], [3, 0], [4, 1]], [1.0, 2.0, -3.0, 5.0, 6.0], [5, 4])


def test_concat_with_expand_nonconcat_dim_takes_the_largest():
    small = tf.SparseTensor([[0, 0], [1, 1]], [5.0, 6.0], [2, 4])
    out = tf.sparse_concat(1, [tf.SparseTensor(*SP), small], expand_nonconcat_dim=True)
    assert run(out) == ([[0, 1], [0, 4], [1, 5], [2, 0], [2, 3]], [1.0, 5.0, 6.0, 2.0, -3.0], [3, 8])
    with pytest.raises(ValueError, match="not the concat axis"):
        tf.sparse_concat(1, [tf.SparseTensor(*SP), small])


def test_concat_gradient_reaches_each_input():
    values = tf.constant(SP[1])
    other = tf.SparseTensor([[0, 0], [1, 1]], tf.constant([5.0, 6.0]), [3, 2])
    out = tf.sparse_concat(1, [tf.SparseTensor(SP[0], values, SP[2]), other])
    grad = tf.gradients(tf.reduce_sum(out.values * tf.range(1.0, 6.0)), values)[0]
    with tf.Session() as sess:
        assert sess.run(grad).tolist() == [1.0, 4.0, 5.0]


def test_slice_clips_to_the_dense_shape():
    assert run(tf.sparse_slice(tf.SparseTensor(*SP), [1, 0], [5, 2])) == ([[1, 0]], [2.0], [2, 2])


def test_retain_keeps_flagged_entries():
    assert run(tf.sparse_retain(tf.SparseTensor(*SP), [True, False, True])) == (
        [[0, 1], [2, 3]], [1.0, -3.0], [3, 4])


def test_fill_empty_rows_and_its_gradient():
    values, default = tf.constant([1.0, 2.0, 3.0]), tf.constant(-1.0)
    filled, empty = tf.sparse_fill_empty_rows(tf.SparseTensor([[1, 0], [1, 2], [3, 1]], values, [5, 3]), default)
    assert run(filled) == ([[0, 0], [1, 0], [1, 2], [2, 0], [3, 1], [4, 0]], [-1.0, 1.0, 2.0, -1.0, 3.0, -1.0], [5, 3])
    g_values, g_default = tf.gradients(tf.reduce_sum(filled.values * tf.range(1.0, 7.0)), [values, default])
    with tf.Session() as sess:
        assert sess.run(empty).tolist() == [True, False, True, False, True]
        gv, gd = sess.run([g_values, g_default])
    assert gv.tolist() == [2.0, 3.0, 5.0] and gd == 11.0


def test_fill_empty_rows_refuses_a_row_out_of_range():
    sp = tf.SparseTensor([[7, 0]], [1.0], [5, 3])
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match=r"SparseFillEmptyRows.*\[7,0\]"):
        sess.run(tf.sparse_fill_empty_rows(sp, 0.0)[0])


def test_string_values_move_with_their_indices():
    words = tf.string_split(["b a", "c"])
    out = tf.sparse_fill_empty_rows(tf.sparse_reshape(words, [2, 2]), "?")[0]
    assert run(out)[1] == [b"b", b"a", b"c"]
    np.testing.assert_array_equal(run(tf.sparse.transpose(words))[1], [b"b", b"c", b"a"])
