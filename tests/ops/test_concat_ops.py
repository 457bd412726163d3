"""concat/split and stack/unstack: values against NumPy, static shapes, dtypes, names, errors."""
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jupyter_flow as tf
from array_op_support import ALL_DTYPES, graph, sample, sess  # noqa: F401 (fixtures)


# ----- concat ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3])
def test_concat_matches_numpy(sess, axis):
    shapes = [[2, 3, 4], [2, 3, 4]]
    shapes[1][axis] = 1
    xs = [sample(s, start=100 * i) for i, s in enumerate(shapes)]
    y = tf.concat(xs, axis)
    expected = np.concatenate(xs, axis)
    assert y.op.type == "ConcatV2" and y.op.name == "concat" and y.shape.as_list() == list(expected.shape)
    np.testing.assert_array_equal(sess.run(y), expected)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_concat_keeps_every_dtype(sess, dtype):
    a, b = sample((2, 2), dtype), sample((2, 1), dtype, start=7)
    out = sess.run(tf.concat([tf.constant(a), tf.constant(b)], 1))
    assert out.dtype == a.dtype
    np.testing.assert_array_equal(out, np.concatenate([a, b], 1))


def test_concat_static_shape_with_unknown_dims():
    a = tf.placeholder(tf.float32, (None, 3))
    b = tf.placeholder(tf.float32, (2, None))
    assert tf.concat([a, b], 0).shape.as_list() == [None, 3]
    assert tf.concat([a, b], 1).shape.as_list() == [2, None]
    assert tf.concat([a, tf.placeholder(tf.float32)], 1).shape.as_list() == [None, None]


def test_concat_python_values_adopt_the_tensor_dtype(sess):
    x = tf.constant([[1.5]], dtype=tf.float64)
    y = tf.concat([x, [[2]]], 1)
    assert y.dtype == tf.float64
    np.testing.assert_array_equal(sess.run(y), [[1.5, 2.0]])


def test_concat_of_one_tensor_is_an_identity_named_concat(sess):
    y = tf.concat([tf.constant([1, 2])], 0)
    assert y.op.type == "Identity" and y.op.name == "concat"
    np.testing.assert_array_equal(sess.run(y), [1, 2])


def test_concat_incompatible_static_shapes_raise_value_error_naming_op_and_shapes():
    with pytest.raises(ValueError, match=re.escape(
            "Dimension 0 in both shapes must be equal, but are 2 and 3. Shapes are [2,3] and [3,1] for 'concat' "
            "(op: 'ConcatV2') with input shapes: [2,3], [3,1].")):
        tf.concat([tf.zeros([2, 3]), tf.zeros([3, 1])], 1)
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
        tf.concat([tf.zeros([2, 3]), tf.zeros([3])], 0)
    with pytest.raises(ValueError, match=re.escape("expected axis in the range [-2, 2), but got 2")):
        tf.concat([tf.zeros([2, 3]), tf.zeros([2, 3])], 2)
    with pytest.raises(ValueError, match="Can't concatenate scalars"):
        tf.concat([tf.constant(1), tf.constant(2)], 0)


def test_concat_of_mixed_dtypes_raises_type_error():
    with pytest.raises(TypeError, match="values\\[1\\] has dtype int32 but values\\[0\\] has float32"):
        tf.concat([tf.zeros([2]), tf.constant([1, 2])], 0)


def test_concat_runtime_mismatch_raises_invalid_argument(sess):
    a = tf.placeholder(tf.float32, (None, 2))
    b = tf.placeholder(tf.float32, (None, 2))
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(
            "ConcatOp : Dimensions of inputs should match: shape[0] = [2,2] vs. shape[1] = [3,2]")) as e:
        sess.run(tf.concat([a, b], 1), {a: np.zeros((2, 2)), b: np.zeros((3, 2))})
    assert e.value.op.type == "ConcatV2"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, 3), min_size=1, max_size=4), st.lists(st.integers(0, 3), min_size=1, max_size=4),
       st.data())
def test_concat_property_matches_numpy(base, axis_sizes, data):
    axis = data.draw(st.integers(-len(base), len(base) - 1))
    xs = []
    for i, n in enumerate(axis_sizes):
        shape = list(base)
        shape[axis] = n
        xs.append(sample(shape, start=50 * i))
    with tf.Graph().as_default(), tf.Session() as s:
        feeds = {tf.placeholder(tf.float64, [None] * len(base)): x for x in xs}
        dynamic = tf.concat(list(feeds), axis)
        static = tf.concat([tf.constant(x) for x in xs], axis)
        out, out_static = s.run([dynamic, static], feeds)
    expected = np.concatenate(xs, axis)
    assert static.shape.as_list() == list(expected.shape)
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(out_static, expected)


# ----- split ---------------------------------------------------------------------------------------------


def test_split_into_equal_parts_matches_numpy(sess):
    x = sample((2, 6))
    parts = tf.split(x, 3, axis=1)
    assert [p.shape.as_list() for p in parts] == [[2, 2]] * 3 and parts[0].op.type == "Split"
    for got, want in zip(sess.run(parts), np.split(x, 3, axis=1)):
        np.testing.assert_array_equal(got, want)


def test_split_by_sizes_with_an_inferred_size(sess):
    x = sample((5, 2))
    a, b, c = tf.split(x, [1, -1, 2])
    assert a.op.type == "SplitV" and a.op.name == "split"
    assert [t.shape.as_list() for t in (a, b, c)] == [[1, 2], [2, 2], [2, 2]]
    for got, want in zip(sess.run([a, b, c]), np.split(x, [1, 3])):
        np.testing.assert_array_equal(got, want)


def test_split_errors():
    with pytest.raises(ValueError, match="Dimension size must be evenly divisible by 4 but is 6"):
        tf.split(tf.zeros([6]), 4)
    with pytest.raises(ValueError, match="do not add up to the size 6 of dimension 0"):
        tf.split(tf.zeros([6]), [2, 3])


def test_split_runtime_sizes_mismatch_raise_invalid_argument(sess):
    x = tf.placeholder(tf.float32, (None,))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Determined shape must either match input shape"):
        sess.run(tf.split(x, [2, 3]), {x: np.zeros(4)})
    with pytest.raises(tf.errors.InvalidArgumentError, match="Number of ways to split should evenly divide"):
        sess.run(tf.split(x, 3), {x: np.zeros(4)})


# ----- stack, unstack ---------------------------------------------------------------------------------


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3])
def test_stack_matches_numpy(sess, axis):
    xs = [sample((2, 3), start=10 * i) for i in range(4)]
    y = tf.stack(xs, axis=axis)
    expected = np.stack(xs, axis)
    assert y.op.type == "Pack" and y.op.name == "stack" and y.shape.as_list() == list(expected.shape)
    np.testing.assert_array_equal(sess.run(y), expected)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_stack_and_unstack_keep_every_dtype(sess, dtype):
    xs = [sample((2,), dtype, start=3 * i) for i in range(3)]
    stacked = tf.stack([tf.constant(x) for x in xs], axis=1)
    out, parts = sess.run([stacked, tf.unstack(stacked, axis=1)])
    np.testing.assert_array_equal(out, np.stack(xs, 1))
    for got, want in zip(parts, xs):
        np.testing.assert_array_equal(got, want)


def test_stack_of_scalars_and_python_values(sess):
    t = tf.constant(3)
    y = tf.stack([t, 4, 5])
    assert y.dtype == tf.int32 and y.shape.as_list() == [3]
    np.testing.assert_array_equal(sess.run(y), [3, 4, 5])


def test_stack_static_shape_merges_inputs():
    a = tf.placeholder(tf.float32, (None, 3))
    b = tf.placeholder(tf.float32, (2, None))
    assert tf.stack([a, b], axis=1).shape.as_list() == [2, 2, 3]


def test_stack_of_different_shapes_raises():
    with pytest.raises(ValueError, match=re.escape("Shapes of all inputs must match: values[0].shape = [2] != "
                                                   "values[1].shape = [3] for 'stack' (op: 'Pack')")):
        tf.stack([tf.zeros([2]), tf.zeros([3])])
    with pytest.raises(ValueError, match=re.escape("expected axis in the range [-2, 2), but got 2")):
        tf.stack([tf.zeros([2]), tf.zeros([2])], axis=2)


def test_stack_runtime_mismatch_raises_invalid_argument(sess):
    a = tf.placeholder(tf.float32, (None,))
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(
            "Shapes of all inputs must match: values[0].shape = [2] != values[1].shape = [3]")):
        sess.run(tf.stack([a, tf.zeros([3])]), {a: np.zeros(2)})


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_unstack_matches_numpy(sess, axis):
    x = sample((2, 3, 4))
    parts = tf.unstack(x, axis=axis)
    expected = [np.take(x, i, axis=axis) for i in range(x.shape[axis])]
    assert len(parts) == len(expected) and parts[0].op.type == "Unpack" and parts[0].op.name == "unstack"
    assert parts[0].shape.as_list() == list(expected[0].shape)
    for got, want in zip(sess.run(parts), expected):
        np.testing.assert_array_equal(got, want)


def test_unstack_needs_a_known_dimension_or_num(sess):
    x = tf.placeholder(tf.float64, (None, 2))
    with pytest.raises(ValueError, match=re.escape("Cannot infer num from shape (?, 2)")):
        tf.unstack(x)
    parts = tf.unstack(x, num=3)
    np.testing.assert_array_equal(sess.run(parts[2], {x: sample((3, 2))}), [4, 5])
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(
            "Input shape axis 0 must equal 3, got shape [4,2]")):
        sess.run(parts[0], {x: sample((4, 2))})


def test_tensors_are_not_iterable_but_unstack_is_the_way():
    with pytest.raises(TypeError, match="tf.unstack"):
        iter(tf.zeros([2]))
