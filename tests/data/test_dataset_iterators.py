"""TF1's iterators: one-shot, initializable (with placeholders), from_structure, string handles,
the OutOfRangeError idiom."""
import numpy as np
import pytest

import jupyter_flow as tf
from data_helpers import as_lists

D = tf.data.Dataset


def test_out_of_range_idiom_and_the_session_stays_usable():
    x = D.range(3).make_one_shot_iterator().get_next()
    y = tf.constant(7)
    seen = []
    with tf.Session() as sess:
        while True:
            try:
                seen.append(sess.run(x))
            except tf.errors.OutOfRangeError:
                break
        assert seen == [0, 1, 2]
        with pytest.raises(tf.errors.OutOfRangeError, match="End of sequence"):
            sess.run(x)
        assert sess.run(y) == 7


def test_get_next_returns_the_nested_structure():
    ds = D.from_tensor_slices({"x": np.array([[1.0, 2.0]], np.float32), "y": (np.array([3]), np.array([b"a"]))})
    nxt = ds.make_one_shot_iterator().get_next()
    assert set(nxt) == {"x", "y"} and isinstance(nxt["y"], tuple)
    assert nxt["x"].shape.as_list() == [2] and nxt["x"].dtype is tf.float32
    with tf.Session() as sess:
        assert as_lists(sess.run(nxt)) == {"x": [1.0, 2.0], "y": (3, b"a")}


def test_one_shot_iterators_are_per_session():
    x = D.range(2).make_one_shot_iterator().get_next()
    with tf.Session() as a, tf.Session() as b:
        assert [a.run(x), b.run(x), a.run(x), b.run(x)] == [0, 0, 1, 1]


def test_one_shot_iterator_refuses_a_placeholder():
    n = tf.placeholder(tf.int64, [])
    with pytest.raises(ValueError, match="make_initializable_iterator"):
        D.range(n).make_one_shot_iterator()


def test_initializable_iterator_reinitializes_with_a_new_placeholder_value():
    n = tf.placeholder(tf.int64, [], name="n")
    it = D.range(n).map(lambda x: x * 2).make_initializable_iterator()
    x = it.get_next()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="not been initialized"):
            sess.run(x)
        sess.run(it.initializer, feed_dict={n: 3})
        assert [sess.run(x) for _ in range(3)] == [0, 2, 4]
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(x)
        sess.run(it.initializer, feed_dict={n: 2})
        assert [sess.run(x) for _ in range(2)] == [0, 2]


def test_initializable_iterator_over_fed_arrays():
    features = tf.placeholder(tf.float32, [None, 2])
    it = D.from_tensor_slices(features).batch(2).make_initializable_iterator()
    x = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer, feed_dict={features: np.arange(6, dtype=np.float32).reshape(3, 2)})
        assert as_lists(sess.run(x)) == [[0.0, 1.0], [2.0, 3.0]]
        assert as_lists(sess.run(x)) == [[4.0, 5.0]]


def test_reinitializable_iterator_switches_datasets():
    train = D.range(10).batch(4)
    test = D.range(100, 103).batch(4)
    it = tf.data.Iterator.from_structure(train.output_types, train.output_shapes)
    x = it.get_next()
    train_init, test_init = it.make_initializer(train), it.make_initializer(test)
    with tf.Session() as sess:
        sess.run(train_init)
        assert as_lists(sess.run(x)) == [0, 1, 2, 3]
        sess.run(test_init)
        assert as_lists(sess.run(x)) == [100, 101, 102]
        sess.run(train_init)
        assert as_lists(sess.run(x)) == [0, 1, 2, 3]


def test_make_initializer_refuses_another_structure():
    it = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
    with pytest.raises(TypeError, match="Expected output types"):
        it.make_initializer(D.from_tensor_slices(np.zeros(3, np.float32)))


def test_feedable_iterator_by_string_handle():
    a = D.range(3).make_one_shot_iterator()
    b = D.range(10, 13).make_initializable_iterator()
    handle = tf.placeholder(tf.string, [])
    x = tf.data.Iterator.from_string_handle(handle, a.output_types, a.output_shapes).get_next()
    with tf.Session() as sess:
        ha, hb = sess.run([a.string_handle(), b.string_handle()])
        sess.run(b.initializer)
        assert [sess.run(x, {handle: ha}), sess.run(x, {handle: hb}), sess.run(x, {handle: ha})] == [0, 10, 1]


def test_compat_v1_module_functions():
    ds = D.range(2)
    x = tf.data.make_one_shot_iterator(ds).get_next()
    it = tf.data.make_initializable_iterator(ds)
    y = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer)
        assert [sess.run(x), sess.run(y)] == [0, 0]


def test_pipeline_ops_live_under_one_scope():
    ds = D.from_tensor_slices(np.zeros((4, 2), np.float32)).map(lambda v: v * 2.0).shuffle(4, seed=1).batch(2)
    x = ds.make_one_shot_iterator().get_next()
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert names and all(n.startswith("input_pipeline/") for n in names), names
    assert x.op.name == "input_pipeline/IteratorGetNext"


def test_saver_works_beside_an_iterator(tmp_path):
    w = tf.Variable(1.0, name="w")
    x = D.from_tensor_slices(np.array([1.0, 2.0], np.float32)).repeat().make_one_shot_iterator().get_next()
    step = tf.assign_add(w, x)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(step)
        sess.run(step)
        saver.save(sess, str(tmp_path / "model"))
    with tf.Session() as sess:
        saver.restore(sess, str(tmp_path / "model"))
        assert sess.run(w) == 4.0
