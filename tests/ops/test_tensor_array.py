"""tf.TensorArray inside and outside loops, and the functional ops built on it (map_fn, scan,
foldl, foldr). Expected values are TF1's."""
import numpy as np
import pytest

import jupyter_flow as tf


def test_write_read_stack_size_outside_a_loop():
    ta = tf.TensorArray(tf.float32, size=3)
    ta = ta.write(0, [1.0, 2.0]).write(2, [5.0, 6.0]).write(1, [3.0, 4.0])
    with tf.Session() as sess:
        stacked, second, size = sess.run([ta.stack(), ta.read(1), ta.size()])
    np.testing.assert_array_equal(stacked, [[1, 2], [3, 4], [5, 6]])
    np.testing.assert_array_equal(second, [3, 4])
    assert size == 3


def test_unstack_gather_and_scatter():
    ta = tf.TensorArray(tf.int32, size=4).unstack([[1], [2], [3], [4]])
    picked = ta.gather([3, 0])
    scattered = tf.TensorArray(tf.int32, size=3).scatter([2, 0, 1], [[7, 7], [8, 8], [9, 9]]).stack()
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(picked), [[4], [1]])
        np.testing.assert_array_equal(sess.run(scattered), [[8, 8], [9, 9], [7, 7]])


def test_dynamic_size_grows_as_a_loop_writes():
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    _, ta = tf.while_loop(lambda i, ta: i < 5, lambda i, ta: (i + 1, ta.write(i, tf.cast(i * i, tf.float32))), (0, ta))
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(ta.stack()), [0, 1, 4, 9, 16])
        assert sess.run(ta.size()) == 5


def test_a_loop_reads_one_array_and_writes_another():
    x = tf.placeholder(tf.float32, [None, 2])
    n = tf.shape(x)[0]
    inputs = tf.TensorArray(tf.float32, size=n).unstack(x)
    out = tf.TensorArray(tf.float32, size=n)
    _, _, out = tf.while_loop(lambda t, *_: t < n,
                              lambda t, acc, out: (t + 1, acc + inputs.read(t), out.write(t, acc + inputs.read(t))),
                              (0, tf.zeros([2]), out))
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(out.stack(), {x: [[1, 2], [3, 4], [5, 6]]}), [[1, 2], [4, 6], [9, 12]])


def test_writing_past_a_fixed_size_names_the_array():
    ta = tf.TensorArray(tf.float32, size=2).write(2, 1.0)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="not resizeable and size is: 2"):
            sess.run(ta.stack())


def test_reading_an_unwritten_array_is_an_error():
    ta = tf.TensorArray(tf.float32, size=2)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="has not yet been written"):
            sess.run(ta.read(0))


def test_elements_of_different_shapes_are_refused():
    ta = tf.TensorArray(tf.float32, size=2).write(0, [1.0, 2.0])
    with pytest.raises(ValueError, match="Inconsistent shapes"):
        ta.write(1, [1.0, 2.0, 3.0])


def test_map_fn_over_one_tensor_and_over_a_tuple():
    x = tf.constant([1, 2, 3])
    sq = tf.map_fn(lambda v: v * v, x)
    pairs = tf.map_fn(lambda ab: ab[0] * ab[1], (tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0])), dtype=tf.float32)
    assert sq.shape.as_list() == [3]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(sq), [1, 4, 9])
        np.testing.assert_array_equal(sess.run(pairs), [3.0, 8.0])


def test_scan_with_and_without_initializer_and_reversed():
    x = tf.constant([1, 2, 3, 4])
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(tf.scan(lambda a, v: a + v, x)), [1, 3, 6, 10])
        np.testing.assert_array_equal(sess.run(tf.scan(lambda a, v: a * v, x, initializer=2)), [2, 4, 12, 48])
        np.testing.assert_array_equal(sess.run(tf.scan(lambda a, v: a + v, x, reverse=True)), [10, 9, 7, 4])


def test_foldl_and_foldr():
    x = tf.constant([1, 2, 3])
    with tf.Session() as sess:
        assert sess.run(tf.foldl(lambda a, v: a * 10 + v, x)) == 123
        assert sess.run(tf.foldr(lambda a, v: a * 10 + v, x)) == 321
        assert sess.run(tf.foldl(lambda a, v: a - v, x, initializer=10)) == 4


def test_gradient_through_map_fn_and_scan():
    x = tf.placeholder(tf.float64, [3])
    y = tf.reduce_sum(tf.map_fn(lambda v: v * v * v, x))
    s = tf.reduce_sum(tf.scan(lambda a, v: a * v, x))
    gy, gs = tf.gradients([y], [x])[0], tf.gradients(s, x)[0]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(gy, {x: [1.0, 2.0, 3.0]}), [3.0, 12.0, 27.0])
        # s = x0 + x0 x1 + x0 x1 x2
        np.testing.assert_allclose(sess.run(gs, {x: [1.0, 2.0, 3.0]}), [1 + 2 + 6, 1 + 3, 2])
