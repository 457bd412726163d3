"""tf.pad: TF1's op choice (Pad / PadV2 / MirrorPad), values (the examples of TF1's documentation), static
shapes, gradients, and the errors for bad paddings."""
import numpy as np
import pytest

import jupyter_flow as tf

T = [[1, 2, 3], [4, 5, 6]]
PADDINGS = [[1, 1], [2, 2]]


def run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def test_pad_modes_give_tf1_documented_values():
    constant, reflect, symmetric = run([tf.pad(T, PADDINGS), tf.pad(T, PADDINGS, "REFLECT"),
                                        tf.pad(T, PADDINGS, "symmetric")])
    np.testing.assert_array_equal(constant, [[0, 0, 0, 0, 0, 0, 0], [0, 0, 1, 2, 3, 0, 0],
                                             [0, 0, 4, 5, 6, 0, 0], [0, 0, 0, 0, 0, 0, 0]])
    np.testing.assert_array_equal(reflect, [[6, 5, 4, 5, 6, 5, 4], [3, 2, 1, 2, 3, 2, 1],
                                            [6, 5, 4, 5, 6, 5, 4], [3, 2, 1, 2, 3, 2, 1]])
    np.testing.assert_array_equal(symmetric, [[2, 1, 1, 2, 3, 3, 2], [2, 1, 1, 2, 3, 3, 2],
                                              [5, 4, 4, 5, 6, 6, 5], [5, 4, 4, 5, 6, 6, 5]])


def test_pad_picks_tf1_op_types_and_names():
    tf.reset_default_graph()
    assert tf.pad(T, PADDINGS).op.type == "Pad"
    assert tf.pad(T, PADDINGS).name == "Pad_1:0"
    assert tf.pad(T, PADDINGS, constant_values=7).op.type == "PadV2"
    assert tf.pad(T, PADDINGS, "REFLECT").op.type == "MirrorPad"


def test_pad_with_constant_values_and_strings():
    x = run(tf.pad(np.ones((1, 2), np.float32), [[1, 0], [0, 1]], constant_values=-1.5))
    np.testing.assert_array_equal(x, [[-1.5, -1.5, -1.5], [1, 1, -1.5]])
    s = run(tf.pad(tf.constant(["a", "b"]), [[1, 1]], constant_values="z"))
    assert s.tolist() == [b"z", b"a", b"b", b"z"]


def test_pad_static_shape_known_from_constant_paddings_and_rank_from_fed_ones():
    x = tf.placeholder(tf.float32, (None, 28, 28, 3))
    assert tf.pad(x, [[0, 0], [2, 2], [2, 2], [0, 0]]).shape.as_list() == [None, 32, 32, 3]
    p = tf.placeholder(tf.int32, (4, 2))
    assert tf.pad(x, p).shape.as_list() == [None, None, None, None]
    out = run(tf.pad(x, p), {x: np.zeros((1, 28, 28, 3)), p: [[0, 0], [1, 0], [0, 0], [0, 2]]})
    assert out.shape == (1, 29, 28, 5)


def test_pad_gradients_sum_mirrored_copies_back():
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    g_const, = tf.gradients(tf.reduce_sum(tf.pad(x, PADDINGS) * 2.0), x)
    g_reflect, = tf.gradients(tf.reduce_sum(tf.pad(x, PADDINGS, "REFLECT")), x)
    g_sym, = tf.gradients(tf.reduce_sum(tf.pad(x, [[1, 0], [1, 1]], "SYMMETRIC")), x)
    a, b, c = run([g_const, g_reflect, g_sym])
    np.testing.assert_array_equal(a, np.full((2, 3), 2.0))
    # each element's count of copies in the REFLECT-padded 4x7 tensor
    np.testing.assert_array_equal(b, [[4, 6, 4], [4, 6, 4]])
    np.testing.assert_array_equal(c, [[4, 2, 4], [2, 1, 2]])


def test_pad_errors_name_the_problem():
    with pytest.raises(ValueError, match="one row per dimension"):
        tf.pad(tf.zeros((2, 3)), [[1, 1]])
    with pytest.raises(ValueError, match="mode must be one of"):
        tf.pad(T, PADDINGS, "WRAP")
    with pytest.raises(ValueError, match="non-negative"):
        tf.pad(T, [[-1, 0], [0, 0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="no greater than the dimension size minus 1"):
        run(tf.pad(T, [[2, 0], [0, 0]], "REFLECT"))
    p = tf.placeholder(tf.int32, (None, 2))
    with pytest.raises(tf.errors.InvalidArgumentError, match="paddings must be a matrix of shape \\[2, 2\\]"):
        run(tf.pad(tf.zeros((2, 3)), p), {p: [[1, 1]]})
