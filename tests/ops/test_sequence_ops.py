"""tf.range and tf.one_hot: values against NumPy, dtypes, static shapes, names and errors."""
import re

import numpy as np
import pytest

import jupyter_flow as tf
from array_op_support import ALL_DTYPES, graph, sample, sess  # noqa: F401 (fixtures)


# ----- range ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("args,dtype", [((5,), tf.int32), ((3, 18, 3), tf.int32), ((10, 0, -3), tf.int32),
                                        ((0.0, 1.0, 0.25), tf.float32), ((1, 2.5, 0.5), tf.float32),
                                        ((4, 4), tf.int32), ((2 ** 40, 2 ** 40 + 3), tf.int64)])
def test_range_matches_numpy_and_infers_dtype_like_tf1(sess, args, dtype):
    y = tf.range(*args)
    expected = np.arange(*args)
    assert y.dtype == dtype and y.op.type == "Range" and y.op.name == "range"
    assert y.shape.as_list() == [len(expected)]
    np.testing.assert_allclose(sess.run(y), expected)


def test_range_with_dtype_argument(sess):
    y = tf.range(1, 4, dtype=tf.float64)
    assert y.dtype == tf.float64
    np.testing.assert_array_equal(sess.run(y), [1.0, 2.0, 3.0])


def test_range_names_its_inputs():
    y = tf.range(2, 7, 2)
    assert [t.op.name for t in y.op.inputs] == ["range/start", "range/limit", "range/delta"]


def test_range_with_runtime_limit(sess):
    x = tf.placeholder(tf.float32, (None, 2))
    y = tf.range(tf.shape(x)[0])
    assert y.shape.as_list() == [None]
    np.testing.assert_array_equal(sess.run(y, {x: np.zeros((4, 2))}), [0, 1, 2, 3])


def test_range_static_errors():
    with pytest.raises(ValueError, match="Requires delta != 0"):
        tf.range(0, 5, 0)
    with pytest.raises(ValueError, match="Requires start <= limit when delta > 0: 5/1"):
        tf.range(5, 1)
    with pytest.raises(ValueError, match="Requires start >= limit when delta < 0: 1/5"):
        tf.range(1, 5, -1)
    with pytest.raises(TypeError, match="range arguments must be int32, int64, float32 or float64"):
        tf.range(tf.constant(True))


def test_range_runtime_errors_raise_invalid_argument(sess):
    d = tf.placeholder(tf.int32, ())
    with pytest.raises(tf.errors.InvalidArgumentError, match="Requires delta != 0") as e:
        sess.run(tf.range(0, 5, d), {d: 0})
    assert e.value.op.name == "range"


# ----- one_hot ----------------------------------------------------------------------------------------


def numpy_one_hot(indices, depth, on=1.0, off=0.0, axis=-1):
    indices = np.asarray(indices)
    hot = indices[..., None] == np.arange(depth)
    out = np.where(hot, on, off)
    return np.moveaxis(out, -1, axis) if axis != -1 else out


@pytest.mark.parametrize("indices,depth,axis", [([0, 2, 1], 3, -1), ([[0, 1], [3, -1]], 4, -1),
                                                ([[0, 1], [2, 0]], 3, 0), ([[0, 1], [2, 0]], 3, 1), (2, 4, -1)])
def test_one_hot_matches_numpy(sess, indices, depth, axis):
    y = tf.one_hot(indices, depth, axis=axis)
    expected = numpy_one_hot(indices, depth, axis=axis)
    assert y.dtype == tf.float32 and y.op.type == "OneHot" and y.op.name == "one_hot"
    assert y.shape.as_list() == list(expected.shape)
    np.testing.assert_array_equal(sess.run(y), expected)


def test_one_hot_indices_outside_depth_give_off_values(sess):
    out = sess.run(tf.one_hot([5, -1, 1], 3, on_value=7, off_value=-2))
    np.testing.assert_array_equal(out, [[-2, -2, -2], [-2, -2, -2], [-2, 7, -2]])
    assert out.dtype == np.int32


def test_one_hot_dtype_rules(sess):
    assert tf.one_hot([0], 2, dtype=tf.float64).dtype == tf.float64
    assert tf.one_hot([0], 2, on_value=1.0, dtype=tf.float64).dtype == tf.float64
    assert tf.one_hot([0], 2, on_value=True, off_value=False).dtype == tf.bool
    assert tf.one_hot([0], 2, off_value=tf.constant(0, tf.int64)).dtype == tf.int64
    with pytest.raises(TypeError, match="dtype float32 of on_value does not match dtype parameter int32"):
        tf.one_hot([0], 2, on_value=tf.constant(1.0), dtype=tf.int32)
    with pytest.raises(TypeError, match="dtype float32 of on_value does not match dtype int32 of off_value"):
        tf.one_hot([0], 2, on_value=tf.constant(1.0), off_value=tf.constant(0))


def test_one_hot_with_runtime_depth_and_int64_indices(sess):
    depth = tf.placeholder(tf.int32, ())
    y = tf.one_hot(tf.constant([1, 0], dtype=tf.int64), depth)
    assert y.shape.as_list() == [2, None]
    np.testing.assert_array_equal(sess.run(y, {depth: 3}), [[0, 1, 0], [1, 0, 0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="depth must be non-negative, got: -1"):
        sess.run(y, {depth: -1})


def test_one_hot_static_errors():
    with pytest.raises(ValueError, match="depth must be non-negative, got: -2"):
        tf.one_hot([0], -2)
    with pytest.raises(ValueError, match=re.escape("Expected axis to be -1 or between [0, 2). But received: 3")):
        tf.one_hot([0], 2, axis=3)
    with pytest.raises(TypeError, match="not in the list of allowed values: int32, int64"):
        tf.one_hot([0.5], 2)


# ----- sizes that cannot be allocated ---------------------------------------------------------------


def test_range_with_a_tiny_float_delta_is_resource_exhausted_not_a_crash(sess):
    delta = tf.placeholder(tf.float32, ())
    with pytest.raises(tf.errors.ResourceExhaustedError, match=r"range\(0, 1, 1e-30\) would have 1e\+30 elements"):
        sess.run(tf.range(0.0, 1.0, delta), {delta: 1e-30})
    with pytest.raises(tf.errors.ResourceExhaustedError, match="would have 1e\\+30 elements"):
        sess.run(tf.range(0.0, 1.0, 1e-30))


@pytest.mark.parametrize("limit", [float("inf"), float("nan")])
def test_range_to_inf_or_nan_is_a_value_error_naming_the_op(limit):
    with pytest.raises(ValueError, match=r"has no finite number of elements.*for 'range' \(op: 'Range'\)"):
        tf.range(0.0, limit, 1.0)


def test_range_spanning_all_of_int64_counts_without_overflow(sess):
    lo, hi, step = (tf.placeholder(tf.int64, ()) for _ in range(3))
    out = sess.run(tf.range(lo, hi, step), {lo: -2**63, hi: 2**63 - 1, step: 2**62})
    np.testing.assert_array_equal(out, [-2**63, -2**62, 0, 2**62])


def test_one_hot_depth_beyond_int32_is_an_error_not_a_wrapped_depth():
    with pytest.raises(ValueError, match="'depth' must fit in int32, got 1099511627776"):
        tf.one_hot([1, 2], 1 << 40)
