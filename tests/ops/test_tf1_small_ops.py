"""TF1 parity for the small ops and aliases TF1 programs use: arg_max/arg_min, div family,
count_nonzero, unique, sequence_mask, cumsum/cumprod, einsum, py_func, the assert_* checks and
tf.Assert. Expected values were computed with TensorFlow 2.21's tf.compat.v1 and pasted in."""
import logging

import numpy as np
import pytest

import jupyter_flow as tf


@pytest.fixture
def sess():
    tf.reset_default_graph()
    with tf.Session() as s:
        yield s


def test_arg_max_and_arg_min_are_argmax_with_a_dimension_argument(sess):
    x = tf.constant([[1., 5., 3.], [4., 2., 6.]])
    assert sess.run(tf.arg_max(x, 1)).tolist() == [1, 2]
    assert sess.run(tf.arg_min(x, 0)).tolist() == [0, 1, 0]
    assert tf.arg_max(x, 1).dtype == tf.int64


def test_div_is_floor_division_for_integers_and_true_division_for_floats(sess):
    assert sess.run(tf.div(tf.constant([7, -7]), tf.constant([2, 2]))).tolist() == [3, -4]
    assert sess.run(tf.div(tf.constant([7., -7.]), tf.constant([2., 2.]))).tolist() == [3.5, -3.5]
    assert sess.run(tf.floordiv(tf.constant([7, -7]), 2)).tolist() == [3, -4]
    assert sess.run(tf.realdiv(tf.constant([7., -7.]), 2.)).tolist() == [3.5, -3.5]
    assert sess.run(tf.floormod(tf.constant([7, -7]), 3)).tolist() == [1, 2]


def test_truediv_converts_small_integers_to_float32_and_wide_ones_to_float64():
    assert tf.truediv(tf.constant([7], tf.int16), tf.constant([2], tf.int16)).dtype == tf.float32
    assert tf.truediv(tf.constant([7]), tf.constant([2])).dtype == tf.float64


def test_count_nonzero(sess):
    assert sess.run(tf.count_nonzero(tf.constant([[0, 1, 2], [0, 0, 3]]))) == 3
    assert sess.run(tf.count_nonzero(tf.constant([[0., 1., 2.], [0., 0., 3.]]), axis=1)).tolist() == [2, 1]
    assert tf.count_nonzero(tf.constant([1, 0])).dtype == tf.int64


def test_unique_and_unique_with_counts(sess):
    y, idx = tf.unique(tf.constant([1, 1, 2, 4, 4, 4, 7, 8, 8]))
    assert [v.tolist() for v in sess.run([y, idx])] == [[1, 2, 4, 7, 8], [0, 0, 1, 2, 2, 2, 3, 4, 4]]
    y, idx, count = tf.unique_with_counts(tf.constant([1, 1, 2, 4, 4, 4, 7, 8, 8]))
    assert [v.tolist() for v in sess.run([y, idx, count])] == [[1, 2, 4, 7, 8], [0, 0, 1, 2, 2, 2, 3, 4, 4],
                                                                 [2, 1, 3, 1, 2]]
    assert sess.run(tf.unique(tf.constant(["b", "a", "b"]))[0]).tolist() == [b"b", b"a"]
    assert sess.run(tf.unique(tf.constant([2.5, 2.5], tf.float16), out_idx=tf.int64)[1]).dtype == np.int64


def test_unique_takes_zero_and_minus_zero_as_one_value_and_every_nan_apart(sess):
    y, idx = sess.run(tf.unique(tf.constant([0.0, -0.0, 1.0, -0.0])))
    assert y.tolist() == [0.0, 1.0] and idx.tolist() == [0, 0, 1, 0]
    y, idx = sess.run(tf.unique(tf.constant([-0.0, 0.0, 2.0], tf.float64)))
    assert np.signbit(y[0]) and y.tolist() == [0.0, 2.0] and idx.tolist() == [0, 0, 1]  # the first seen is kept
    y, idx, count = sess.run(tf.unique_with_counts(tf.constant([np.nan, 1.0, np.nan])))
    assert np.isnan(y[0]) and y[1] == 1.0 and np.isnan(y[2])
    assert idx.tolist() == [0, 1, 2] and count.tolist() == [1, 1, 1]
    assert sess.run(tf.unique(tf.constant([-0.0, 0.0], tf.float16))[1]).tolist() == [0, 0]


def test_unique_needs_a_vector():
    with pytest.raises(ValueError, match="vector"):
        tf.unique(tf.constant([[1, 2]]))


def test_sequence_mask(sess):
    assert sess.run(tf.sequence_mask([1, 3, 2], 5)).tolist() == [[True, False, False, False, False],
                                                                 [True, True, True, False, False],
                                                                 [True, True, False, False, False]]
    assert sess.run(tf.sequence_mask([1, 3, 2])).tolist() == [[True, False, False], [True, True, True],
                                                              [True, True, False]]
    assert sess.run(tf.sequence_mask([1, 2], 3, dtype=tf.float32)).tolist() == [[1.0, 0.0, 0.0], [1.0, 1.0, 0.0]]


def test_cumsum_and_cumprod_with_exclusive_and_reverse(sess):
    a = tf.constant([[1., 2., 3.], [4., 5., 6.]])
    assert sess.run(tf.cumsum(a, axis=1)).tolist() == [[1.0, 3.0, 6.0], [4.0, 9.0, 15.0]]
    assert sess.run(tf.cumsum(a, axis=1, exclusive=True)).tolist() == [[0.0, 1.0, 3.0], [0.0, 4.0, 9.0]]
    assert sess.run(tf.cumsum(a, axis=1, reverse=True)).tolist() == [[6.0, 5.0, 3.0], [15.0, 11.0, 6.0]]
    assert sess.run(tf.cumsum(a, axis=0, exclusive=True, reverse=True)).tolist() == [[4.0, 5.0, 6.0], [0.0, 0.0, 0.0]]
    assert sess.run(tf.cumprod(a, axis=1)).tolist() == [[1.0, 2.0, 6.0], [4.0, 20.0, 120.0]]
    assert sess.run(tf.cumprod(a, axis=1, exclusive=True, reverse=True)).tolist() == [[6.0, 3.0, 1.0], [30.0, 6.0, 1.0]]
    w = tf.constant([[1., 2., 3.], [1., 1., 1.]])
    assert sess.run(tf.gradients(tf.reduce_sum(tf.cumsum(a, axis=1) * w), a)[0]).tolist() == [[6.0, 5.0, 3.0],
                                                                                             [3.0, 2.0, 1.0]]
    assert sess.run(tf.gradients(tf.reduce_sum(tf.cumprod(a, axis=1, exclusive=True)), a)[0]).tolist() == [
        [3.0, 1.0, 0.0], [6.0, 4.0, 0.0]]
    assert sess.run(tf.cumsum(tf.constant([250, 10], tf.uint8))).tolist() == [250, 4]  # wraps like TF1's uint8


def test_cumsum_axis_out_of_range_names_the_op(sess):
    with pytest.raises(tf.errors.InvalidArgumentError, match="axis 2 is out of range"):
        sess.run(tf.cumsum(tf.constant([[1., 2.]]), axis=2))


EINSUM_CASES = [
    ("ij,jk->ik", [[[1., 2.], [3., 4.]], [[5., 6., 7.], [8., 9., 10.]]], [[21.0, 24.0, 27.0], [47.0, 54.0, 61.0]]),
    ("ij->ji", [[[5., 6., 7.], [8., 9., 10.]]], [[5.0, 8.0], [6.0, 9.0], [7.0, 10.0]]),
    ("i,i->", [[1., 2.], [3., 4.]], 11.0),
    ("i,j->ij", [[1., 2.], [3., 4., 5.]], [[3.0, 4.0, 5.0], [6.0, 8.0, 10.0]]),
    ("bij,bjk->bik", [np.arange(12.).reshape(2, 2, 3), np.arange(12.).reshape(2, 3, 2)],
     [[[10.0, 13.0], [28.0, 40.0]], [[172.0, 193.0], [244.0, 274.0]]]),
    ("ij->i", [[[5., 6., 7.], [8., 9., 10.]]], [18.0, 27.0]),
    ("ij,ij->i", [[[5., 6., 7.], [8., 9., 10.]]] * 2, [110.0, 245.0]),
    ("bij,jk->bik", [np.arange(12.).reshape(2, 2, 3), [[1., 0.], [0., 1.], [1., 1.]]],
     [[[2.0, 3.0], [8.0, 9.0]], [[14.0, 15.0], [20.0, 21.0]]]),
]


@pytest.mark.parametrize("equation,operands,expected", EINSUM_CASES)
def test_einsum_common_patterns(sess, equation, operands, expected):
    ts = [tf.constant(np.asarray(o, np.float32)) for o in operands]
    assert sess.run(tf.einsum(equation, *ts)).tolist() == expected


def test_einsum_with_an_unknown_batch_dimension_and_its_gradient(sess):
    x = tf.placeholder(tf.float32, [None, 3])
    w = tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2))
    y = tf.einsum("ij,jk->ik", x, w)
    xv = np.arange(6, dtype=np.float32).reshape(2, 3)
    assert sess.run(y, {x: xv}).tolist() == (xv @ np.arange(6).reshape(3, 2)).tolist()
    g = sess.run(tf.gradients(tf.reduce_sum(y), x)[0], {x: xv})
    assert g.tolist() == [[1.0, 5.0, 9.0]] * 2


def test_einsum_refuses_three_operands():  # ellipsis and diagonals: test_einsum.py
    with pytest.raises(ValueError, match="1 or 2 are supported"):
        tf.einsum("i,i,i->", tf.ones([2]), tf.ones([2]), tf.ones([2]))


def test_py_func_runs_python_on_numpy_arrays(sess):
    def f(a, b):
        return a * 2 + b
    y = tf.py_func(f, [tf.constant([1., 2.]), tf.constant([3., 4.])], tf.float32)
    assert sess.run(y).tolist() == [5.0, 8.0]
    p = tf.placeholder(tf.int32, [None])
    pair = tf.py_func(lambda v: (v + 1, np.float64(v.sum())), [p], [tf.int64, tf.float64])
    assert [np.asarray(v).tolist() for v in sess.run(pair, {p: [1, 2, 3]})] == [[2, 3, 4], 6.0]


def test_py_func_takes_and_returns_strings(sess):
    appended = tf.py_func(lambda v: v + b"!", [tf.constant([b"a", b"bc"])], tf.string)
    assert sess.run(appended).tolist() == [b"a!", b"bc!"]
    assert sess.run(tf.py_func(lambda v: "h\u00e9llo", [tf.constant(1)], tf.string)) == b"h\xc3\xa9llo"
    assert sess.run(tf.py_func(lambda v: type(v).__name__, [tf.constant("q")], tf.string)) == b"bytes"
    pair = tf.py_func(lambda v: (np.array([b"x", b"yy"]), len(v)), [tf.constant("q")], [tf.string, tf.int64])
    words, n = sess.run(pair)
    assert words.tolist() == [b"x", b"yy"] and n == 1
    wrong = tf.py_func(lambda v: 3, [tf.constant(1)], tf.string, name="NotText")
    with pytest.raises(tf.errors.InvalidArgumentError, match="bytes or str"):
        sess.run(wrong)


def test_py_func_exception_is_invalid_argument_naming_the_op(sess):
    def bad(a):
        raise ValueError("boom")
    y = tf.py_func(bad, [tf.constant(1.)], tf.float32, name="MyBad")
    with pytest.raises(tf.errors.InvalidArgumentError, match="ValueError: boom") as info:
        sess.run(y)
    assert "MyBad" in str(info.value)
    wrong = tf.py_func(lambda a: "text", [tf.constant(1.)], tf.float32, name="Wrong")
    with pytest.raises(tf.errors.InvalidArgumentError, match="Wrong"):
        sess.run(wrong)


def test_assert_ops_fail_at_once_on_known_values():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Condition x == y did not hold element-wise"):
        tf.assert_equal(tf.constant([1, 2]), tf.constant([1, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Condition x < y did not hold element-wise"):
        tf.assert_less(tf.constant([1, 2]), tf.constant([1, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Condition x > 0 did not hold element-wise:\nx \(.*\) = \n\[ 1 -2\]"):
        tf.assert_positive(tf.constant([1, -2]))
    with pytest.raises(ValueError, match=r"must have rank 2.  Received rank 1, shape \(2,\)"):
        tf.assert_rank(tf.constant([1, 2]), 2)


def test_assert_in_control_dependencies_checks_fed_values(sess):
    p = tf.placeholder(tf.int32, [None])
    with tf.control_dependencies([tf.assert_positive(p, message="need positive")]):
        q = tf.identity(p * 2)
    assert sess.run(q, {p: [1, 2]}).tolist() == [2, 4]
    msg = (r"assertion failed: \[need positive\] \[Condition x > 0 did not hold element-wise:\] "
           r"\[x \(Placeholder:0\) = \] \[1 -2\]")
    with pytest.raises(tf.errors.InvalidArgumentError, match=msg):
        sess.run(q, {p: [1, -2]})
    r = tf.placeholder(tf.float32)
    with tf.control_dependencies([tf.assert_rank(r, 2)]):
        r2 = tf.identity(r)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"assertion failed: \[\] \[Tensor Placeholder_1:0 must have rank\] \[2\] \[Received shape: \] \[1\]"):
        sess.run(r2, {r: [1.]})


def test_tf_Assert(sess):
    pa = tf.placeholder(tf.float32)
    check = tf.Assert(tf.reduce_all(pa > 0), ["x must be positive:", pa], name="CheckX")
    sess.run(check, {pa: [1., 2.]})
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"assertion failed: \[x must be positive:\] \[1 -1\]"):
        sess.run(check, {pa: [1., -1.]})


def test_summary_names_are_cleaned_as_tf1(caplog):
    tf.reset_default_graph()
    v = tf.Variable(tf.zeros([2]), name="W1")
    with caplog.at_level(logging.INFO, logger="jupyter_flow"):
        h = tf.summary.histogram(v.name, v)
    assert (h.op.name, h.name) == ("W1_0", "W1_0:0")
    assert "Summary name W1:0 is illegal; using W1_0 instead." in caplog.text
    assert tf.summary.scalar("loss:0 (train)", tf.constant(1.)).op.name == "loss_0__train_"


@pytest.mark.parametrize("bad", ["a:b", "-x", "a b", "_ok"])
def test_invalid_op_names_raise_value_error(bad):
    tf.reset_default_graph()
    with pytest.raises(ValueError, match="is not a valid node name"):
        tf.constant(1., name=bad)


def test_valid_unusual_op_names_are_kept():
    tf.reset_default_graph()
    assert tf.constant(1., name="x/").op.name == "x"
    assert tf.constant(1., name=".ok").op.name == ".ok"
    assert tf.constant(1., name="ok.1-2/b").op.name == "ok.1-2/b"
