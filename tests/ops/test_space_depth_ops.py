"""tf.space_to_depth / tf.depth_to_space give TF 1.x's values (literals printed by
tensorflow.compat.v1 2.21), each one's gradient is the other op, and bad sizes are refused
with the shapes named, at graph build time when known and at run time otherwise."""
import numpy as np
import pytest

import jupyter_flow as tf


def _run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


def test_space_to_depth_packs_blocks_row_major_into_channels():
    x = np.arange(1, 17, dtype=np.float32).reshape(1, 4, 4, 1)
    y = _run(tf.space_to_depth(x, 2))
    assert y.tolist() == [[[[1, 2, 5, 6], [3, 4, 7, 8]], [[9, 10, 13, 14], [11, 12, 15, 16]]]]


def test_space_to_depth_keeps_channels_inside_each_pixel():
    x = np.arange(1, 17, dtype=np.float32).reshape(1, 2, 4, 2)
    assert _run(tf.nn.space_to_depth(x, 2)).tolist() == [[[[1, 2, 3, 4, 9, 10, 11, 12],
                                                            [5, 6, 7, 8, 13, 14, 15, 16]]]]
    ints = np.arange(1, 13, dtype=np.int32).reshape(1, 2, 2, 3)
    y = _run(tf.space_to_depth(ints, 2))
    assert y.dtype == np.int32 and y.tolist() == [[[list(range(1, 13))]]]


def test_space_to_depth_with_block_size_three():
    x = np.arange(1, 19, dtype=np.float32).reshape(1, 3, 6, 1)
    assert _run(tf.space_to_depth(x, 3)).tolist() == [[[[1, 2, 3, 7, 8, 9, 13, 14, 15],
                                                        [4, 5, 6, 10, 11, 12, 16, 17, 18]]]]


def test_depth_to_space_is_the_inverse():
    y = np.arange(1, 17, dtype=np.float32).reshape(1, 2, 2, 4)
    x = _run(tf.depth_to_space(y, 2))
    assert x.tolist() == [[[[1], [2], [5], [6]], [[3], [4], [7], [8]], [[9], [10], [13], [14]],
                           [[11], [12], [15], [16]]]]
    ints = np.arange(1, 9, dtype=np.int32).reshape(1, 1, 2, 4)
    assert _run(tf.nn.depth_to_space(ints, 2)).tolist() == [[[[1], [2], [5], [6]], [[3], [4], [7], [8]]]]
    rng = np.random.default_rng(0)
    big = rng.standard_normal((3, 6, 9, 5)).astype(np.float32)
    np.testing.assert_array_equal(_run(tf.depth_to_space(tf.space_to_depth(big, 3), 3)), big)


def test_strings_move_like_numbers():
    x = np.array([b"a", b"b", b"c", b"d"], dtype=object).reshape(1, 2, 2, 1)
    assert _run(tf.space_to_depth(x, 2)).tolist() == [[[[b"a", b"b", b"c", b"d"]]]]


def test_static_shapes():
    x = tf.placeholder(tf.float32, [None, 8, 6, 3])
    assert tf.space_to_depth(x, 2).shape.as_list() == [None, 4, 3, 12]
    assert tf.depth_to_space(tf.placeholder(tf.float32, [2, None, 3, 8]), 2).shape.as_list() == [2, None, 6, 2]


def test_each_gradient_is_the_other_op():
    x = tf.constant(np.arange(1, 9, dtype=np.float32).reshape(1, 2, 2, 2))
    y = tf.space_to_depth(x, 2)
    (dx,) = tf.gradients(y * tf.constant(np.arange(8, dtype=np.float32).reshape(1, 1, 1, 8)), x)
    assert dx.op.type == "DepthToSpace"
    assert _run(dx).tolist() == [[[[0, 1], [2, 3]], [[4, 5], [6, 7]]]]
    v = tf.constant(np.arange(1, 9, dtype=np.float32).reshape(1, 1, 1, 8))
    z = tf.depth_to_space(v, 2)
    (dv,) = tf.gradients(z * tf.constant(np.arange(8, dtype=np.float32).reshape(1, 2, 2, 2)), v)
    assert dv.op.type == "SpaceToDepth"
    assert _run(dv).tolist() == [[[list(range(8))]]]


def test_sizes_not_divisible_by_the_block_are_refused():
    with pytest.raises(ValueError, match=r"SpaceToDepth: the image height 3 must be divisible by block_size 2"):
        tf.space_to_depth(np.zeros((1, 3, 4, 1), np.float32), 2)
    with pytest.raises(ValueError, match=r"DepthToSpace: the input depth 3 must be divisible by block_size squared, 4"):
        tf.depth_to_space(np.zeros((1, 3, 4, 3), np.float32), 2)
    with pytest.raises(ValueError, match=r"block_size must be an int of at least 2, got 1"):
        tf.space_to_depth(np.zeros((1, 4, 4, 1), np.float32), 1)
    with pytest.raises(ValueError, match=r"must be 4-D"):
        tf.space_to_depth(np.zeros((4, 4, 1), np.float32), 2)
    with pytest.raises(ValueError, match=r"data_format='NHWC' only"):
        tf.space_to_depth(np.zeros((1, 1, 4, 4), np.float32), 2, data_format="NCHW")


def test_run_time_sizes_are_checked_by_the_kernel():
    x = tf.placeholder(tf.float32, [None, None, None, None], name="images")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"SpaceToDepth: the image height 5 and width 4"):
            sess.run(tf.space_to_depth(x, 2), {x: np.zeros((1, 5, 4, 1), np.float32)})
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"DepthToSpace: the input depth 6"):
            sess.run(tf.depth_to_space(x, 2), {x: np.zeros((1, 2, 2, 6), np.float32)})
