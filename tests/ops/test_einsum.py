"""tf.einsum's ellipsis and repeated letters (diagonals, traces), against TF1 (tf.compat.v1 of
TensorFlow 2.21; values pasted from it). The common two-operand patterns: test_tf1_small_ops.py."""
import numpy as np
import pytest

import jupyter_flow as tf

A = np.arange(24., dtype=np.float32).reshape(2, 3, 4)
B = np.arange(20., dtype=np.float32).reshape(4, 5)
M = np.arange(9., dtype=np.float32).reshape(3, 3)
BM = np.arange(18., dtype=np.float32).reshape(2, 3, 3)


@pytest.fixture
def sess():
    with tf.Session() as s:
        yield s

CASES = [
    ("...ij,jk->...ik", [A, B],
     [[[70.0, 76.0, 82.0, 88.0, 94.0], [190.0, 212.0, 234.0, 256.0, 278.0], [310.0, 348.0, 386.0, 424.0, 462.0]],
      [[430.0, 484.0, 538.0, 592.0, 646.0], [550.0, 620.0, 690.0, 760.0, 830.0], [670.0, 756.0, 842.0, 928.0, 1014.0]]]),
    ("...ij->...ji", [A],
     [[[0.0, 4.0, 8.0], [1.0, 5.0, 9.0], [2.0, 6.0, 10.0], [3.0, 7.0, 11.0]],
      [[12.0, 16.0, 20.0], [13.0, 17.0, 21.0], [14.0, 18.0, 22.0], [15.0, 19.0, 23.0]]]),
    ("...j,...j->...", [A, np.ones((3, 4), np.float32)], [[6.0, 22.0, 38.0], [54.0, 70.0, 86.0]]),
    ("ii->i", [M], [0.0, 4.0, 8.0]),
    ("ii->", [M], 12.0),
    ("ii", [M], 12.0),
    ("bii->bi", [BM], [[0.0, 4.0, 8.0], [9.0, 13.0, 17.0]]),
    ("bii->b", [BM], [12.0, 39.0]),
    ("ij,jj->i", [M, M], [20.0, 56.0, 92.0]),
    ("iij->j", [np.arange(18., dtype=np.float32).reshape(3, 3, 2)], [24.0, 27.0]),
]


@pytest.mark.parametrize("equation,operands,expected", CASES)
def test_einsum_ellipsis_and_diagonals_match_tf1(sess, equation, operands, expected):
    out = sess.run(tf.einsum(equation, *[tf.constant(o) for o in operands]))
    assert out.tolist() == expected


def test_einsum_ellipsis_broadcasts_a_size_one_batch(sess):
    a = np.arange(6., dtype=np.float32).reshape(1, 2, 3)
    b = np.arange(30., dtype=np.float32).reshape(5, 3, 2)
    out = sess.run(tf.einsum("...ij,...jk->...ik", tf.constant(a), tf.constant(b)))
    assert out.shape == (5, 2, 2)
    assert out.tolist() == np.einsum("...ij,...jk->...ik", a, b).tolist()


def test_einsum_trace_has_a_gradient_of_the_identity(sess):
    m = tf.constant(M)
    g = sess.run(tf.gradients(tf.einsum("ii->", m), m)[0])
    assert g.tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]


def test_einsum_says_what_it_cannot_do():
    with pytest.raises(ValueError, match="known size"):
        tf.einsum("ii->i", tf.placeholder(tf.float32, [None, None]))
    with pytest.raises(ValueError, match="unknown rank"):
        tf.einsum("...i->i", tf.placeholder(tf.float32))
    with pytest.raises(ValueError, match="repeat a letter"):
        tf.einsum("i->ii", tf.ones([2]))
    with pytest.raises(ValueError, match="rank 2 but its subscripts 'ijk'"):
        tf.einsum("ijk->i", tf.ones([2, 2]))
