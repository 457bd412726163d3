"""tf.FIFOQueue / RandomShuffleQueue / PaddingFIFOQueue: names, order, closing, blocking waits.
Expected names, values and messages are TF 1.x's (tensorflow.compat.v1)."""
import signal
import threading

import numpy as np
import pytest

import jupyter_flow as tf


def _run_in_thread(fn):
    out = {}

    def body():
        try:
            out["value"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed to the test
            out["error"] = e

    t = threading.Thread(target=body)
    t.start()
    return t, out


def test_queue_ops_have_tf1_names_and_static_shapes():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(3, [tf.float32], shapes=[[2]])
        assert q.name == "fifo_queue" and q.dtypes == [tf.float32] and q.shapes == [tf.TensorShape([2])]
        assert q.names is None
        assert q.enqueue([[1.0, 2.0]]).name == "fifo_queue_enqueue"
        assert q.enqueue_many([[[3.0, 4.0]]]).name == "fifo_queue_EnqueueMany"
        assert q.dequeue().name == "fifo_queue_Dequeue:0" and q.dequeue().shape.as_list() == [2]
        assert q.dequeue_many(2).shape.as_list() == [2, 2]
        assert q.dequeue_up_to(2).shape.as_list() == [None, 2]
        assert q.close().name == "fifo_queue_Close" and q.close(True).name == "fifo_queue_Close_1"
        assert q.size().name == "fifo_queue_Size:0" and q.is_closed().name == "fifo_queue_Is_Closed:0"


def test_fifo_queue_order_close_and_tf1_errors():
    q = tf.FIFOQueue(3, [tf.float32], shapes=[[2]])
    enq = q.enqueue([[1.0, 2.0]])
    dm, du, dq = q.dequeue_many(2), q.dequeue_up_to(2), q.dequeue()
    with tf.Session() as sess:
        sess.run(enq)
        sess.run(q.enqueue_many([[[3.0, 4.0], [5.0, 6.0]]]))
        assert sess.run(q.size()) == 3
        np.testing.assert_array_equal(sess.run(dm), [[1.0, 2.0], [3.0, 4.0]])
        sess.run(q.close())
        assert sess.run(q.is_closed())
        with pytest.raises(tf.errors.OutOfRangeError, match=r"FIFOQueue 'fifo_queue' is closed and has insufficient "
                                                            r"elements \(requested 2, current size 1\)"):
            sess.run(dm)
        np.testing.assert_array_equal(sess.run(du), [[5.0, 6.0]])  # the failed dequeue_many kept it
        with pytest.raises(tf.errors.OutOfRangeError, match=r"\(requested 1, current size 0\)"):
            sess.run(dq)
        with pytest.raises(tf.errors.CancelledError, match="FIFOQueue 'fifo_queue' is closed."):
            sess.run(enq)


def test_dequeue_waits_for_an_enqueue_from_another_thread():
    q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    x = q.dequeue()
    enq = q.enqueue_many([[7, 8, 9, 10]])  # more than the capacity: waits for room
    with tf.Session() as sess:
        t, out = _run_in_thread(lambda: sess.run(enq))
        got = [int(sess.run(x)) for _ in range(4)]
        t.join()
        assert "error" not in out and got == [7, 8, 9, 10]


def test_dequeue_many_larger_than_capacity_collects_as_elements_arrive():
    q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    enq = q.enqueue_many([[1, 2, 3, 4, 5]])
    batch = q.dequeue_many(5)
    with tf.Session() as sess:
        t, out = _run_in_thread(lambda: sess.run(enq))
        np.testing.assert_array_equal(sess.run(batch), [1, 2, 3, 4, 5])
        t.join()
        assert "error" not in out


def test_close_with_cancel_pending_enqueues_fails_a_waiting_enqueue():
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    enq = q.enqueue(1)
    with tf.Session() as sess:
        sess.run(enq)  # full
        t, out = _run_in_thread(lambda: sess.run(enq))  # waits for room (or finds the queue closed)
        sess.run(q.close(cancel_pending_enqueues=True))
        t.join()
        assert isinstance(out["error"], tf.errors.CancelledError)
        assert sess.run(q.dequeue()) == 1


def _dequeue_after_signal(queue, signal_queue):
    """`queue.dequeue()`, run only after an element went into `signal_queue`: a thread dequeuing
    from that one knows the run of this dequeue has started."""
    with tf.control_dependencies([signal_queue.enqueue(0)]):
        return queue.dequeue()


def test_session_close_unblocks_a_dequeue_waiting_in_another_thread():
    q = tf.FIFOQueue(4, tf.float32, shapes=[[]])
    started = tf.FIFOQueue(4, tf.int32, shapes=[[]])
    x = _dequeue_after_signal(q, started)
    sess = tf.Session()
    t, out = _run_in_thread(lambda: sess.run(x))
    sess.run(started.dequeue())  # the thread's run is in progress, waiting on the empty queue
    sess.close()
    t.join()
    assert isinstance(out["error"], tf.errors.CancelledError)
    assert not t.is_alive()


def test_ctrl_c_interrupts_a_waiting_dequeue_and_the_session_stays_usable():
    q = tf.FIFOQueue(4, tf.float32, shapes=[[]])
    started = tf.FIFOQueue(4, tf.int32, shapes=[[]])
    x = _dequeue_after_signal(q, started)
    main = threading.main_thread().ident
    with tf.Session() as sess:
        def interrupt_main():
            sess.run(started.dequeue())
            signal.pthread_kill(main, signal.SIGINT)
        with pytest.raises(KeyboardInterrupt):
            t, _ = _run_in_thread(interrupt_main)
            sess.run(x)
        t.join()
        sess.run(q.enqueue(3.0))
        assert sess.run(q.dequeue()) == 3.0


def test_enqueue_checks_dtypes_and_shapes():
    q = tf.FIFOQueue(3, [tf.float32], shapes=[[2]])
    with pytest.raises(ValueError, match="incompatible"):
        q.enqueue([[1.0, 2.0, 3.0]])
    p = tf.placeholder(tf.float32, [None])
    enq = q.enqueue([p])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"Shape mismatch in tuple component 0. Expected \[2\], got \[3\]"):
            sess.run(enq, {p: [1.0, 2.0, 3.0]})


def test_dequeue_many_needs_shapes():
    q = tf.FIFOQueue(3, tf.float32)
    batch = q.dequeue_many(1)
    with tf.Session() as sess:
        sess.run(q.enqueue(1.0))
        with pytest.raises(tf.errors.InvalidArgumentError, match="require the components to have specified shapes"):
            sess.run(batch)


def test_named_components_enqueue_and_dequeue_as_dicts():
    q = tf.FIFOQueue(3, [tf.int32, tf.string], shapes=[[], []], names=["n", "s"])
    out = q.dequeue()
    with tf.Session() as sess:
        sess.run(q.enqueue({"n": 4, "s": "four"}))
        assert sess.run(out) == {"n": 4, "s": b"four"}
    with pytest.raises(ValueError, match="must enqueue a dictionary"):
        q.enqueue([1, "x"])


def test_random_shuffle_queue_keeps_min_after_dequeue_until_closed():
    q = tf.RandomShuffleQueue(capacity=10, min_after_dequeue=5, dtypes=[tf.int32], shapes=[[]], seed=3)
    first = q.dequeue_many(5)
    rest = q.dequeue_up_to(10)
    with tf.Session() as sess:
        sess.run(q.enqueue_many([list(range(10))]))
        a = sess.run(first)
        assert sess.run(q.size()) == 5  # a dequeue now would wait: 5 stay to mix with
        sess.run(q.close())
        b = sess.run(rest)
        assert sorted(a.tolist() + b.tolist()) == list(range(10))
        assert a.tolist() + b.tolist() != list(range(10))


def test_random_shuffle_queue_with_a_seed_repeats_across_sessions():
    q = tf.RandomShuffleQueue(capacity=20, min_after_dequeue=0, dtypes=[tf.int32], shapes=[[]], seed=7)
    fill, take = q.enqueue_many([list(range(20))]), q.dequeue_many(20)
    orders = []
    for _ in range(2):
        with tf.Session() as sess:
            sess.run(fill)
            orders.append(sess.run(take).tolist())
    assert orders[0] == orders[1] and sorted(orders[0]) == list(range(20))


def test_padding_fifo_queue_pads_each_batch_to_its_longest_element():
    q = tf.PaddingFIFOQueue(5, [tf.int32, tf.string], shapes=[[None], []])
    a, s = q.dequeue_many(2)
    assert a.shape.as_list() == [2, None]
    with tf.Session() as sess:
        sess.run(q.enqueue([[1], "x"]))
        sess.run(q.enqueue([[2, 3, 4], "y"]))
        got_a, got_s = sess.run([a, s])
        np.testing.assert_array_equal(got_a, [[1, 0, 0], [2, 3, 4]])
        assert got_s.tolist() == [b"x", b"y"]
    with pytest.raises(ValueError, match="a list of shapes must be provided"):
        tf.PaddingFIFOQueue(5, [tf.int32], shapes=None)


def test_count_up_to_counts_then_raises_out_of_range():
    v = tf.Variable(0, name="v0")
    c = v.count_up_to(2)
    assert c.name == "CountUpTo:0" and tf.count_up_to(v, 3).name == "CountUpTo_1:0"
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert [sess.run(c), sess.run(c)] == [0, 1]
        with pytest.raises(tf.errors.OutOfRangeError, match="Reached limit of 2"):
            sess.run(c)
        assert sess.run(v) == 2
