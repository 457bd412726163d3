import numpy as np
import pytest

import jupyter_flow as tf


def test_variable_ops_and_attributes():
    x = tf.Variable(3, name="x")
    assert x.name == "x:0" and x.op.name == "x" and x.dtype == tf.int32
    assert x.initializer.name == "x/Assign"
    assert x.value().name == "x/read:0"
    assert x.shape == ()


def test_assign_and_assign_add_sub():
    v = tf.Variable([1.0, 2.0], name="v")
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run(v.assign([5.0, 6.0]))
        np.testing.assert_array_equal(v.eval(), [5, 6])
        sess.run(tf.assign_add(v, [1.0, 1.0]))
        sess.run(v.assign_sub([0.5, 0.5]))
        np.testing.assert_array_equal(v.eval(), [5.5, 6.5])


def test_assign_shape_mismatch_is_caught_when_building():
    v = tf.Variable([1.0, 2.0], name="v")
    with pytest.raises(ValueError, match=r"Shapes \[2\] and \[3\] are incompatible"):
        tf.assign(v, [1.0, 2.0, 3.0])


def test_assign_of_wrong_runtime_shape_names_the_variable():
    v = tf.Variable([1.0, 2.0], name="v")
    p = tf.placeholder(tf.float32, shape=None)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="variable 'v'"):
            sess.run(tf.assign(v, p), {p: [1.0, 2.0, 3.0]})


def test_initialized_value_and_variable_from_another():
    a = tf.Variable(tf.constant([1.0, 2.0]), name="a")
    b = tf.Variable(a.initialized_value() * 2, name="b")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(b.eval(), [2, 4])


def test_variable_load_writes_without_new_ops():
    v = tf.Variable(tf.zeros([2]), name="v")
    n_ops = len(tf.get_default_graph().get_operations())
    with tf.Session() as sess:
        v.load([3.0, 4.0], sess)
        np.testing.assert_array_equal(sess.run(v), [3, 4])
    assert len(tf.get_default_graph().get_operations()) == n_ops


def test_same_seeds_give_same_numbers_in_fresh_sessions():
    tf.set_random_seed(42)
    r = tf.random_uniform([5], -1.0, 1.0)
    n = tf.random_normal([5], seed=7)
    with tf.Session() as s1:
        a1, b1 = s1.run([r, n])
        a2 = s1.run(r)
    with tf.Session() as s2:
        c1, d1 = s2.run([r, n])
    np.testing.assert_array_equal(a1, c1)
    np.testing.assert_array_equal(b1, d1)
    assert not np.array_equal(a1, a2)
    assert np.all(a1 >= -1) and np.all(a1 < 1)


def test_truncated_normal_stays_within_two_stddevs():
    t = tf.truncated_normal([10000], mean=1.0, stddev=0.5, seed=3)
    with tf.Session() as sess:
        v = sess.run(t)
    assert v.min() >= 0.0 and v.max() <= 2.0
    assert abs(v.mean() - 1.0) < 0.02


def test_initializers_have_the_right_statistics():
    with tf.variable_scope("init"):
        g = tf.get_variable("glorot", shape=[300, 100])
        c = tf.get_variable("c", shape=[2, 2], initializer=tf.constant_initializer(7.0))
        z = tf.get_variable("z", shape=[3], initializer=tf.zeros_initializer())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        gv, cv, zv = sess.run([g, c, z])
    limit = np.sqrt(6 / 400)
    assert np.abs(gv).max() <= limit and np.abs(gv).max() > 0.9 * limit
    np.testing.assert_array_equal(cv, np.full((2, 2), 7.0))
    np.testing.assert_array_equal(zv, np.zeros(3))


def test_reads_under_control_dependencies_see_the_update_as_tf1():
    v = tf.Variable(0.0, name="v")
    inc = tf.assign_add(v, 1.0)
    with tf.control_dependencies([inc]):
        after = tf.identity(v)
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(after) == 1.0
        assert sess.run(after) == 2.0


def test_assign_copies_so_constants_never_change():
    init = tf.constant([1.0, 2.0])
    v = tf.Variable(init, name="v")
    bump = tf.assign_add(v, [10.0, 10.0])
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run(bump)
        np.testing.assert_array_equal(sess.run(init), [1.0, 2.0])
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])


def test_tables_initializer_without_tables_is_a_no_op_named_as_in_tf1():
    tf.reset_default_graph()
    init = tf.tables_initializer()
    assert (init.name, init.type) == ("init_all_tables", "NoOp")
    with tf.Session() as sess:
        assert sess.run(init) is None
