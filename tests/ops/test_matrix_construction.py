"""tf.eye, tf.diag / diag_part, matrix_diag / matrix_diag_part, matrix_band_part, tf.trace, tf.linspace and
tf.meshgrid: literal outputs of the same calls in TF 2.21's compat.v1."""
import numpy as np

import jupyter_flow as tf

B = np.arange(24, dtype=np.float32).reshape(2, 3, 4)


def _run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


def test_eye_static_batched_and_of_a_fed_size():
    assert _run(tf.eye(2, 3, [2], tf.int32)).tolist() == [[[1, 0, 0], [0, 1, 0]], [[1, 0, 0], [0, 1, 0]]]
    n = tf.placeholder(tf.int32, ())
    assert _run(tf.eye(n), {n: 3}).tolist() == np.eye(3).tolist()


def test_diagonals_in_and_out():
    assert _run(tf.diag([1.0, -2.0, 3.0])).tolist() == [[1.0, 0.0, 0.0], [0.0, -2.0, 0.0], [0.0, 0.0, 3.0]]
    assert _run(tf.matrix_diag([[1, 2], [3, 4]])).tolist() == [[[1, 0], [0, 2]], [[3, 0], [0, 4]]]
    assert _run(tf.diag_part(tf.constant(np.arange(9.0).reshape(3, 3)))).tolist() == [0.0, 4.0, 8.0]
    assert _run(tf.matrix_diag_part(B)).tolist() == [[0.0, 5.0, 10.0], [12.0, 17.0, 22.0]]
    assert _run(tf.trace(B)).tolist() == [15.0, 51.0]
    assert str(_run(tf.diag_part(tf.constant([[-0.0, 1.0], [2.0, 3.0]])))[0]) == "-0.0"  # picked, not summed


def test_matrix_band_part_lower_triangle_and_a_band():
    assert _run(tf.matrix_band_part(B, -1, 0)).tolist() == [
        [[0.0, 0.0, 0.0, 0.0], [4.0, 5.0, 0.0, 0.0], [8.0, 9.0, 10.0, 0.0]],
        [[12.0, 0.0, 0.0, 0.0], [16.0, 17.0, 0.0, 0.0], [20.0, 21.0, 22.0, 0.0]]]
    assert _run(tf.matrix_band_part(B[0], 1, 0)).tolist() == [[0.0, 0.0, 0.0, 0.0], [4.0, 5.0, 0.0, 0.0],
                                                             [0.0, 9.0, 10.0, 0.0]]


def test_linspace_matches_tf1_bit_for_bit():
    assert _run(tf.linspace(-1.0, 2.0, 4)).tolist() == [-1.0, 0.0, 1.0, 2.0]
    assert _run(tf.lin_space(0.0, 1.0, 7)).tolist() == [0.0, 0.1666666716337204, 0.3333333432674408, 0.5,
                                                        0.6666666865348816, 0.8333333730697632, 1.0]


def test_meshgrid_xy_and_ij():
    xs, ys = _run(tf.meshgrid([1, 2, 3], [4, 5]))
    assert xs.tolist() == [[1, 2, 3], [1, 2, 3]] and ys.tolist() == [[4, 4, 4], [5, 5, 5]]
    xs, ys = _run(tf.meshgrid([1, 2, 3], [4, 5], indexing="ij"))
    assert xs.tolist() == [[1, 1], [2, 2], [3, 3]] and ys.tolist() == [[4, 5], [4, 5], [4, 5]]
    assert [g.shape for g in _run(tf.meshgrid([1, 2], [3, 4, 5], [6, 7, 8, 9]))] == [(3, 2, 4)] * 3
