import threading

import numpy as np
import pytest

import jupyter_flow as tf


def first_graph():
    x = tf.Variable(3, name="x")
    y = tf.Variable(4, name="y")
    return x, y, x * x * y + y + 2


def test_first_graph_evaluates_to_42():
    x, y, f = first_graph()
    sess = tf.Session()
    sess.run(x.initializer)
    sess.run(y.initializer)
    result = sess.run(f)
    assert result == 42 and isinstance(result, np.int32)
    sess.close()


def test_with_block_makes_default_session_and_closes_it():
    x, y, f = first_graph()
    with tf.Session() as sess:
        x.initializer.run()
        y.initializer.run()
        assert f.eval() == 42
        assert tf.get_default_session() is sess
    assert tf.get_default_session() is None
    with pytest.raises(RuntimeError, match="closed Session"):
        sess.run(f)


def test_interactive_session_is_default_until_closed():
    _, _, f = first_graph()
    init = tf.global_variables_initializer()
    sess = tf.InteractiveSession()
    init.run()
    assert f.eval() == 42
    sess.close()
    assert tf.get_default_session() is None


def test_eval_without_session_explains_what_to_do():
    _, _, f = first_graph()
    with pytest.raises(ValueError, match="No default session is registered"):
        f.eval()


def test_run_returns_nested_structures():
    w = tf.constant(3)
    x = w + 2
    y = x + 5
    z = x * 3
    init = tf.no_op()
    with tf.Session() as sess:
        assert sess.run([y, z]) == [10, 15]
        assert sess.run((y, z)) == (10, 15)
        assert sess.run({"y": y, "z": [z, init]}) == {"y": 10, "z": [15, None]}
        assert sess.run(init) is None
        assert sess.run("add_1:0") == 10
        assert sess.run([y, y]) == [10, 10]


def test_placeholder_feeds_and_shape_check():
    A = tf.placeholder(tf.float32, shape=(None, 3))
    B = A + 5
    with tf.Session() as sess:
        np.testing.assert_array_equal(B.eval(feed_dict={A: [[1, 2, 3]]}), [[6, 7, 8]])
        np.testing.assert_array_equal(B.eval(feed_dict={A: [[4, 5, 6], [7, 8, 9]]}), [[9, 10, 11], [12, 13, 14]])
        with pytest.raises(ValueError, match=r"Cannot feed value of shape \(1, 2\) for Tensor 'Placeholder:0', "
                                             r"which has shape '\(\?, 3\)'"):
            B.eval(feed_dict={A: [[1, 2]]})


def test_missing_feed_names_the_placeholder():
    X = tf.placeholder(tf.float32, shape=(None, 3), name="X")
    y = X * 2
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"You must feed a value for placeholder tensor 'X' with dtype float32 and shape \[\?,3\]") as e:
            sess.run(y)
        assert e.value.op.name == "X"


def test_unrelated_placeholder_needs_no_feed():
    tf.placeholder(tf.float32, name="unused")
    c = tf.constant(1.0) + 1.0
    with tf.Session() as sess:
        assert sess.run(c) == 2.0


def test_uninitialized_variable_is_failed_precondition_naming_it():
    x, _, f = first_graph()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="Attempting to use uninitialized value x") as e:
            sess.run(f)
        assert isinstance(e.value, tf.errors.OpError)
        assert e.value.op.name == "x"


def test_any_tensor_can_be_fed():
    w = tf.constant(3)
    x = w + 2
    y = x + 5
    with tf.Session() as sess:
        assert sess.run(y, feed_dict={x: 100}) == 105
        assert sess.run(y) == 10


def test_fed_value_keeps_its_dtype_rules():
    a = tf.placeholder(tf.int32, shape=[2])
    with tf.Session() as sess:
        out = sess.run(a * 2, {a: np.array([1.9, -1.2])})
    assert out.dtype == np.int32
    np.testing.assert_array_equal(out, [2, -2])


def test_node_values_are_recomputed_each_run_but_variables_persist():
    v = tf.Variable(0, name="counter")
    inc = tf.assign_add(v, 1)
    with tf.Session() as sess:
        sess.run(v.initializer)
        for _ in range(3):
            sess.run(inc)
        assert v.eval() == 3


def test_each_session_has_its_own_variables():
    v = tf.Variable(1.0, name="v")
    double = tf.assign(v, v * 2)
    s1, s2 = tf.Session(), tf.Session()
    s1.run(v.initializer)
    s2.run(v.initializer)
    s1.run(double)
    s1.run(double)
    assert s1.run(v) == 4.0 and s2.run(v) == 1.0


def test_sessions_in_threads_run_concurrently_with_own_state():
    w = tf.Variable(0, name="w")
    inc = tf.assign_add(w, 1)
    results = {}

    def worker(i):
        sess = tf.Session(graph=w.graph)
        sess.run(w.initializer)
        for _ in range(200 + i):
            sess.run(inc)
        results[i] = sess.run(w)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {i: 200 + i for i in range(4)}


def test_fetched_arrays_do_not_change_when_the_variable_is_updated_in_place():
    v = tf.Variable(tf.zeros([3]), name="v")
    inc = tf.assign_add(v, tf.ones([3]))
    with tf.Session() as sess:
        sess.run(v.initializer)
        before = sess.run(v)
        sess.run(inc)
        after = sess.run(v)
    np.testing.assert_array_equal(before, [0, 0, 0])
    np.testing.assert_array_equal(after, [1, 1, 1])


def test_plans_are_cached_per_signature():
    _, _, f = first_graph()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(f)
        sess.run(f)
        sess.run([f])
        assert len(sess._runners) == 3  # init, f, [f]


def test_ops_added_after_a_run_are_usable():
    a = tf.constant(2.0)
    with tf.Session() as sess:
        assert sess.run(a) == 2.0
        b = a * 3
        assert sess.run(b) == 6.0


def test_runtime_shape_mismatch_is_invalid_argument():
    a = tf.placeholder(tf.float32, shape=[None])
    b = tf.placeholder(tf.float32, shape=[None])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2\] vs. \[3\]"):
            sess.run(a + b, {a: [1, 2], b: [1, 2, 3]})


def test_singular_matrix_is_invalid_argument():
    m = tf.constant([[1.0, 2.0], [2.0, 4.0]])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="not invertible"):
            sess.run(tf.matrix_inverse(m))


def test_cancel_from_another_thread_stops_a_long_run():
    x = tf.Variable(tf.ones([200, 200]), name="big")
    y = x
    for _ in range(3000):
        y = tf.matmul(y, x) * 0.005
    with tf.Session() as sess:
        sess.run(x.initializer)
        timer = threading.Timer(0.2, sess.cancel)
        timer.start()
        with pytest.raises(tf.errors.CancelledError):
            sess.run(y)
        timer.join()
        assert sess.run(tf.reduce_sum(x)) == 40000.0


def test_report_uninitialized_variables():
    a = tf.Variable(1.0, name="a")
    tf.Variable(2.0, name="b")
    with tf.Session() as sess:
        sess.run(a.initializer)
        assert list(sess.run(tf.report_uninitialized_variables())) == [b"b"]
        sess.run(tf.global_variables_initializer())
        assert list(sess.run(tf.report_uninitialized_variables())) == []


def test_fetching_a_missing_name_is_a_value_error_as_tf1():
    tf.constant(1, name="a")
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="Fetch argument 'nope:0' cannot be interpreted as a Tensor"):
            sess.run("nope:0")


@pytest.mark.parametrize("dtype,value,reason", [
    (tf.float32, [[1, 2], [3]], "inhomogeneous shape"),
    (tf.float32, object(), "float() argument must be"),
    (tf.int32, 2**40, "out of bounds for int32"),
    (tf.int32, ["1", "x"], "invalid literal for int()"),
])
def test_a_feed_that_cannot_be_converted_names_the_tensor_and_the_reason(dtype, value, reason):
    x = tf.placeholder(dtype, name="inputs")
    with tf.Session() as sess, pytest.raises(TypeError, match=r"Cannot feed the value given for Tensor 'inputs:0'") as e:
        sess.run(x, {x: value})
    assert reason in str(e.value)


def test_a_string_feed_that_is_not_valid_unicode_is_a_value_error():
    x = tf.placeholder(tf.string, name="text")
    with tf.Session() as sess, pytest.raises(ValueError, match="Tensor 'text:0'.*cannot be encoded as UTF-8"):
        sess.run(x, {x: ["ok", "\ud800"]})


_SHARED_SESSION_TRAINING = r"""
import threading
import numpy as np
import jupyter_flow as tf
x = tf.Variable(tf.zeros([1000]))
loss = tf.reduce_sum(tf.square(x - 1.0))
ops = [tf.train.GradientDescentOptimizer(0.01).minimize(loss), tf.train.AdamOptimizer(0.01).minimize(loss),
       tf.train.MomentumOptimizer(0.01, 0.9).minimize(loss), tf.assign_add(x, tf.ones([1000])),
       tf.assign(x, tf.zeros([1000])), tf.nn.dropout(x, 0.5), tf.random_normal([100])]
sess = tf.Session()
sess.run(tf.global_variables_initializer())
errors = []
def work(i):
    try:
        for k in range(4000):
            sess.run(ops[(i + k) % len(ops)])
            assert sess.run(x).shape == (1000,)
    except Exception as e:
        errors.append(repr(e))
threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in threads: t.start()
for t in threads: t.join()
assert not errors, errors
assert np.isfinite(sess.run(loss))
print("ok")
"""


def test_one_session_run_from_several_threads_never_crashes():
    # Racing in-place updates of one variable corrupted the heap ("corrupted size vs. prev_size",
    # SIGABRT). A crash would take pytest down with it, so the race runs in a child process.
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-c", _SHARED_SESSION_TRAINING], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-2000:])
    assert proc.stdout.strip() == "ok"
