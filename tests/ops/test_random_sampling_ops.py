"""tf.multinomial / tf.random.categorical and tf.random_shuffle: shapes, dtypes, distributions,
seeds and errors."""
import numpy as np
import pytest

import jupyter_flow as tf


def test_multinomial_follows_the_softmax_of_the_logits():
    probs = np.array([[0.1, 0.6, 0.3], [1.0, 0.0, 0.0]])
    samples = tf.multinomial(tf.log(tf.constant(probs)), num_samples=20000, seed=3)
    assert samples.dtype == tf.int64 and samples.shape.as_list() == [2, 20000]
    with tf.Session() as sess:
        s = sess.run(samples)
    np.testing.assert_allclose(np.bincount(s[0], minlength=3) / 20000, probs[0], atol=0.015)
    assert (s[1] == 0).all()  # log(0) = -inf: never drawn


def test_categorical_is_repeatable_with_a_seed_and_takes_int32():
    tf.set_random_seed(7)
    c = tf.random.categorical(tf.zeros([4, 10]), 5, dtype=tf.int32)
    assert c.dtype == tf.int32
    with tf.Session() as s1:
        a = s1.run(c)
    with tf.Session() as s2:
        b = s2.run(c)
    np.testing.assert_array_equal(a, b)
    assert a.min() >= 0 and a.max() < 10


def test_random_shuffle_permutes_rows():
    x = tf.constant(np.arange(20).reshape(10, 2))
    shuffled = tf.random_shuffle(x, seed=1)
    with tf.Session() as sess:
        a, b = sess.run(shuffled), sess.run(shuffled)
    assert sorted(a[:, 0].tolist()) == list(range(0, 20, 2))
    np.testing.assert_array_equal(a[:, 1] - a[:, 0], 1)  # rows move whole
    assert not np.array_equal(a, b) or not np.array_equal(a, np.arange(20).reshape(10, 2))


def test_multinomial_errors_name_the_problem():
    with pytest.raises(ValueError, match="matrix"):
        tf.multinomial(tf.zeros([3]), 2)
    n = tf.placeholder(tf.int32, ())
    samples = tf.multinomial(tf.zeros([2, 3]), n)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="nonnegative"):
            sess.run(samples, {n: -1})
        assert sess.run(samples, {n: 4}).shape == (2, 4)
