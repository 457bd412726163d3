"""tf.train.Coordinator, QueueRunner and start_queue_runners (TF 1.x behaviour and names)."""
import threading

import numpy as np
import pytest

import jupyter_flow as tf


def test_coordinator_stop_request_and_clean_stop_exceptions():
    coord = tf.train.Coordinator()
    assert not coord.should_stop() and coord.wait_for_stop(0) is False
    with coord.stop_on_exception():
        raise tf.errors.OutOfRangeError(None, None, "end of input")
    assert coord.should_stop()
    coord.join([])  # OutOfRangeError is a clean stop: nothing re-raised
    coord.clear_stop()
    assert not coord.should_stop() and not coord.joined


def test_coordinator_join_reraises_the_first_reported_exception():
    coord = tf.train.Coordinator()

    def worker(msg):
        with coord.stop_on_exception():
            raise ValueError(msg)

    t = threading.Thread(target=worker, args=("first",))
    t.start()
    t.join()
    coord.request_stop(RuntimeError("second"))
    with pytest.raises(ValueError, match="first"):
        coord.join([t])
    assert coord.joined


def test_coordinator_join_names_threads_still_running_after_the_grace_period():
    coord = tf.train.Coordinator()
    release = threading.Event()
    t = threading.Thread(target=release.wait, name="stuck-thread")
    t.start()
    coord.register_thread(t)
    coord.request_stop()
    with pytest.raises(RuntimeError, match="Coordinator stopped with threads still running: stuck-thread"):
        coord.join(stop_grace_period_secs=0)
    release.set()
    t.join()


def _counter_queue(limit, threads):
    counter = tf.Variable(0, name="counter")
    q = tf.FIFOQueue(4, tf.int32, shapes=[[]])
    enq = q.enqueue(counter.count_up_to(limit))
    qr = tf.train.QueueRunner(q, [enq] * threads)
    tf.train.add_queue_runner(qr)
    return counter, q, qr


def test_queue_runner_closes_its_queue_when_every_thread_ran_out():
    counter, q, qr = _counter_queue(limit=10, threads=3)
    x = q.dequeue()
    assert qr.name == "fifo_queue" and qr.close_op.name == "fifo_queue_Close"
    assert qr.cancel_op.name == "fifo_queue_Close_1"
    assert qr.queue_closed_exception_types == (tf.errors.OutOfRangeError,)
    with tf.Session() as sess:
        sess.run(counter.initializer)
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        assert [t.name for t in threads] == ["QueueRunnerThread-fifo_queue-fifo_queue_enqueue"] * 3 + \
            ["QueueRunnerThread-fifo_queue-close_on_stop"]
        assert qr.create_threads(sess, coord=coord) == []  # already running in this session
        got = []
        try:
            while not coord.should_stop():
                got.append(int(sess.run(x)))
        except tf.errors.OutOfRangeError:
            pass
        finally:
            coord.request_stop()
            coord.join(threads)
        assert sorted(got) == list(range(10))
        assert not any(t.is_alive() for t in threads)


def test_queue_runner_reports_other_errors_to_the_coordinator():
    q = tf.FIFOQueue(4, tf.float32, shapes=[[]])
    bad = q.enqueue(tf.debugging.check_numerics(tf.log(tf.constant(-1.0)), "log of a negative"))
    tf.train.add_queue_runner(tf.train.QueueRunner(q, [bad]))
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        coord.wait_for_stop()
        with pytest.raises(tf.errors.InvalidArgumentError, match="log of a negative"):
            coord.join(threads)


def test_start_queue_runners_needs_a_session():
    with pytest.raises(ValueError, match="No default session is registered"):
        tf.train.start_queue_runners()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # TF1 re-raises in the thread
def test_queue_runner_threads_without_a_coordinator_keep_their_exceptions():
    q = tf.FIFOQueue(4, tf.float32, shapes=[[]])
    bad = q.enqueue(tf.debugging.check_numerics(tf.log(tf.constant(-1.0)), "bad value"))
    qr = tf.train.QueueRunner(q, [bad])
    with tf.Session() as sess:
        threads = qr.create_threads(sess, start=True)
        for t in threads:
            t.join()
        assert len(qr.exceptions_raised) == 1
        assert isinstance(qr.exceptions_raised[0], tf.errors.InvalidArgumentError)


def test_concurrent_runs_while_the_main_thread_adds_ops():
    """Session.run from many threads at once (queue runners do it) while the main thread keeps
    building and running new ops: every result is right and no run fails."""
    x = tf.placeholder(tf.float32, [])
    base = [x * float(k) for k in range(8)]
    stop = threading.Event()
    errors, checked = [], [0]
    with tf.Session() as sess:
        def worker(seed):
            rng = np.random.default_rng(seed)
            try:
                while not stop.is_set():
                    k = int(rng.integers(0, len(base)))
                    v = float(rng.integers(1, 100))
                    if sess.run(base[k], {x: v}) != v * k:
                        errors.append((k, v))
                    checked[0] += 1
            except Exception as e:  # noqa: BLE001 - reported by the assert below
                errors.append(e)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        try:
            for i in range(100):
                y = tf.add(x, float(i), name=f"added_{i}")
                assert sess.run(y, {x: 1.0}) == 1.0 + i
                assert sess.run([y, base[1]], {x: 2.0}) == [2.0 + i, 2.0]
        finally:
            stop.set()
            for t in threads:
                t.join()
    assert errors == [] and checked[0] > 0


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # TF1 re-raises in the thread
def test_closing_the_session_ends_queue_runner_threads_blocked_on_a_full_queue():
    q = tf.train.string_input_producer(["a", "b"], capacity=2, shuffle=False)  # endless: num_epochs=None
    sess = tf.Session()
    threads = tf.train.start_queue_runners(sess=sess)  # no coordinator: only closing can stop them
    assert sess.run(q.dequeue()) == b"a"
    sess.close()
    for t in threads:
        t.join()
    qr = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)[0]
    assert len(qr.exceptions_raised) == 1
    assert isinstance(qr.exceptions_raised[0], (tf.errors.CancelledError, RuntimeError))
