"""tf.random_uniform / tf.random.uniform with int32/int64: TF1's RandomUniformInt node (inputs
shape, min, max), integers in [minval, maxval), repeatable under a seed, TF1's errors."""
import numpy as np
import pytest

import jupyter_flow as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def test_integer_dtypes_build_tf1s_random_uniform_int_node():
    r = tf.random_uniform([2, 3], 0, 10, dtype=tf.int32, seed=1)
    assert r.name == "random_uniform:0" and r.dtype == tf.int32 and r.shape.as_list() == [2, 3]
    assert r.op.type == "RandomUniformInt"
    assert [t.name for t in r.op.inputs] == ["random_uniform/shape:0", "random_uniform/min:0", "random_uniform/max:0"]
    assert (r.op.get_attr("seed"), r.op.get_attr("seed2")) == (87654321, 1)
    assert tf.random.uniform([3], 0, 3, dtype=tf.int64).dtype == tf.int64


def test_values_lie_in_minval_to_maxval_and_cover_it():
    r = tf.random_uniform([4000], -3, 3, dtype=tf.int64, seed=7)
    with tf.Session() as sess:
        v = sess.run(r)
    assert v.dtype == np.int64
    assert sorted(set(v.tolist())) == [-3, -2, -1, 0, 1, 2]
    counts = np.bincount(v + 3)
    assert counts.min() > 500  # each of the 6 values near 4000 / 6


def test_a_seed_repeats_across_sessions_and_no_seed_does_not():
    seeded = tf.random_uniform([20], 0, 1000, dtype=tf.int32, seed=3)
    free = tf.random_uniform([20], 0, 1 << 30, dtype=tf.int32)
    with tf.Session() as s1, tf.Session() as s2:
        assert s1.run(seeded).tolist() == s2.run(seeded).tolist()
        assert s1.run(free).tolist() != s2.run(free).tolist()
        assert s1.run(seeded).tolist() != s2.run(tf.random_uniform([20], 0, 1000, dtype=tf.int32, seed=4)).tolist()


def test_shapes_known_only_at_run_time():
    p = tf.placeholder(tf.int32, [None])
    assert tf.random_uniform(p, 0, 3, dtype=tf.int32).shape.ndims is None
    r = tf.random_uniform(tf.shape(tf.zeros([2, 3])), 0, 3, dtype=tf.int32)
    assert r.shape.as_list() == [2, 3]
    with tf.Session() as sess:
        assert sess.run(tf.random_uniform(p, 0, 3, dtype=tf.int32), {p: [4, 1]}).shape == (4, 1)


def test_errors_match_tf1():
    with pytest.raises(ValueError, match="Must specify maxval for integer dtype"):
        tf.random_uniform([2], 0, dtype=tf.int32)
    with pytest.raises(ValueError, match="Argument `dtype` got invalid value"):
        tf.random_uniform([2], 0, 1, dtype=tf.string)
    with pytest.raises(ValueError, match="minval must be a scalar"):
        tf.random_uniform([2], [0, 1], 5, dtype=tf.int64)
    lo = tf.placeholder(tf.int32, [])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Need minval < maxval, got 5 >= 5"):
            sess.run(tf.random_uniform([2], 5, 5, dtype=tf.int64))
        with pytest.raises(tf.errors.InvalidArgumentError, match="Need minval < maxval, got 7 >= 5"):
            sess.run(tf.random_uniform([2], lo, 5, dtype=tf.int32), {lo: 7})
        assert sess.run(tf.random_uniform([0], 5, 5, dtype=tf.int64)).shape == (0,)
