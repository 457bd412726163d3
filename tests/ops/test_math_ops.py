import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import jupyter_flow as tf

BINARY = {
    "add": (lambda a, b: a + b, np.add),
    "subtract": (tf.subtract, np.subtract),
    "multiply": (tf.multiply, np.multiply),
    "maximum": (tf.maximum, np.maximum),
    "minimum": (tf.minimum, np.minimum),
    "squared_difference": (tf.squared_difference, lambda a, b: (a - b) ** 2),
}
UNARY_FLOAT = {
    "exp": (tf.exp, np.exp), "sin": (tf.sin, np.sin), "cos": (tf.cos, np.cos), "tanh": (tf.tanh, np.tanh),
    "square": (tf.square, np.square), "abs": (tf.abs, np.abs), "sign": (tf.sign, np.sign),
    "negative": (tf.negative, np.negative), "sigmoid": (tf.sigmoid, lambda x: 1 / (1 + np.exp(-x))),
    "relu": (tf.nn.relu, lambda x: np.maximum(x, 0)),
}


def run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


broadcastable = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=4)


@settings(max_examples=40, deadline=None)
@given(shapes=broadcastable, name=st.sampled_from(sorted(BINARY)), dtype=st.sampled_from([np.float32, np.float64, np.int32]))
def test_binary_ops_broadcast_like_numpy(shapes, name, dtype):
    tf.reset_default_graph()
    rng = np.random.RandomState(0)
    a = np.asarray(rng.randn(*shapes.input_shapes[0]) * 10).astype(dtype)
    b = np.asarray(rng.randn(*shapes.input_shapes[1]) * 10).astype(dtype)
    ours, ref = BINARY[name]
    pa = tf.placeholder(tf.as_dtype(dtype), shape=a.shape)
    pb = tf.placeholder(tf.as_dtype(dtype), shape=b.shape)
    out = ours(pa, pb)
    assert out.shape.as_list() == list(shapes.result_shape)
    got = run(out, {pa: a, pb: b})
    np.testing.assert_allclose(got, ref(a, b), rtol=1e-6)
    assert np.asarray(got).dtype == dtype


@settings(max_examples=40, deadline=None)
@given(x=hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, max_side=5),
                    elements=st.floats(-5, 5)), name=st.sampled_from(sorted(UNARY_FLOAT)))
def test_unary_float_ops_match_numpy(x, name):
    tf.reset_default_graph()
    ours, ref = UNARY_FLOAT[name]
    p = tf.placeholder(tf.float64, shape=x.shape)
    np.testing.assert_allclose(run(ours(p), {p: x}), ref(x), rtol=1e-12, atol=1e-12)


def test_python_scalars_adopt_the_tensor_dtype():
    x = tf.constant(3)
    assert (x + 2).dtype == tf.int32
    y = tf.constant(3.0)
    assert (y * 2).dtype == tf.float32
    assert (2 * y).dtype == tf.float32
    with pytest.raises(TypeError, match="Expected int32, got 2.5"):
        x + 2.5


def test_mixed_tensor_dtypes_are_rejected_with_a_hint():
    with pytest.raises(TypeError, match="tf.cast"):
        tf.constant(1) + tf.constant(1.0)


def test_mixed_dtype_error_names_the_op_type_as_tf1():
    with pytest.raises(TypeError, match="Input 'y' of 'Add' Op has type float32 that does not match type int32 "
                                        "of argument 'x'"):
        tf.constant(1) + tf.constant(1.0)
    with pytest.raises(TypeError, match="Input 'y' of 'Less' Op has type float64 that does not match type float32"):
        tf.constant(1.0) < tf.constant(1.0, dtype=tf.float64)


def test_numpy_arrays_keep_their_dtype():
    assert tf.constant(np.zeros(3)).dtype == tf.float64
    assert tf.constant(np.zeros(3, np.int64)).dtype == tf.int64
    assert tf.constant([1.0, 2.0]).dtype == tf.float32
    assert tf.constant([1, 2]).dtype == tf.int32
    assert tf.constant(True).dtype == tf.bool
    assert tf.constant(b"abc").dtype == tf.string


def test_string_tensors_round_trip():
    s = tf.constant([b"a", b"bc"])
    out = run(s)
    assert list(out) == [b"a", b"bc"]
    assert run(tf.constant("hello")) == b"hello"


def test_division_floor_and_mod_follow_python():
    a = tf.constant([7, -7, 7, -7])
    b = tf.constant([2, 2, -2, -2])
    np.testing.assert_array_equal(run(a // b), np.array([7, -7, 7, -7]) // np.array([2, 2, -2, -2]))
    np.testing.assert_array_equal(run(a % b), np.array([7, -7, 7, -7]) % np.array([2, 2, -2, -2]))
    t = a / b
    assert t.dtype == tf.float64
    np.testing.assert_allclose(run(t), [3.5, -3.5, -3.5, 3.5])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
        run(a // tf.constant([1, 0, 1, 1]))


def test_pow_comparisons_and_logic():
    x = tf.constant([1.0, 2.0, 3.0])
    np.testing.assert_allclose(run(x ** 2), [1, 4, 9])
    np.testing.assert_array_equal(run(x > 1.5), [False, True, True])
    np.testing.assert_array_equal(run(tf.logical_and(x > 1.5, x < 2.5)), [False, True, False])
    np.testing.assert_array_equal(run(tf.equal(x, 2.0)), [False, True, False])
    np.testing.assert_array_equal(run(tf.logical_not(x > 1.5)), [True, False, False])


def test_cast_and_add_n_and_where():
    x = tf.constant([1.7, -1.7, 0.0])
    np.testing.assert_array_equal(run(tf.cast(x, tf.int32)), [1, -1, 0])
    np.testing.assert_array_equal(run(tf.cast(x, tf.bool)), [True, True, False])
    np.testing.assert_allclose(run(tf.add_n([x, x, x])), 3 * np.array([1.7, -1.7, 0.0]), rtol=1e-6)
    np.testing.assert_allclose(run(tf.where(x > 0, x, tf.zeros_like(x))), [1.7, 0, 0], rtol=1e-6)


def test_matmul_transposes_and_inverse():
    rng = np.random.RandomState(1)
    a, b = rng.randn(3, 4), rng.randn(5, 4)
    ta, tb = tf.constant(a), tf.constant(b)
    np.testing.assert_allclose(run(tf.matmul(ta, tb, transpose_b=True)), a @ b.T)
    np.testing.assert_allclose(run(ta @ tf.transpose(tb)), a @ b.T)
    np.testing.assert_allclose(run(tf.matmul(ta, ta, transpose_a=True)), a.T @ a)
    m = rng.randn(4, 4) + 4 * np.eye(4)
    np.testing.assert_allclose(run(tf.matrix_inverse(tf.constant(m))), np.linalg.inv(m), rtol=1e-10)
    np.testing.assert_array_equal(run(tf.matmul(tf.constant([[1, 2]]), tf.constant([[3], [4]]))), [[11]])


@pytest.mark.parametrize("fn,ref", [(tf.reduce_sum, np.sum), (tf.reduce_mean, np.mean), (tf.reduce_max, np.max),
                                    (tf.reduce_min, np.min), (tf.reduce_prod, np.prod)])
def test_reductions_match_numpy(fn, ref):
    x = np.random.RandomState(2).randn(2, 3, 4)
    t = tf.constant(x)
    for axis in (None, 0, 1, -1, [0, 2]):
        for keep in (False, True):
            out = fn(t, axis=axis, keepdims=keep)
            expected = ref(x, axis=tuple(axis) if isinstance(axis, list) else axis, keepdims=keep)
            assert out.shape.as_list() == list(np.shape(expected))
            np.testing.assert_allclose(run(out), expected, rtol=1e-10)


def test_argmax_argmin():
    x = np.array([[1, 9, 3], [7, 2, 8]], dtype=np.float32)
    assert run(tf.argmax(x, axis=1)).tolist() == [1, 2]
    assert run(tf.argmin(x, axis=0)).tolist() == [0, 1, 0]
    assert tf.argmax(x, 1).dtype == tf.int64


def test_logical_xor_operator_and_int64_double_casts():
    a = tf.constant([True, False, True])
    b = tf.constant([True, True, False])
    f = tf.constant(1.5)
    i64, f64 = tf.to_int64(f), tf.to_double(f)
    assert (i64.name, i64.dtype, f64.name, f64.dtype) == ("ToInt64:0", tf.int64, "ToDouble:0", tf.float64)
    with tf.Session() as sess:
        assert sess.run(a ^ b).tolist() == [False, True, True]
        assert sess.run(tf.logical_xor(a, b)).tolist() == [False, True, True]
        assert sess.run(i64) == 1


def test_reduction_axis_may_be_a_constant_tensor_or_numpy_array():
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.Session() as sess:
        assert sess.run(tf.reduce_sum(a, tf.constant(1))).tolist() == [3.0, 7.0]
        assert sess.run(tf.reduce_max(a, np.array([0]))).tolist() == [3.0, 4.0]
        assert sess.run(tf.argmax(a, tf.constant(1))).tolist() == [1, 1]


def test_reduction_axis_known_only_at_run_time_is_a_clear_error():
    with pytest.raises(ValueError, match="only known at run time"):
        tf.reduce_sum(tf.ones([2, 3]), tf.placeholder(tf.int32))


def test_constant_with_a_shape_pads_with_the_last_element_as_tf1():
    with tf.Session() as sess:
        assert sess.run(tf.constant([1, 2, 3], shape=[2, 2])).tolist() == [[1, 2], [3, 3]]
        assert sess.run(tf.constant(7, shape=[2])).tolist() == [7, 7]
    with pytest.raises(ValueError, match="Too many elements provided. Needed at most 2, but received 3"):
        tf.constant([1, 2, 3], shape=[2])
    with pytest.raises(TypeError, match="Expected Tensor's shape"):
        tf.constant([1, 2, 3], shape=[2, 2], verify_shape=True)


def test_reduce_any_and_all_as_tf1():
    a = tf.constant([[True, False], [True, True]])
    any_rows, all_rows = tf.reduce_any(a, 1), tf.reduce_all(a, 1)
    assert (any_rows.name, any_rows.dtype, all_rows.name) == ("Any:0", tf.bool, "All:0")
    empty = tf.zeros([0], dtype=tf.bool)
    with tf.Session() as sess:
        assert [r.tolist() for r in sess.run([any_rows, all_rows])] == [[True, True], [False, True]]
        assert sess.run(tf.reduce_any(a)) and not sess.run(tf.reduce_all(a))
        assert sess.run(tf.reduce_all(a, keepdims=True)).shape == (1, 1)
        assert not sess.run(tf.reduce_any(empty)) and sess.run(tf.reduce_all(empty))
    with pytest.raises(TypeError, match="needs a bool tensor"):
        tf.reduce_any(tf.ones([2]))


def test_where_broadcasts_condition_and_branches():
    rng = np.random.RandomState(0)
    for cs, xs, ys in [((3, 1), (1, 4), (3, 4)), ((), (2, 3), (2, 3)), ((2, 3), (), (1,))]:
        c = np.asarray(rng.rand(*cs) > 0.5)
        x = np.asarray(rng.randn(*xs))
        y = np.asarray(rng.randn(*ys))
        np.testing.assert_array_equal(run(tf.where(tf.constant(c), tf.constant(x), tf.constant(y))), np.where(c, x, y))


@pytest.mark.parametrize("dtype,lo", [(tf.int32, -2**31), (tf.int64, -2**63)])
def test_int_min_divided_by_minus_one_wraps_like_numpy_instead_of_trapping(dtype, lo):
    # x86 raises SIGFPE for INT_MIN / -1, which killed the notebook kernel.
    a, b = tf.placeholder(dtype), tf.placeholder(dtype)
    with tf.Session() as sess:
        q, r, m = sess.run([a // b, a % b, tf.floormod(a, b)], {a: [lo, 7, -7], b: [-1, -1, -1]})
    np.testing.assert_array_equal(q, [lo, -7, 7])
    np.testing.assert_array_equal(r, [0, 0, 0])
    np.testing.assert_array_equal(m, [0, 0, 0])
