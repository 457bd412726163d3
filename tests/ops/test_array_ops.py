"""fill, zeros, ones (jupyter_flow/ops/array_ops.py): shapes known only at run time, bad shapes,
and the TF1 default names of the *_like ops."""
import numpy as np
import pytest

import jupyter_flow as tf


def test_zeros_ones_fill_accept_a_shape_tensor():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    z = tf.zeros(tf.shape(x))
    o = tf.ones([tf.shape(x)[0], 2], dtype=tf.int32)
    f = tf.fill(tf.shape(x), 7.0)
    assert (z.name, str(z.shape), z.dtype) == ("zeros:0", "(?, 3)", tf.float32)
    assert (o.name, str(o.shape), o.dtype) == ("ones:0", "(?, 2)", tf.int32)
    assert (f.name, str(f.shape)) == ("Fill:0", "(?, 3)")
    with tf.Session() as sess:
        zv, ov, fv = sess.run([z, o, f], {x: np.ones((2, 3))})
    np.testing.assert_array_equal(zv, np.zeros((2, 3), np.float32))
    np.testing.assert_array_equal(ov, np.ones((2, 2), np.int32))
    np.testing.assert_array_equal(fv, np.full((2, 3), 7.0, np.float32))


def test_zeros_of_an_unknown_rank_shape_has_unknown_shape():
    dims = tf.placeholder(tf.int32, name="dims")
    z = tf.zeros(dims)
    assert z.shape.ndims is None
    with tf.Session() as sess:
        assert sess.run(z, {dims: [2, 1]}).shape == (2, 1)


def test_fill_with_negative_runtime_dims_is_an_invalid_argument():
    dims = tf.placeholder(tf.int32, [2])
    f = tf.fill(dims, 1.0)
    with tf.Session() as sess:
        try:
            sess.run(f, {dims: [2, -1]})
        except tf.errors.InvalidArgumentError as e:
            assert "non-negative" in str(e)
        else:
            raise AssertionError("expected InvalidArgumentError")


def test_zeros_like_and_ones_like_default_names_are_tf1s():
    a = tf.constant([[1.0, 2.0]])
    assert tf.zeros_like(a).name == "zeros_like:0"
    assert tf.ones_like(a).name == "ones_like:0"
    assert tf.zeros_like(a, name="z").name == "z:0"


def test_where_with_a_vector_condition_picks_rows_as_tf1():
    # TF1's Select: a vector condition chooses whole rows; it is not broadcast along the last axis.
    a = tf.constant([[1, 2], [3, 4]])
    b = tf.constant([[5, 6], [7, 8]])
    rows = tf.where(tf.constant([True, False]), a, b)
    x = tf.placeholder(tf.float32, [None, 3])
    assert str(tf.where(tf.placeholder(tf.bool, [None]), x, -x).shape) == "(?, 3)"
    with tf.Session() as sess:
        assert sess.run(rows).tolist() == [[1, 2], [7, 8]]
        assert sess.run(tf.where(tf.constant([[True, False], [False, True]]), a, b)).tolist() == [[1, 6], [7, 4]]
        assert sess.run(tf.where(tf.constant(True), a, b)).tolist() == [[1, 2], [3, 4]]


def test_where_with_a_vector_condition_of_the_wrong_length_is_rejected():
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.where(tf.constant([True, False, True]), tf.ones([2, 2]), tf.zeros([2, 2]))


def test_placeholder_with_default_gives_its_default_unless_fed():
    p = tf.placeholder_with_default(3.0, [])
    batch = tf.placeholder_with_default([[1.0, 2.0]], [None, 2])
    assert (p.name, str(p.shape), str(batch.shape)) == ("PlaceholderWithDefault:0", "()", "(?, 2)")
    with tf.Session() as sess:
        assert sess.run(p * 2) == 6.0
        assert sess.run(p * 2, {p: 5.0}) == 10.0
        assert sess.run(batch, {batch: np.zeros((3, 2))}).shape == (3, 2)
    with pytest.raises(ValueError, match="not compatible with shape"):
        tf.placeholder_with_default([1.0, 2.0], [3])


@pytest.mark.parametrize("make,expected", [
    (lambda s: tf.zeros(s), np.zeros((2, 3), np.float32)),
    (lambda s: tf.ones(s, dtype=tf.int32), np.ones((2, 3), np.int32)),
    (lambda s: tf.fill(s, 7.5), np.full((2, 3), 7.5, np.float32)),
])
def test_fill_zeros_ones_take_a_shape_tensor_like_tf1(make, expected):
    x = tf.placeholder(tf.float32)
    with tf.Session() as sess:
        out = sess.run(make(tf.shape(x)), {x: np.empty((2, 3))})
    assert out.dtype == expected.dtype
    np.testing.assert_array_equal(out, expected)


def test_fill_to_a_runtime_shape_too_big_for_memory_is_resource_exhausted():
    dims = tf.placeholder(tf.int32, [None])
    with tf.Session() as sess, pytest.raises(tf.errors.ResourceExhaustedError, match="OOM when allocating"):
        sess.run(tf.zeros(dims), {dims: [1 << 30, 1 << 30]})  # the int32 product would wrap to 0


def test_a_static_shape_argument_given_a_tensor_says_so():
    x = tf.placeholder(tf.float32)
    with pytest.raises(TypeError, match="got tensor 'Shape:0', whose value is known only at run time"):
        tf.placeholder(tf.float32, shape=tf.shape(x))  # (random ops take such a shape, as TF1)


@pytest.mark.parametrize("make", [lambda: tf.constant(2**70), lambda: tf.constant([1]) * 2**70,
                                  lambda: tf.range(2**70), lambda: tf.reshape(tf.zeros([2]), [2**70])])
def test_python_ints_beyond_64_bits_are_value_errors(make):
    with pytest.raises(ValueError, match="2\\*\\*70|1180591620717411303424"):
        make()
