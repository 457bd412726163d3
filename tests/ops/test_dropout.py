"""tf.nn.dropout: TF1's keep_prob (or rate), scaling by 1/keep_prob, seeds, noise_shape, and a
gradient that reuses the forward pass's mask."""
import numpy as np
import pytest

import jupyter_flow as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield


def test_dropout_keeps_about_keep_prob_of_the_values_scaled_by_its_inverse():
    x = np.ones((200, 500), np.float32)
    with tf.Session() as sess:
        y = sess.run(tf.nn.dropout(x, keep_prob=0.25))
    kept = y != 0
    # 100000 Bernoulli(0.25) draws: the kept fraction's standard deviation is 0.0014.
    assert abs(kept.mean() - 0.25) < 0.01
    np.testing.assert_allclose(y[kept], 4.0)


def test_dropout_accepts_rate_instead_of_keep_prob():
    x = np.ones((100, 1000))
    with tf.Session() as sess:
        y = sess.run(tf.nn.dropout(x, rate=0.9))
    assert abs((y != 0).mean() - 0.1) < 0.01
    np.testing.assert_allclose(y[y != 0], 10.0)


def test_dropout_keep_prob_may_be_a_placeholder():
    keep_prob = tf.placeholder(tf.float32, ())
    y = tf.nn.dropout(tf.ones([1000]), keep_prob)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {keep_prob: 1.0}), np.ones(1000))
        half = sess.run(y, {keep_prob: 0.5})
    assert set(np.unique(half)) == {0.0, 2.0}


def test_dropout_with_the_same_seed_repeats_in_fresh_sessions_and_varies_between_runs():
    tf.set_random_seed(42)
    y = tf.nn.dropout(tf.ones([1000]), keep_prob=0.5, seed=7)
    with tf.Session() as sess:
        first, second = sess.run(y), sess.run(y)
    with tf.Session() as sess:
        again = sess.run(y)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, second)


def test_dropout_gradient_is_the_same_mask_as_the_forward_pass():
    x = tf.placeholder(tf.float64, (50, 40))
    y = tf.nn.dropout(x, keep_prob=0.6)
    upstream = np.random.default_rng(0).standard_normal((50, 40))
    grad = tf.gradients(y, [x], grad_ys=[upstream])[0]
    xv = np.random.default_rng(1).uniform(1, 2, (50, 40))
    with tf.Session() as sess:
        yv, gv = sess.run([y, grad], {x: xv})
    mask = yv / xv
    assert set(np.round(np.unique(mask), 12)) == {0.0, round(1 / 0.6, 12)}
    np.testing.assert_allclose(gv, upstream * mask, rtol=1e-12)


def test_dropout_noise_shape_drops_whole_columns():
    y = tf.nn.dropout(tf.ones([30, 400]), keep_prob=0.5, noise_shape=[1, 400])
    with tf.Session() as sess:
        yv = sess.run(y)
    assert np.all(yv == yv[0])
    assert 0 < (yv[0] == 0).mean() < 1


def test_dropout_with_keep_prob_one_returns_its_input():
    x = tf.constant([1.0, 2.0])
    assert tf.nn.dropout(x, keep_prob=1.0) is x
    assert tf.nn.dropout(x, rate=0.0) is x


def test_dropout_rejects_bad_arguments_with_clear_messages():
    x = tf.constant([1.0, 2.0])
    with pytest.raises(ValueError, match="Cannot specify both keep_prob and rate"):
        tf.nn.dropout(x, keep_prob=0.5, rate=0.5)
    with pytest.raises(ValueError, match=r"range \[0, 1\), got 1"):
        tf.nn.dropout(x, rate=1.0)
    with pytest.raises(ValueError, match=r"range \(0, 1\], got 0"):
        tf.nn.dropout(x, keep_prob=0.0)
    with pytest.raises(ValueError, match="floating point tensor"):
        tf.nn.dropout(tf.constant([1, 2]), keep_prob=0.5)


def test_dropout_reports_a_fed_keep_prob_out_of_range():
    keep_prob = tf.placeholder(tf.float32, ())
    y = tf.nn.dropout(tf.ones([3]), keep_prob)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"keep_prob must be in \(0, 1\]"):
            sess.run(y, {keep_prob: 1.5})


def test_dropout_reports_a_noise_shape_that_does_not_broadcast():
    y = tf.nn.dropout(tf.ones([3, 4]), keep_prob=0.5, noise_shape=[3, 2])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"noise_shape \[3,2\] cannot be broadcast"):
            sess.run(y)


def test_dropout_noise_shape_known_only_at_run_time_drops_whole_rows():
    x = tf.placeholder(tf.float32, [None, 5])
    noise_shape = tf.stack([tf.shape(x)[0], 1])
    y = tf.nn.dropout(x, keep_prob=0.5, noise_shape=noise_shape, seed=3)
    dx, = tf.gradients(tf.reduce_sum(y), [x])
    with tf.Session() as sess:
        out, grad = sess.run([y, dx], {x: np.ones((200, 5), np.float32)})
    rows = out[:, 0]
    assert set(np.unique(out)) <= {0.0, 2.0}
    assert (out == rows[:, None]).all()  # a row is kept or dropped whole
    assert 60 < (rows == 2.0).sum() < 140
    np.testing.assert_array_equal(grad, out)  # d(sum y)/dx is the scaled mask
