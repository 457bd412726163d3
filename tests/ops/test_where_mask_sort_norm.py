"""tf.where(condition), tf.boolean_mask, tf.sort / tf.argsort and tf.norm: values as TF 2.21's compat.v1 gives
them (literal outputs of the same calls there)."""
import numpy as np
import pytest

import jupyter_flow as tf

X = np.array([[3., -1., 2., 2.], [0., 5., -4., 1.]], np.float32)


def _run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


def test_where_without_x_and_y_gives_int64_coordinates_in_row_major_order():
    coords = tf.where([[True, False], [False, True], [True, True]])
    assert coords.dtype == tf.int64 and coords.shape.as_list() == [None, 2]
    assert _run(coords).tolist() == [[0, 0], [1, 1], [2, 0], [2, 1]]
    assert _run(tf.where(tf.constant([0, 3, 0, -1]))).tolist() == [[1], [3]]  # nonzero numbers count as true
    assert _run(tf.where(tf.zeros([2, 3]) > 1)).shape == (0, 2)


def test_where_with_only_one_of_x_and_y_says_both_or_neither():
    with pytest.raises(ValueError, match="both be non-None or both be None"):
        tf.where([True], [1.0])


def test_boolean_mask_of_rows_elements_and_an_axis():
    assert _run(tf.boolean_mask(X, [True, False])).tolist() == [[3.0, -1.0, 2.0, 2.0]]
    assert _run(tf.boolean_mask(X, [[True, False, True, False], [False, True, True, True]])).tolist() == \
        [3.0, 2.0, 5.0, -4.0, 1.0]
    assert _run(tf.boolean_mask(X, [False, True, True, False], axis=1)).tolist() == [[-1.0, 2.0], [5.0, -4.0]]


def test_boolean_mask_with_a_fed_mask_and_a_shape_error_naming_the_mask():
    x = tf.placeholder(tf.float32, (None, 4))
    keep = tf.placeholder(tf.bool, (None,), name="keep")
    picked = tf.boolean_mask(x, keep)
    assert picked.shape.as_list() == [None, 4]
    assert _run(picked, {x: X, keep: [False, True]}).tolist() == [[0.0, 5.0, -4.0, 1.0]]
    with pytest.raises(ValueError, match="the mask 'boolean_mask_1/mask:0'"):
        tf.boolean_mask(X, [True, False, True])


def test_sort_and_argsort_both_directions_and_axes():
    assert _run(tf.sort(X)).tolist() == [[-1.0, 2.0, 2.0, 3.0], [-4.0, 0.0, 1.0, 5.0]]
    assert _run(tf.sort(X, direction="DESCENDING")).tolist() == [[3.0, 2.0, 2.0, -1.0], [5.0, 1.0, 0.0, -4.0]]
    assert _run(tf.sort(X, axis=0)).tolist() == [[0.0, -1.0, -4.0, 1.0], [3.0, 5.0, 2.0, 2.0]]
    assert _run(tf.argsort(X)).tolist() == [[1, 2, 3, 0], [2, 0, 3, 1]]  # equal values keep their order
    assert _run(tf.argsort(X, axis=0, direction="DESCENDING")).tolist() == [[0, 1, 0, 0], [1, 0, 1, 1]]
    assert _run(tf.sort(tf.constant([3, 1, 2]))).tolist() == [1, 2, 3]
    with pytest.raises(ValueError, match="direction"):
        tf.sort(X, direction="UP")


def test_norm_vector_and_matrix_orders():
    np.testing.assert_allclose(_run(tf.norm(X)), 7.745966911315918, rtol=1e-7)
    np.testing.assert_allclose(_run(tf.norm(X, axis=1)), [4.242640495300293, 6.480740547180176], rtol=1e-7)
    assert _run(tf.norm(X, ord=1, axis=1, keepdims=True)).tolist() == [[8.0], [10.0]]
    assert _run(tf.norm(X, ord=np.inf)) == 5.0
    np.testing.assert_allclose(_run(tf.norm(X, ord=3, axis=0)), [3.0, 5.013298034667969, 4.160167694091797,
                                                                2.0800838470458984], rtol=1e-6)
    assert _run(tf.norm(X, ord=1, axis=[0, 1])) == 6.0  # max column sum
    assert _run(tf.norm(X, ord=np.inf, axis=[0, 1])) == 10.0  # max row sum
    np.testing.assert_allclose(_run(tf.norm(X, ord="fro", axis=[0, 1])), 7.745966911315918, rtol=1e-7)
    with pytest.raises(ValueError, match="'ord'"):
        tf.norm(X, ord=-1)
