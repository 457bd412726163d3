"""Dataset transformations against TF1 (tf.compat.v1 of TensorFlow 2.21; values pasted from it)."""
import numpy as np
import pytest

import jupyter_flow as tf
from data_helpers import as_lists, run_all

D = tf.data.Dataset


def test_map_runs_the_traced_function():
    assert as_lists(run_all(D.range(5).map(lambda x: x * x + 1))) == [1, 2, 5, 10, 17]


def test_map_unpacks_tuples_and_captures_outer_tensors():
    scale = tf.constant(2.0, tf.float64)
    ds = D.from_tensor_slices((np.array([1., 2.]), np.array([3, 4]))).map(lambda a, b: (a * scale, b + 1))
    assert as_lists(run_all(ds)) == [(2.0, 4), (4.0, 5)]


def test_map_returning_a_list_gives_a_tuple():
    ds = D.range(2).map(lambda x: [x, x + 10])
    assert as_lists(run_all(ds)) == [(0, 10), (1, 11)]


def test_filter_keeps_true_elements():
    assert as_lists(run_all(D.range(10).filter(lambda x: tf.equal(x % 3, 0)))) == [0, 3, 6, 9]


def test_filter_predicate_must_be_a_boolean_scalar():
    with pytest.raises(ValueError, match="scalar boolean"):
        D.range(3).filter(lambda x: x)


def test_batch_and_drop_remainder():
    assert as_lists(run_all(D.range(7).batch(3))) == [[0, 1, 2], [3, 4, 5], [6]]
    assert as_lists(run_all(D.range(7).batch(3, drop_remainder=True))) == [[0, 1, 2], [3, 4, 5]]


def test_batch_of_different_shapes_says_to_pad():
    x = D.range(1, 3).map(lambda n: tf.fill([n], n)).batch(2).make_one_shot_iterator().get_next()
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="padded_batch"):
        sess.run(x)


def test_padded_batch_to_the_longest_and_to_a_fixed_shape():
    ds = D.range(1, 5).map(lambda x: tf.fill([x], x)).padded_batch(2, padded_shapes=[None])
    assert as_lists(run_all(ds)) == [[[1, 0], [2, 2]], [[3, 3, 3, 0], [4, 4, 4, 4]]]
    fixed = D.range(1, 4).map(lambda x: tf.fill([x], x)).padded_batch(2, padded_shapes=[4],
                                                                        padding_values=tf.constant(-1, tf.int64))
    assert as_lists(run_all(fixed)) == [[[1, -1, -1, -1], [2, 2, -1, -1]], [[3, 3, 3, -1]]]
    assert fixed.output_shapes.as_list() == [None, 4]


def test_repeat_take_skip():
    assert as_lists(run_all(D.range(3).repeat(2))) == [0, 1, 2, 0, 1, 2]
    assert as_lists(run_all(D.range(10).skip(3).take(4))) == [3, 4, 5, 6]
    assert as_lists(run_all(D.range(2).repeat().take(5))) == [0, 1, 0, 1, 0]


def test_flat_map_and_interleave():
    assert as_lists(run_all(D.range(1, 4).flat_map(lambda x: D.from_tensors(x).repeat(x)))) == [1, 2, 2, 3, 3, 3]
    inter = D.range(1, 5).interleave(lambda x: D.from_tensors(x).repeat(3), cycle_length=2, block_length=2)
    assert as_lists(run_all(inter)) == [1, 1, 2, 2, 1, 2, 3, 3, 4, 4, 3, 4]


def test_flat_map_with_an_inner_map_capturing_the_element():
    ds = D.range(1, 3).flat_map(lambda x: D.range(3).map(lambda y: y * 10 + x))
    assert as_lists(run_all(ds)) == [1, 11, 21, 2, 12, 22]


def test_cache_replays_and_prefetch_keeps_order():
    assert as_lists(run_all(D.range(3).map(lambda x: x + 1).cache().repeat(2))) == [1, 2, 3, 1, 2, 3]
    assert as_lists(run_all(D.range(4).prefetch(2))) == [0, 1, 2, 3]
    assert as_lists(run_all(D.range(100).map(lambda x: x * 2).prefetch(tf.data.experimental.AUTOTUNE).batch(50))) == \
        [list(range(0, 100, 2)), list(range(100, 200, 2))]


def test_cache_runs_the_map_only_in_the_first_pass(capsys):
    ds = D.range(3).map(lambda x: tf.Print(x, [x], "computed ")).cache().repeat(3)
    assert as_lists(run_all(ds)) == [0, 1, 2] * 3
    assert capsys.readouterr().err.count("computed") == 3


def test_shuffle_is_a_repeatable_permutation_per_seed():
    def order(seed, graph_seed=None):
        tf.reset_default_graph()
        if graph_seed is not None:
            tf.set_random_seed(graph_seed)
        return as_lists(run_all(D.range(20).shuffle(8, seed=seed)))

    a, b, c = order(3), order(3), order(4)
    assert sorted(a) == list(range(20)) and a == b and a != c and a != list(range(20))
    assert order(None, graph_seed=1) == order(None, graph_seed=1)


def test_shuffle_reshuffles_each_epoch_unless_asked_not_to():
    per_epoch = as_lists(run_all(D.range(10).shuffle(10, seed=1).repeat(2)))
    first, second = per_epoch[:10], per_epoch[10:]
    assert sorted(first) == sorted(second) == list(range(10)) and first != second
    same = as_lists(run_all(D.range(10).shuffle(10, seed=1, reshuffle_each_iteration=False).repeat(2)))
    assert same[:10] == same[10:]


def test_an_error_in_a_map_function_names_the_op():
    ds = D.range(2, 3).map(lambda n: tf.reshape(tf.fill(tf.reshape(n, [1]), 1.0), [3], name="bad_reshape"))
    x = ds.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(x)
    assert "bad_reshape" in info.value.op.name
    assert "map" in str(info.value)


def _threads():
    import os
    return len(os.listdir("/proc/self/task"))


@pytest.mark.skipif(not __import__("os").path.isdir("/proc/self/task"), reason="counts threads through /proc")
def test_prefetch_thread_ends_on_reinit_and_at_session_close():
    n = tf.placeholder(tf.int64, [])
    it = D.range(n).repeat().prefetch(4).make_initializable_iterator()
    x = it.get_next()
    before = _threads()
    sess = tf.Session()
    sess.run(it.initializer, feed_dict={n: 5})
    assert [sess.run(x) for _ in range(7)] == [0, 1, 2, 3, 4, 0, 1]
    assert _threads() == before + 1  # one producer, asleep on its full buffer
    sess.run(it.initializer, feed_dict={n: 2})  # the old producer is joined
    assert [sess.run(x) for _ in range(3)] == [0, 1, 0]
    assert _threads() == before + 1
    sess.close()  # joins the producer then, not when the Session object is collected
    assert _threads() == before


def test_prefetch_raises_the_producers_error_from_get_next():
    ds = D.range(2, 4).map(lambda n: tf.reshape(tf.fill(tf.reshape(n, [1]), 1.0), [3], name="bad_fill")).prefetch(2)
    x = ds.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(x)
        assert "bad_fill" in info.value.op.name
