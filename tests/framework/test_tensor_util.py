"""constant_value / partial_ints: what shape rules can read from shape-like inputs statically."""
import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.framework.tensor_util import constant_value, partial_ints


@pytest.fixture(autouse=True)
def graph():
    with tf.Graph().as_default() as g:
        yield g


def test_constant_value_of_constants_and_derived_tensors():
    np.testing.assert_array_equal(constant_value(tf.constant([2, 3])), [2, 3])
    np.testing.assert_array_equal(constant_value(tf.stack([tf.constant(1), 4])), [1, 4])
    np.testing.assert_array_equal(constant_value(tf.shape(tf.placeholder(tf.float32, (2, 5)))), [2, 5])
    np.testing.assert_array_equal(constant_value(tf.constant([4, 5, 6])[1:]), [5, 6])
    assert constant_value(tf.cast(tf.constant([1.5]), tf.int32)).tolist() == [1]


def test_constant_value_is_none_for_values_known_only_at_run_time():
    x = tf.placeholder(tf.float32, (None, 3))
    assert constant_value(tf.shape(x)) is None
    assert constant_value(tf.size(x)) is None
    assert constant_value(x) is None


def test_partial_ints_keeps_what_is_known():
    x = tf.placeholder(tf.float32, (None, 3, None))
    assert partial_ints(tf.shape(x)).tolist() == [None, 3, None]
    assert partial_ints(tf.shape(x)[1]).tolist() == 3
    assert partial_ints(tf.stack([tf.shape(x)[0], 7])).tolist() == [None, 7]
    assert partial_ints(tf.shape(x)[1:] + 1).tolist() == [4, None]
    assert partial_ints(tf.concat([tf.shape(x)[:1], [5]], 0)).tolist() == [None, 5]


def test_partial_ints_knows_only_the_length_of_opaque_vectors():
    assert partial_ints(tf.placeholder(tf.int32, (2,))).tolist() == [None, None]
    assert partial_ints(tf.placeholder(tf.int32, (None,))) is None
    assert partial_ints(tf.placeholder(tf.float32, (2,))) is None


def test_long_chains_are_not_followed_to_their_end():
    i = tf.constant(0)
    for _ in range(3000):  # deeper than Python's recursion limit
        i = i + 1
    assert constant_value(i) is None
    assert tf.range(i).shape.as_list() == [None]
