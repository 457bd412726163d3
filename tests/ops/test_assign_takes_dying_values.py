"""Assign keeps the buffer of a value that dies with it instead of copying it; whoever else can
still see that value (a fetch, a later reader, the fed array, a reader of the variable) is
unaffected by later writes to the variable."""
import numpy as np

import jupyter_flow as tf


def test_fetched_initial_value_is_not_changed_by_later_updates():
    v = tf.Variable(tf.zeros([2000]), name="v")
    initial = v.initial_value + 0.0
    with tf.Session() as sess:
        _, seen = sess.run([v.initializer, initial])
        sess.run(v.assign_add(tf.ones([2000])))
        np.testing.assert_array_equal(seen, np.zeros(2000, np.float32))
        np.testing.assert_array_equal(sess.run(v), np.ones(2000, np.float32))


def test_fed_array_is_not_changed_by_updates_to_the_variable_it_initialized():
    p = tf.placeholder(tf.float32, [3])
    v = tf.Variable(tf.zeros([3]), name="v")
    fed = np.array([1.0, 2.0, 3.0], np.float32)
    with tf.Session() as sess:
        sess.run(v.assign(p), {p: fed})
        sess.run(v.assign_add([10.0, 10.0, 10.0]))
        np.testing.assert_array_equal(fed, [1.0, 2.0, 3.0])
        np.testing.assert_array_equal(sess.run(v), [11.0, 12.0, 13.0])


def test_readers_of_the_variable_in_the_same_run_see_an_assign_as_in_tf1():
    v = tf.Variable(tf.zeros([1000]), name="v")
    with tf.Session() as sess:
        sess.run(v.initializer)
        read = tf.identity(v)
        with tf.control_dependencies([read]):
            assign = v.assign(tf.ones([1000]))
        with tf.control_dependencies([assign]):
            after = tf.identity(read) + 0.0
        np.testing.assert_array_equal(sess.run(after), np.ones(1000, np.float32))
        np.testing.assert_array_equal(sess.run(v), np.ones(1000, np.float32))
