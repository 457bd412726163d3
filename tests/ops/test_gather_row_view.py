"""tf.gather of one row (a scalar index on axis 0) shares the params' memory instead of copying it
(Tensor::row_view; a while loop's gradient reads each iteration's kept value this way). The
sharing must never be visible: writes through a fetched array, variable assignments and in-place
updates all leave the other holders of the memory unchanged."""
import numpy as np

import jupyter_flow as tf


def test_fetched_row_is_a_copy_the_user_may_write():
    with tf.Graph().as_default():
        x = tf.Variable(np.arange(12, dtype=np.float32).reshape(3, 4))
        row = tf.gather(x, 1)
        with tf.Session() as sess:
            sess.run(x.initializer)
            got = sess.run(row)
            got[:] = -1
            np.testing.assert_array_equal(sess.run(row), [4, 5, 6, 7])
            np.testing.assert_array_equal(sess.run(x)[1], [4, 5, 6, 7])


def test_assigning_a_row_to_a_variable_does_not_alias_the_source():
    with tf.Graph().as_default():
        x = tf.Variable(np.arange(6, dtype=np.float64).reshape(3, 2))
        v = tf.Variable(np.zeros(2))
        take = v.assign(tf.gather(x, 2))
        with tf.Session() as sess:
            sess.run([x.initializer, v.initializer])
            sess.run(take)
            sess.run(v.assign_add([10.0, 10.0]))
            np.testing.assert_array_equal(sess.run(x), np.arange(6).reshape(3, 2))
            np.testing.assert_array_equal(sess.run(v), [14, 15])


def test_rows_of_one_tensor_feed_later_ops_and_a_tensor_array():
    with tf.Graph().as_default():
        x = tf.constant(np.arange(8, dtype=np.float32).reshape(4, 2))
        rows = [tf.gather(x, i) for i in range(4)]
        ta = tf.TensorArray(tf.float32, size=4)
        for i, r in enumerate(reversed(rows)):
            ta = ta.write(i, r * 2.0)
        both = tf.stack([rows[0] + rows[3], tf.gather(tf.reshape(x, [4, 1, 2]), 2)[0]])
        with tf.Session() as sess:
            stacked, b, whole = sess.run([ta.stack(), both, x])
    np.testing.assert_array_equal(stacked, 2 * np.arange(8).reshape(4, 2)[::-1])
    np.testing.assert_array_equal(b, [[6, 8], [4, 5]])
    np.testing.assert_array_equal(whole, np.arange(8).reshape(4, 2))


def test_scalar_and_string_rows_still_gather():
    with tf.Graph().as_default():
        v = tf.constant([3.0, 4.0, 5.0])
        s = tf.constant([b"a", b"b"])
        with tf.Session() as sess:
            assert sess.run(tf.gather(v, 2)) == 5.0
            assert sess.run(tf.gather(s, 1)) == b"b"
