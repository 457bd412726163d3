"""tf.segment_* and tf.unsorted_segment_*: values, empty segments, ties in the gradient and errors
as TF1's (expected literals from TensorFlow's tf.compat.v1). Gradients are finite-difference
checked in gradient_cases_segment.py."""
import re

import numpy as np
import pytest

import jupyter_flow as tf

DATA = np.array([[1., 2], [3, -4], [5, 6], [0, 7], [2, 2]], np.float32)
IDS = [0, 0, 2, 2, 3]              # segment 1 is empty
UNSORTED_IDS = [3, 0, 3, -1, 0]    # the -1 row is dropped
F32_MAX = float(np.finfo(np.float32).max)

SORTED_EXPECTED = {
    "segment_sum": [[4, -2], [0, 0], [5, 13], [2, 2]],
    "segment_mean": [[2, -1], [0, 0], [2.5, 6.5], [2, 2]],
    "segment_max": [[3, 2], [0, 0], [5, 7], [2, 2]],
    "segment_min": [[1, -4], [0, 0], [0, 6], [2, 2]],
    "segment_prod": [[3, -8], [1, 1], [0, 42], [2, 2]],
}
SORTED_INT_MEAN = [[2, -1], [0, 0], [2, 6], [2, 2]]  # integer division, as TF1

UNSORTED_EXPECTED = {
    "unsorted_segment_sum": [[5, -2], [0, 0], [0, 0], [6, 8], [0, 0]],
    "unsorted_segment_max": [[3, 2], [-F32_MAX] * 2, [-F32_MAX] * 2, [5, 6], [-F32_MAX] * 2],
    "unsorted_segment_min": [[2, -4], [F32_MAX] * 2, [F32_MAX] * 2, [1, 2], [F32_MAX] * 2],
    "unsorted_segment_prod": [[6, -8], [1, 1], [1, 1], [5, 12], [1, 1]],
    "unsorted_segment_mean": [[2.5, -1], [0, 0], [0, 0], [3, 4], [0, 0]],
    "unsorted_segment_sqrt_n": [[3.535533905029297, -1.4142135381698608], [0, 0], [0, 0],
                                [4.242640972137451, 5.656854152679443], [0, 0]],
}


@pytest.fixture
def sess():
    with tf.Graph().as_default(), tf.Session() as s:
        yield s


@pytest.mark.parametrize("name", sorted(SORTED_EXPECTED))
def test_sorted_segment_reductions_match_tf1(sess, name):
    y = getattr(tf, name)(DATA, IDS)
    assert y.shape.as_list() == [None, 2]  # TF1 leaves the row count to run time
    np.testing.assert_allclose(sess.run(y), SORTED_EXPECTED[name], rtol=1e-6)
    assert getattr(tf.math, name) is getattr(tf, name)


@pytest.mark.parametrize("name", sorted(SORTED_EXPECTED))
def test_sorted_segment_reductions_of_ints(sess, name):
    y = sess.run(getattr(tf, name)(DATA.astype(np.int32), IDS))
    assert y.dtype == np.int32
    expected = SORTED_INT_MEAN if name == "segment_mean" else SORTED_EXPECTED[name]
    np.testing.assert_array_equal(y, expected)


@pytest.mark.parametrize("name", sorted(UNSORTED_EXPECTED))
def test_unsorted_segment_reductions_match_tf1(sess, name):
    y = getattr(tf, name)(DATA, UNSORTED_IDS, 5)
    assert y.shape.as_list() == [5, 2]
    np.testing.assert_allclose(sess.run(y), UNSORTED_EXPECTED[name], rtol=1e-6)
    assert getattr(tf.math, name) is getattr(tf, name)


def test_empty_unsorted_max_and_min_give_the_dtypes_extremes(sess):
    ints = np.array([1, 2], np.int32)
    assert sess.run(tf.unsorted_segment_max(ints, [1, 1], 3)).tolist() == [-2**31, 2, -2**31]
    longs = np.array([1, 2], np.int64)
    assert sess.run(tf.unsorted_segment_min(longs, tf.constant([1, 1], tf.int64), 3)).tolist() == [2**63 - 1, 1,
                                                                                                   2**63 - 1]
    doubles = sess.run(tf.unsorted_segment_max(np.array([1., 2.]), [1, 1], 2))
    assert doubles.tolist() == [-np.finfo(np.float64).max, 2.0]


def test_op_types_and_names_are_tf1s():
    with tf.Graph().as_default():
        assert tf.segment_sum(DATA, IDS).op.type == "SegmentSum"
        assert tf.unsorted_segment_prod(DATA, IDS, 4).name == "UnsortedSegmentProd:0"
        assert tf.unsorted_segment_mean(DATA, IDS, 4).name == "UnsortedSegmentMean/truediv:0"
        assert tf.unsorted_segment_sqrt_n(DATA, IDS, 4).name == "UnsortedSegmentSqrtN/truediv:0"


def test_max_and_min_gradients_split_ties_evenly(sess):
    x = tf.constant(np.array([[1., 2], [3, 3], [3, 6], [0, 7], [2, 2]]))
    grads = {name: sess.run(tf.gradients(getattr(tf, name)(x, [0, 0, 0, 2, 2]), x)[0])
             for name in ("segment_max", "segment_min")}
    np.testing.assert_array_equal(grads["segment_max"], [[0, 0], [.5, 0], [.5, 1], [0, 1], [1, 0]])
    np.testing.assert_array_equal(grads["segment_min"], [[1, 1], [0, 0], [0, 0], [1, 0], [0, 1]])
    g = sess.run(tf.gradients(tf.unsorted_segment_max(x, [1, 1, 1, -1, 0], 3), x)[0])
    np.testing.assert_array_equal(g, [[0, 0], [.5, 0], [.5, 1], [0, 0], [1, 1]])


def test_prod_gradient_at_zeros(sess):
    x = tf.constant(np.array([[1., 2], [3, -4], [5, 6], [0, 7]]))
    g = sess.run(tf.gradients(tf.segment_prod(x, [0, 0, 2, 2]), x)[0])
    np.testing.assert_array_equal(g, [[3, -4], [1, 2], [0, 7], [5, 6]])
    g = sess.run(tf.gradients(tf.unsorted_segment_prod(x, [3, 0, 3, -1], 5), x)[0])
    np.testing.assert_array_equal(g, [[5, 6], [1, 1], [1, 2], [0, 0]])


def test_unsorted_segment_sum_gradient_drops_negative_ids(sess):
    x = tf.constant(DATA)
    g = sess.run(tf.gradients(tf.unsorted_segment_sum(x, UNSORTED_IDS, 5), x)[0])
    np.testing.assert_array_equal(g, [[1, 1], [1, 1], [1, 1], [0, 0], [1, 1]])


def test_segment_errors_name_the_op(sess):
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"segment ids are not increasing(.|\n)*node SegmentSum"):
        sess.run(tf.segment_sum(DATA, tf.constant([1, 0, 2, 2, 3])))
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape("segment_ids[1] = -1 is negative")):
        sess.run(tf.segment_max(DATA[:3], tf.constant([0, -1, 1])))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=re.escape("segment_ids[2] = 9 is out of range [0, 3)") + r"(.|\n)*node UnsortedSegmentMax"):
        sess.run(tf.unsorted_segment_max(DATA[:4], [0, 1, 9, 0], 3))
    ids = tf.placeholder(tf.int32, [None])
    with pytest.raises(tf.errors.InvalidArgumentError, match="same size as dimension 0"):
        sess.run(tf.segment_mean(DATA, ids), {ids: [0, 0]})
    with pytest.raises(ValueError, match="segment_ids must be a vector"):
        tf.segment_sum(DATA, [[0, 0, 0, 0, 0]])
    with pytest.raises(ValueError, match="same size as dimension 0"):
        tf.segment_sum(DATA, [0, 0])


def test_segment_sum_with_no_rows(sess):
    assert sess.run(tf.segment_sum(np.zeros((0, 2), np.float32), np.zeros(0, np.int32))).shape == (0, 2)
