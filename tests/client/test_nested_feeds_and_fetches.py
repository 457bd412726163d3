"""Session.run's nested feed keys (TF1's nest.flatten_dict_items plus its SparseTensor feed
expansion) and the container types of nested fetches. Expected values and messages are
tensorflow.compat.v1's (TF 2.21 with disable_v2_behavior)."""
import collections

import numpy as np
import pytest

import jupyter_flow as tf


def test_lstm_state_tuple_is_fed_as_a_whole_and_fetched_as_a_namedtuple():
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    state = cell.zero_state(1, tf.float32)
    with tf.Session() as sess:
        feed = {state: (np.ones((1, 4)), np.zeros((1, 4)))}
        np.testing.assert_array_equal(sess.run(state.c, feed), [[1., 1., 1., 1.]])
        got = sess.run(state, feed)
        assert type(got).__name__ == "LSTMStateTuple"
        np.testing.assert_array_equal(got.h, [[0., 0., 0., 0.]])
        # a second run with other values reuses the plan and flattens the new values
        got = sess.run(state.h, {state: (np.zeros((1, 4)), np.full((1, 4), 2.))})
        np.testing.assert_array_equal(got, [[2., 2., 2., 2.]])


def test_tuple_keys_nest_and_mix_with_names():
    a = tf.placeholder(tf.float32, [2])
    b = tf.placeholder(tf.float32, [])
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(a + b, {(a, b): (np.array([1., 2.]), 3)}), [4., 5.])
        got = sess.run([a, b], {(a, (b,)): (np.array([1., 2.]), (3,))})
        np.testing.assert_array_equal(got[0], [1., 2.])
        assert got[1] == 3.
        np.testing.assert_array_equal(sess.run(a + b, {(a, "Placeholder_1:0"): (np.array([1, 2]), 1)}), [2., 3.])
        # a mapping value flattens by sorted key, as nest does
        np.testing.assert_array_equal(sess.run(a + b, {(a, b): {"x": np.array([1, 2]), "y": 5}}), [6., 7.])


def test_mismatched_nested_values_raise_tf1s_value_errors():
    a = tf.placeholder(tf.float32, [2])
    b = tf.placeholder(tf.float32, [])
    with tf.Session() as sess:
        # a list value is itself a structure: its two numbers count as two leaves (an array is one)
        with pytest.raises(ValueError, match=r"Key had 2 elements, but value had 3 elements"):
            sess.run(a + b, {(a, b): [[1, 2], 3]})
        with pytest.raises(ValueError, match=r"Key had 2 elements, but value had 1 elements"):
            sess.run(a + b, {(a, b): 5})
        with pytest.raises(ValueError, match="Cannot flatten dict because this key is not unique"):
            sess.run(a + b, {(a, b): (np.array([1, 2]), 3), a: [5, 6]})


def test_sparse_tensor_key_takes_a_sparse_tensor_value_or_a_triple():
    indices = tf.placeholder(tf.int64, [None, 2])
    values = tf.placeholder(tf.float32, [None])
    shape = tf.placeholder(tf.int64, [2])
    sp = tf.SparseTensor(indices, values, shape)
    dense = tf.sparse_tensor_to_dense(sp)
    with tf.Session() as sess:
        got = sess.run(sp, {sp: tf.SparseTensorValue([[0, 0], [1, 2]], [1., 2.], [2, 3])})
        np.testing.assert_array_equal(got.indices, [[0, 0], [1, 2]])
        np.testing.assert_array_equal(got.dense_shape, [2, 3])
        np.testing.assert_array_equal(sess.run(dense, {sp: ([[0, 0], [1, 2]], [1., 2.], [2, 3])}),
                                      [[1., 0., 0.], [0., 0., 2.]])
        with pytest.raises(ValueError, match=r"\(indices, values, dense_shape\) tuple"):
            sess.run(dense, {sp: [[1]]})


def test_fetched_mappings_keep_their_type_and_list_subclasses_become_lists():
    a = tf.constant([1., 2.])
    b = tf.constant(3)

    class MyList(list):
        pass

    with tf.Session() as sess:
        got = sess.run(collections.OrderedDict([("z", a), ("a", b)]))
        assert type(got) is collections.OrderedDict and list(got) == ["z", "a"]
        dd = collections.defaultdict(list)
        dd["x"] = a
        got = sess.run(dd)
        assert type(got) is collections.defaultdict and got.default_factory is list
        np.testing.assert_array_equal(got["x"], [1., 2.])
        got = sess.run(MyList([a, b]))
        assert type(got) is list and got[1] == 3
        # the same contents as a plain dict are not served the OrderedDict's cached result type
        assert type(sess.run({"z": a, "a": b})) is dict
