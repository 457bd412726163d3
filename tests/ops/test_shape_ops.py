"""shape/size/rank, reshape, squeeze, expand_dims, tile, reverse: values against NumPy, static
shapes, dtypes, names and errors."""
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jupyter_flow as tf
from array_op_support import ALL_DTYPES, graph, sample, sess  # noqa: F401 (fixtures)


# ----- shape, size, rank ---------------------------------------------------------------------------


def test_shape_of_partly_known_tensor_is_computed_at_run_time(sess):
    x = tf.placeholder(tf.float32, (None, 3))
    s = tf.shape(x)
    assert s.op.type == "Shape" and s.op.name == "Shape"
    assert s.dtype == tf.int32 and s.shape.as_list() == [2]
    np.testing.assert_array_equal(sess.run(s, {x: np.zeros((5, 3))}), [5, 3])


def test_shape_of_fully_known_tensor_is_a_constant_named_shape(sess):
    s = tf.shape(tf.zeros([2, 4]), out_type=tf.int64)
    assert s.op.type == "Const" and s.op.name == "Shape" and s.dtype == tf.int64
    np.testing.assert_array_equal(sess.run(s), [2, 4])


def test_shape_of_unknown_rank_has_unknown_length(sess):
    x = tf.placeholder(tf.float32)
    assert tf.shape(x).shape.as_list() == [None]
    assert sess.run(tf.shape(x), {x: np.zeros((1, 2, 3))}).tolist() == [1, 2, 3]


def test_size_and_rank(sess):
    x = tf.placeholder(tf.float32, (None, 3))
    size, rank = tf.size(x), tf.rank(x)
    assert (size.op.type, size.op.name, rank.op.type) == ("Size", "Size", "Const")
    assert size.shape.ndims == 0 and size.dtype == tf.int32
    assert sess.run([size, rank], {x: np.zeros((4, 3))}) == [12, 2]
    u = tf.placeholder(tf.float32)
    assert tf.rank(u).op.type == "Rank"
    assert sess.run(tf.rank(u), {u: np.zeros((1, 1, 1))}) == 3


def test_shape_of_variable_reads_its_value(sess):
    v = tf.Variable(np.zeros((2, 5)))
    np.testing.assert_array_equal(sess.run(tf.shape(v)), [2, 5])


def test_shape_rejects_float_out_type():
    with pytest.raises(TypeError, match="out_type must be tf.int32 or tf.int64"):
        tf.shape(tf.zeros([2]), out_type=tf.float32)


# ----- reshape --------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", [[6], [2, 3], [3, -1], [-1, 1, 2], [1, 6, 1]])
def test_reshape_matches_numpy(sess, target):
    x = sample((2, 3))
    y = tf.reshape(x, target)
    assert y.shape.as_list() == list(np.reshape(x, target).shape)
    np.testing.assert_array_equal(sess.run(y), np.reshape(x, target))


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_reshape_keeps_every_dtype(sess, dtype):
    x = sample((2, 3), dtype)
    out = sess.run(tf.reshape(tf.constant(x), [3, 2]))
    assert out.dtype == x.dtype
    np.testing.assert_array_equal(out, x.reshape(3, 2))


def test_fetched_reshape_of_a_constant_is_safe_to_write(sess):
    # Reshape shares the engine buffer (no copy); an array handed to the user that the engine
    # still holds (here the constant) is copied, so writing into it never changes the graph.
    c = tf.constant(sample((2, 3)))
    out = sess.run(tf.reshape(c, [-1]))
    out[:] = 0
    np.testing.assert_array_equal(sess.run(tf.reshape(c, [-1])), sample((2, 3)).reshape(-1))


def test_reshape_of_scalar_and_to_scalar(sess):
    assert tf.reshape(tf.constant([7]), []).shape.as_list() == []
    assert sess.run(tf.reshape(tf.constant([7]), [])) == 7
    np.testing.assert_array_equal(sess.run(tf.reshape(tf.constant(5), [1, 1])), [[5]])


def test_reshape_static_shape_keeps_unknown_dims_unknown():
    x = tf.placeholder(tf.float32, (None, 3))
    assert tf.reshape(x, [-1]).shape.as_list() == [None]
    assert tf.reshape(x, [-1, 3, 1]).shape.as_list() == [None, 3, 1]
    assert tf.reshape(tf.zeros([4, 3]), [2, -1]).shape.as_list() == [2, 6]


def test_reshape_to_a_runtime_shape(sess):
    x = tf.placeholder(tf.float64, (None, 4))
    like = tf.placeholder(tf.float64, (None, None))
    y = tf.reshape(x, tf.shape(like))
    assert y.shape.as_list() == [None, None]
    out = sess.run(y, {x: sample((3, 4)), like: np.zeros((6, 2))})
    np.testing.assert_array_equal(out, sample((3, 4)).reshape(6, 2))


def test_reshape_with_packed_runtime_dims(sess):
    x = tf.placeholder(tf.float64, (None, 2, 3))
    y = tf.reshape(x, [tf.shape(x)[0], -1])
    assert y.shape.as_list() == [None, None]
    assert y.op.inputs[1].op.type == "Pack" and y.op.inputs[1].op.name == "Reshape/shape"
    np.testing.assert_array_equal(sess.run(y, {x: sample((4, 2, 3))}), sample((4, 2, 3)).reshape(4, 6))


def test_reshape_accepts_numpy_and_tensor_shape_targets(sess):
    x = tf.constant(sample((2, 3)))
    assert tf.reshape(x, np.array([3, 2])).shape.as_list() == [3, 2]
    assert tf.reshape(x, tf.TensorShape([1, 6])).shape.as_list() == [1, 6]
    assert tf.reshape(x, tf.zeros([6, 1]).shape).shape.as_list() == [6, 1]


def test_reshape_names_its_shape_constant():
    y = tf.reshape(tf.zeros([4]), [2, 2])
    assert y.op.name == "Reshape" and y.op.type == "Reshape"
    assert y.op.inputs[1].op.name == "Reshape/shape" and y.op.inputs[1].dtype == tf.int32


def test_reshape_incompatible_static_size_raises_value_error():
    with pytest.raises(ValueError, match=re.escape(
            "Cannot reshape a tensor with 6 elements to shape [4,2] (8 elements) for 'Reshape' (op: 'Reshape') "
            "with input shapes: [2,3], [2].")):
        tf.reshape(tf.zeros([2, 3]), [4, 2])


def test_reshape_wildcard_that_cannot_divide_raises_value_error():
    with pytest.raises(ValueError, match="Cannot reshape a tensor with 6 elements to shape \\[4,-1\\]"):
        tf.reshape(tf.zeros([2, 3]), [4, -1])


def test_reshape_partly_known_input_must_divide_target():
    with pytest.raises(ValueError, match="multiple of 3 elements to shape \\[5\\]"):
        tf.reshape(tf.placeholder(tf.float32, (None, 3)), [5])


def test_reshape_of_empty_tensor_with_wildcard_needs_non_zero_sizes(sess):
    with pytest.raises(ValueError, match="Reshape cannot infer the missing input size for an empty tensor"):
        tf.reshape(tf.zeros([0, 3]), [0, -1])
    x = tf.placeholder(tf.float32, (None, 3))
    np.testing.assert_array_equal(sess.run(tf.shape(tf.reshape(x, [-1, 3, 1])), {x: np.zeros((0, 3))}), [0, 3, 1])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Reshape cannot infer the missing input size"):
        sess.run(tf.reshape(x, [0, -1]), {x: np.zeros((0, 3))})


def test_reshape_two_wildcards_raise_value_error():
    with pytest.raises(ValueError, match="Only one input size may be -1, not both 0 and 1"):
        tf.reshape(tf.zeros([2, 3]), [-1, -1])


def test_reshape_runtime_mismatch_raises_invalid_argument_naming_the_op(sess):
    x = tf.placeholder(tf.float32, (None,))
    y = tf.reshape(x, [2, -1], name="pairs")
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Input to reshape is a tensor with 7 values, but the requested shape requires a "
                             "multiple of 2") as e:
        sess.run(y, {x: np.zeros(7)})
    assert e.value.op.name == "pairs" and "pairs" in str(e.value)
    with pytest.raises(tf.errors.InvalidArgumentError, match="tensor with 7 values, but the requested shape has 8"):
        sess.run(tf.reshape(x, [2, 4]), {x: np.zeros(7)})


def test_reshape_rejects_float_shape():
    with pytest.raises(TypeError, match="'shape' must hold integers, got 2.0"):
        tf.reshape(tf.zeros([2]), [2.0])
    with pytest.raises(TypeError, match="must be an int32 or int64 tensor, got float32"):
        tf.reshape(tf.zeros([2]), tf.constant([2.0]))


def test_reshape_rejects_partly_known_tensor_shape():
    with pytest.raises(ValueError, match="partially known shape"):
        tf.reshape(tf.zeros([2]), tf.TensorShape([None, 2]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=0, max_size=4), st.data())
def test_reshape_property_any_factorisation_round_trips(dims, data):
    n = int(np.prod(dims, dtype=np.int64))
    target = data.draw(st.permutations(dims))
    if target:
        target = list(target)
        target[data.draw(st.integers(0, len(target) - 1))] = -1
    x = np.arange(n, dtype=np.float32).reshape(dims)
    with tf.Graph().as_default(), tf.Session() as s:
        p = tf.placeholder(tf.float32, [None] * len(dims))
        y = tf.reshape(tf.reshape(p, target), tf.shape(p))
        direct = tf.reshape(tf.constant(x), target)
        out, out_direct = s.run([y, direct], {p: x})
    expected = x.reshape(target)
    assert direct.shape.as_list() == list(expected.shape)
    np.testing.assert_array_equal(out_direct, expected)
    np.testing.assert_array_equal(out, x)


# ----- squeeze, expand_dims -------------------------------------------------------------------------


@pytest.mark.parametrize("axis", [None, [0], [2], [-1], [0, 3]])
def test_squeeze_matches_numpy(sess, axis):
    x = sample((1, 2, 1, 1))
    y = tf.squeeze(x, axis=axis)
    expected = np.squeeze(x, axis=None if axis is None else tuple(axis))
    assert y.shape.as_list() == list(expected.shape) and y.op.name == "Squeeze"
    np.testing.assert_array_equal(sess.run(y), expected)


def test_squeeze_accepts_int_axis_and_squeeze_dims(sess):
    assert tf.squeeze(tf.zeros([3, 1]), 1).shape.as_list() == [3]
    assert tf.squeeze(tf.zeros([3, 1]), squeeze_dims=[1]).shape.as_list() == [3]


def test_squeeze_of_unknown_dims(sess):
    x = tf.placeholder(tf.float64, (None, 1, None))
    assert tf.squeeze(x).shape.ndims is None  # which dims are 1 is known only at run time
    assert tf.squeeze(x, [1]).shape.as_list() == [None, None]
    np.testing.assert_array_equal(sess.run(tf.squeeze(x), {x: sample((3, 1, 1))}), sample((3,)))


def test_squeeze_of_dimension_not_one_raises():
    with pytest.raises(ValueError, match=re.escape("Can not squeeze dim[1], expected a dimension of 1, got 3 "
                                                   "for 'Squeeze' (op: 'Squeeze') with input shapes: [2,3].")):
        tf.squeeze(tf.zeros([2, 3]), [1])
    with pytest.raises(ValueError, match="Tried squeezing dim index 2 for tensor with 2 dimensions"):
        tf.squeeze(tf.zeros([2, 1]), [2])


def test_squeeze_runtime_mismatch_raises_invalid_argument(sess):
    x = tf.placeholder(tf.float32, (None, None))
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape("Can not squeeze dim[1], expected a "
                                                                       "dimension of 1, got 4")):
        sess.run(tf.squeeze(x, [1]), {x: np.zeros((2, 4))})


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3])
def test_expand_dims_matches_numpy(sess, axis):
    x = sample((2, 3))
    y = tf.expand_dims(x, axis)
    assert y.shape.as_list() == list(np.expand_dims(x, axis).shape) and y.op.name == "ExpandDims"
    np.testing.assert_array_equal(sess.run(y), np.expand_dims(x, axis))


def test_expand_dims_of_unknown_dims(sess):
    x = tf.placeholder(tf.int32, (None,))
    y = tf.expand_dims(x, dim=1)
    assert y.shape.as_list() == [None, 1]
    np.testing.assert_array_equal(sess.run(y, {x: [1, 2]}), [[1], [2]])


def test_expand_dims_out_of_range_raises():
    with pytest.raises(ValueError, match="Tried to expand dim index 3 for tensor with 2 dimensions"):
        tf.expand_dims(tf.zeros([2, 3]), 3)
    with pytest.raises(ValueError, match="needs an axis"):
        tf.expand_dims(tf.zeros([2, 3]))


# ----- tile, reverse ----------------------------------------------------------------------------------


@pytest.mark.parametrize("shape,multiples", [((2,), [3]), ((2, 3), [2, 1]), ((1, 2, 3), [2, 3, 2]),
                                             ((2, 3), [0, 2]), ((), [])])
def test_tile_matches_numpy(sess, shape, multiples):
    x = sample(shape)
    y = tf.tile(x, multiples)
    assert y.shape.as_list() == list(np.tile(x, multiples).shape) and y.op.name == "Tile"
    np.testing.assert_array_equal(sess.run(y), np.tile(x, multiples))


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_tile_keeps_every_dtype(sess, dtype):
    x = sample((2, 2), dtype)
    np.testing.assert_array_equal(sess.run(tf.tile(tf.constant(x), [2, 3])), np.tile(x, [2, 3]))


def test_tile_with_runtime_multiples(sess):
    m = tf.placeholder(tf.int32, (2,))
    y = tf.tile(tf.constant(sample((2, 3))), m)
    assert y.shape.as_list() == [None, None]
    np.testing.assert_array_equal(sess.run(y, {m: [2, 2]}), np.tile(sample((2, 3)), [2, 2]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape("Expected multiples[1] >= 0, but got -1")):
        sess.run(y, {m: [1, -1]})


def test_tile_multiples_of_wrong_length_raise():
    with pytest.raises(ValueError, match="Expected multiples argument to be a vector of length 2 but got length 1"):
        tf.tile(tf.zeros([2, 3]), [2])


@pytest.mark.parametrize("axis", [[0], [1], [-1], [0, 2], []])
def test_reverse_matches_numpy(sess, axis):
    x = sample((2, 3, 4))
    y = tf.reverse(x, axis)
    assert y.op.type == "ReverseV2" and y.shape.as_list() == [2, 3, 4]
    np.testing.assert_array_equal(sess.run(y), np.flip(x, axis=tuple(axis)) if axis else x)


def test_reverse_of_strings(sess):
    np.testing.assert_array_equal(sess.run(tf.reverse(tf.constant([b"a", b"b", b"c"]), [0])), [b"c", b"b", b"a"])


def test_reverse_repeated_axis_raises():
    with pytest.raises(ValueError, match="axis 0 specified more than once"):
        tf.reverse(tf.zeros([2, 3]), [0, -2])


def test_reshape_to_a_shape_whose_size_overflows_is_invalid_argument(sess):
    # 3 * 6148914691236517206 wraps to 2 in 64 bits: without the check a 2-element buffer got a huge shape.
    x, shape = tf.placeholder(tf.float32), tf.placeholder(tf.int64)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"\[3,6148914691236517206\] has more elements than fit"):
        sess.run(tf.reshape(x, shape) + 1, {x: np.zeros(2), shape: [3, 6148914691236517206]})
