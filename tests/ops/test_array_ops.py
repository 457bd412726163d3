"""fill, zeros, ones (jupyter_flow/ops/array_ops.py): shapes given as tensors and bad shapes."""
import numpy as np
import pytest

import jupyter_flow as tf


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
        tf.random_normal(tf.shape(x))


@pytest.mark.parametrize("make", [lambda: tf.constant(2**70), lambda: tf.constant([1]) * 2**70,
                                  lambda: tf.range(2**70), lambda: tf.reshape(tf.zeros([2]), [2**70])])
def test_python_ints_beyond_64_bits_are_value_errors(make):
    with pytest.raises(ValueError, match="2\\*\\*70|1180591620717411303424"):
        make()
