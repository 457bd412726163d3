"""Arguments TF1 accepts are accepted here (tensor perms, tensor random parameters and shapes,
clip values of unknown shape, string where/equal), and what TF1 refuses is refused with a clear
error of TF1's class that names the argument (float axes, string seeds, NaN ranges, ...)."""
import numpy as np
import pytest

import jupyter_flow as tf

X_VALUE = np.arange(6, dtype=np.float32).reshape(2, 3)


def _run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


def test_transpose_takes_a_constant_perm_tensor():
    x = tf.placeholder(tf.float32, [None, 3])
    t = tf.transpose(x, tf.constant([1, 0]))
    assert t.shape.as_list() == [3, None]
    np.testing.assert_array_equal(_run(t, {x: X_VALUE}), X_VALUE.T)


def test_transpose_takes_a_perm_known_only_at_run_time_and_has_its_gradient():
    x = tf.placeholder(tf.float32, [None, 3])
    perm = tf.placeholder(tf.int32, [2])
    t = tf.transpose(x, perm)
    assert t.shape.as_list() == [None, None]
    weights = tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2))
    grad, = tf.gradients(tf.reduce_sum(t * weights), [x])
    out, g = _run([t, grad], {x: X_VALUE, perm: [1, 0]})
    np.testing.assert_array_equal(out, X_VALUE.T)
    np.testing.assert_array_equal(g, np.arange(6, dtype=np.float32).reshape(3, 2).T)


def test_transpose_with_a_bad_perm_for_an_input_of_unknown_rank_is_refused_at_run_time():
    x = tf.placeholder(tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"perm \[5,0\] is not a permutation of the 2 dimensions"):
        _run(tf.transpose(x, [5, 0]), {x: X_VALUE})


@pytest.mark.parametrize("make", [
    lambda: tf.random_normal([3], mean=tf.constant(2.0), stddev=tf.constant(0.0)),
    lambda: tf.truncated_normal([3], mean=tf.constant(2.0), stddev=tf.constant(0.0)),
    lambda: tf.random_uniform([3], minval=tf.constant(2.0), maxval=tf.constant(2.0)),
    lambda: tf.random_normal([3], mean=2.0, stddev=tf.Variable(0.0)),
])
def test_random_ops_take_tensor_parameters(make):
    t = make()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(t), [2.0, 2.0, 2.0])


def test_random_parameters_as_tensors_scale_a_standard_sample():
    stddev = tf.placeholder(tf.float32, [])
    t = tf.random_normal([20000], mean=5.0, stddev=stddev, seed=3)
    values = _run(t, {stddev: 2.0})
    assert abs(values.mean() - 5.0) < 0.1 and abs(values.std() - 2.0) < 0.1


@pytest.mark.parametrize("make", [tf.random_normal, tf.random_uniform, tf.truncated_normal])
def test_random_ops_take_a_shape_known_only_at_run_time(make):
    x = tf.placeholder(tf.float32, [None, 3])
    noise = make(tf.shape(x), seed=1)
    assert noise.shape.as_list() == [None, 3]
    assert _run(noise, {x: X_VALUE}).shape == (2, 3)
    mixed = make([tf.shape(x)[0], 4])
    assert mixed.shape.as_list() == [None, 4]
    assert _run(mixed, {x: X_VALUE}).shape == (2, 4)


def test_denoising_noise_added_to_a_batch_of_any_size():
    x = tf.placeholder(tf.float32, [None, 3])
    noisy = x + 0.0 * tf.random_normal(tf.shape(x))
    np.testing.assert_array_equal(_run(noisy, {x: X_VALUE}), X_VALUE)


def test_random_uniform_with_minval_above_maxval_spreads_between_them_as_tf1():
    values = _run(tf.random_uniform([1000], minval=5, maxval=1, seed=1))
    assert values.min() > 1.0 and values.max() <= 5.0 and values.std() > 0.5


def test_clip_by_value_takes_a_clip_value_of_unknown_shape():
    x = tf.placeholder(tf.float32, [None, 3])
    low = tf.placeholder(tf.float32)
    np.testing.assert_array_equal(_run(tf.clip_by_value(x, low, 2.0), {x: X_VALUE, low: 1.0}),
                                  np.clip(X_VALUE, 1.0, 2.0))


@pytest.mark.parametrize("axis", [0.5, "0", [0, 1.0]])
def test_reduction_axis_that_is_not_an_integer_is_a_type_error(axis):
    with pytest.raises(TypeError, match="The reduction axis must hold integers"):
        tf.reduce_sum(tf.constant([[1.0, 2.0]]), axis=axis)


def test_reduction_axis_tensor_of_strings_is_a_type_error():
    with pytest.raises(TypeError, match="The reduction axis must be an int32 or int64 tensor, got string"):
        tf.reduce_sum(tf.constant([[1.0, 2.0]]), axis=tf.constant("a"))


@pytest.mark.parametrize("axis", [0.5, "0"])
def test_argmax_axis_that_is_not_an_integer_is_a_type_error(axis):
    with pytest.raises(TypeError, match="axis must be an int or a tensor with an integer dtype"):
        tf.argmax(tf.constant([1.0, 2.0]), axis=axis)


def test_where_selects_strings_and_keeps_the_rank():
    cond = tf.placeholder(tf.bool)
    x = tf.placeholder(tf.string, [None, 2])
    assert tf.where(cond, x, x).shape.as_list() == [None, 2]
    out = _run(tf.where(tf.constant([True, False]), tf.constant(["a", "b"]), tf.constant(["c", "d"])))
    assert out.tolist() == [b"a", b"d"]
    rows = _run(tf.where(tf.constant([True, False]), tf.constant([["a", "b"], ["c", "d"]]),
                         tf.constant([["e", "f"], ["g", "h"]])))
    assert rows.tolist() == [[b"a", b"b"], [b"g", b"h"]]


def test_equal_and_not_equal_compare_strings():
    words = tf.constant(["cat", "dog", "cat"])
    assert _run(tf.equal(words, "cat")).tolist() == [True, False, True]
    assert _run(tf.not_equal(words, tf.constant(["cat", "cat", "dog"]))).tolist() == [False, True, True]


@pytest.mark.parametrize("start, limit, delta", [(0.0, 10.0, float("nan")), (0.0, float("inf"), 1.0),
                                                 (float("nan"), 1.0, 1.0)])
def test_range_of_non_finite_values_fed_at_run_time_is_invalid_argument(start, limit, delta):
    s, lim, d = (tf.placeholder(tf.float32, []) for _ in range(3))
    with pytest.raises(tf.errors.InvalidArgumentError, match="has no finite number of elements"):
        _run(tf.range(s, lim, d), {s: start, lim: limit, d: delta})


def test_range_with_an_infinite_delta_is_empty_as_tf1():
    d = tf.placeholder(tf.float32, [])
    assert _run(tf.range(0.0, 10.0, d), {d: float("inf")}).tolist() == []


def test_seed_that_is_not_an_integer_names_the_argument():
    with pytest.raises(TypeError, match="seed must be an integer or None, got 'abc'"):
        tf.random_normal([2], seed="abc")
    tf.set_random_seed("abc")
    with pytest.raises(TypeError, match=r"the graph-level seed \(tf.set_random_seed\) must be an integer"):
        tf.random_normal([2])


def test_add_summary_with_a_step_beyond_64_bits_names_global_step(tmp_path):
    writer = tf.summary.FileWriter(str(tmp_path))
    summary = _run(tf.summary.scalar("x", tf.constant(1.0)))
    with pytest.raises(ValueError, match=r"global_step must fit in 64 bits .*got 1180591620717411303424"):
        writer.add_summary(summary, 2 ** 70)
    writer.close()
