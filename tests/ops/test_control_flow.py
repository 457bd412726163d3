"""tf.while_loop, tf.cond and tf.case run in the engine: values, structures, errors and interrupts.
Expected values are TF1's (checked with tensorflow.compat.v1)."""
import collections
import os
import signal
import threading

import numpy as np
import pytest

import jupyter_flow as tf


def test_while_loop_counts_and_sums_in_one_run():
    i, s = tf.while_loop(lambda i, s: i < 10, lambda i, s: (i + 1, s + i), (0, 0))
    assert i.name == "while/Exit:0"
    with tf.Session() as sess:
        assert sess.run([i, s]) == [10, 45]


def test_single_loop_variable_comes_back_alone_as_tf1():
    r = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0])
    assert isinstance(r, tf.Tensor)
    with tf.Session() as sess:
        assert sess.run(r) == 3


def test_nested_structures_of_loop_variables():
    Pair = collections.namedtuple("Pair", "a b")
    out = tf.while_loop(lambda i, p, d: i < 4,
                        lambda i, p, d: (i + 1, Pair(p.a * 2.0, p.b + 1.0), {"x": d["x"] - 1}),
                        (0, Pair(tf.constant(1.0), tf.constant([0.0, 1.0])), {"x": 10}))
    assert isinstance(out[1], Pair) and set(out[2]) == {"x"}
    with tf.Session() as sess:
        i, p, d = sess.run(out)
    assert i == 4 and p.a == 16.0 and list(p.b) == [4.0, 5.0] and d["x"] == 6


def test_body_reads_outer_tensors_placeholders_and_variables():
    x = tf.placeholder(tf.float32, [3])
    w = tf.Variable([1.0, 2.0, 3.0], name="w")
    _, y = tf.while_loop(lambda n, y: n < 3, lambda n, y: (n + 1, y * w + x), (0, x))
    with tf.Session() as sess:
        sess.run(w.initializer)
        np.testing.assert_allclose(sess.run(y, {x: [1.0, 1.0, 1.0]}), [4.0, 15.0, 40.0])
        np.testing.assert_allclose(sess.run(y, {x: [0.0, 1.0, 0.0]}), [0.0, 15.0, 0.0])


def test_loops_inside_loops():
    def outer_body(i, total):
        _, inner = tf.while_loop(lambda j, acc: j < i, lambda j, acc: (j + 1, acc + j), (0, 0))
        return i + 1, total + inner
    _, total = tf.while_loop(lambda i, t: i < 5, outer_body, (0, 0))
    with tf.Session() as sess:
        assert sess.run(total) == sum(sum(range(i)) for i in range(5))  # 0+0+1+3+6 = 10


def test_maximum_iterations_bounds_the_loop():
    r = tf.while_loop(lambda i: i < 100, lambda i: i + 1, [0], maximum_iterations=7)
    limit = tf.placeholder(tf.int32, [])
    r2 = tf.while_loop(lambda i: i < 100, lambda i: i + 2, [0], maximum_iterations=limit)
    with tf.Session() as sess:
        assert sess.run(r) == 7
        assert sess.run(r2, {limit: 4}) == 8


def test_shape_invariants_let_a_loop_variable_grow():
    x0 = tf.constant([1.0])
    _, x = tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, tf.concat([x, x], 0)), (0, x0),
                         shape_invariants=(tf.TensorShape([]), tf.TensorShape([None])))
    assert x.shape.as_list() == [None]
    with tf.Session() as sess:
        assert sess.run(x).shape == (8,)


def test_a_shape_change_without_invariants_is_a_value_error_naming_the_variable():
    with pytest.raises(ValueError, match="enters the loop with shape \\(1,\\), but has shape \\(2,\\) after one "
                                         "iteration.*shape_invariants"):
        tf.while_loop(lambda x: tf.constant(True), lambda x: tf.concat([x, x], 0), [tf.constant([1.0])])


def test_parallel_iterations_and_back_prop_are_accepted():
    r = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0], parallel_iterations=32, back_prop=False,
                      swap_memory=True)
    with tf.Session() as sess:
        assert sess.run(r) == 3


def test_body_returning_the_wrong_dtype_is_a_type_error():
    with pytest.raises(TypeError, match="enters the loop as int32 but the body returns float32"):
        tf.while_loop(lambda i: i < 3, lambda i: tf.cast(i, tf.float32), [0])


def test_error_inside_a_body_names_the_op_and_the_iteration():
    params = tf.constant([1.0, 2.0, 3.0])
    _, s = tf.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s + tf.gather(params, i, name="pick")), (0, 0.0))
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="iteration 3 of while loop 'while/Exit'") as e:
            sess.run(s)
    assert e.value.op.name == "while/pick"


def test_a_loop_runs_its_stateful_body_every_iteration():
    v = tf.Variable(0, name="counter")
    def body(i):
        with tf.control_dependencies([tf.assign_add(v, 2)]):
            return i + 1
    r = tf.while_loop(lambda i: i < 5, body, [0])
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run(r)
        sess.run(r)
        assert sess.run(v) == 20


def test_plans_with_loops_are_cached():
    x = tf.placeholder(tf.int32, [])
    r = tf.while_loop(lambda i: i < x, lambda i: i + 1, [0])
    with tf.Session() as sess:
        assert [sess.run(r, {x: n}) for n in (3, 5, 0)] == [3, 5, 0]
        assert len(sess._runners) == 1


def test_cancel_stops_an_endless_loop_and_the_session_stays_usable():
    r = tf.while_loop(lambda i: tf.constant(True), lambda i: i + 1, [0])
    with tf.Session() as sess:
        timer = threading.Timer(0.3, sess.cancel)
        timer.start()
        with pytest.raises(tf.errors.CancelledError):
            sess.run(r)
        timer.join()
        assert sess.run(tf.constant(2) + 1) == 3


def test_ctrl_c_interrupts_an_endless_loop():
    r = tf.while_loop(lambda i: tf.constant(True), lambda i: i + 1, [0])
    with tf.Session() as sess:
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            sess.run(r)
        timer.join()


def test_cond_runs_only_the_taken_branch():
    x = tf.placeholder(tf.float32, [])
    v = tf.Variable(0.0, name="v")
    # The false branch would fail (index 5 of a 3-vector) and updates v: neither may happen when pred is true.
    def bad():
        with tf.control_dependencies([tf.assign_add(v, 1.0)]):
            return tf.gather(tf.constant([1.0, 2.0, 3.0]), 5)
    y = tf.cond(x > 0, lambda: x * 2.0, bad)
    assert y.name == "cond/Merge:0"
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(y, {x: 3.0}) == 6.0
        assert sess.run(v) == 0.0
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(y, {x: -1.0})


def test_cond_structures_and_tf1_unwrapping():
    x = tf.constant(2.0)
    single = tf.cond(x > 1, lambda: [x * 2], lambda: [x * 3])
    pair = tf.cond(x > 1, lambda: (x * 2, x), lambda: (x * 3, x))
    strict = tf.cond(x > 1, lambda: [x], lambda: [x], strict=True)
    assert isinstance(single, tf.Tensor) and isinstance(pair, tuple) and isinstance(strict, list)
    with tf.Session() as sess:
        assert sess.run(single) == 4.0 and sess.run(pair) == (4.0, 2.0)


def test_cond_branches_of_different_types_are_refused():
    with pytest.raises(ValueError, match="same type"):
        tf.cond(tf.constant(True), lambda: tf.constant(1), lambda: tf.constant(1.0))


def test_cond_inside_a_loop():
    def body(i, s):
        return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: s + i, lambda: s - i)
    _, s = tf.while_loop(lambda i, s: i < 6, body, (0, 0))
    with tf.Session() as sess:
        assert sess.run(s) == 0 - 1 + 2 - 3 + 4 - 5


def test_case_picks_the_first_true_predicate_else_the_default():
    x = tf.placeholder(tf.int32, [])
    r = tf.case([(x < 0, lambda: tf.constant(-1)), (x > 10, lambda: tf.constant(2)), (x > 0, lambda: tf.constant(1))],
                default=lambda: tf.constant(0))
    with tf.Session() as sess:
        assert [sess.run(r, {x: v}) for v in (-5, 20, 3, 0)] == [-1, 2, 1, 0]


def test_while_loop_of_an_rnn_step_matches_numpy():
    rng = np.random.default_rng(0)
    xs = rng.standard_normal((5, 2, 3)).astype(np.float32)
    wv = rng.standard_normal((3, 3)).astype(np.float32)
    x = tf.constant(xs)
    w = tf.constant(wv)
    _, h = tf.while_loop(lambda t, h: t < 5, lambda t, h: (t + 1, tf.tanh(tf.matmul(h, w) + x[t])),
                         (0, tf.zeros([2, 3])))
    ref = np.zeros((2, 3), np.float32)
    for t in range(5):
        ref = np.tanh(ref @ wv + xs[t])
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(h), ref, rtol=1e-5)
