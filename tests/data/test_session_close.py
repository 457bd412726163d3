"""Session.close releases the iterators a session owns (prefetch threads joined at close, not at
garbage collection) and fails a run still in progress on another thread cleanly."""
import os
import threading
import time

import pytest

import jupyter_flow as tf

D = tf.data.Dataset
pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads through /proc")


def _threads():
    return len(os.listdir("/proc/self/task"))


def test_close_joins_every_prefetch_thread_while_the_session_object_lives():
    a = D.range(100).prefetch(2).make_one_shot_iterator().get_next()
    b = D.range(5).repeat().prefetch(1).make_one_shot_iterator().get_next()
    before = _threads()
    sess = tf.Session()
    assert [sess.run([a, b]) for _ in range(3)] == [[0, 0], [1, 1], [2, 2]]
    assert _threads() == before + 2
    sess.close()
    assert _threads() == before
    with pytest.raises(RuntimeError, match="closed Session"):
        sess.run(a)
    sess.close()  # closing twice is harmless


def test_close_during_a_run_fails_that_run_with_a_clear_error():
    def slow(v):
        time.sleep(0.3)
        return v

    x = D.range(10).map(lambda v: tf.py_func(slow, [v], tf.int64)).prefetch(1).make_one_shot_iterator().get_next()
    before = _threads()
    sess = tf.Session()
    failures, running = [], threading.Event()

    def loop():
        running.set()
        try:
            while True:
                sess.run(x)
        except Exception as e:  # noqa: BLE001 - the test inspects what the run raised
            failures.append(e)

    t = threading.Thread(target=loop)
    t.start()
    running.wait()
    time.sleep(0.1)
    sess.close()
    t.join(10)
    assert not t.is_alive()
    assert len(failures) == 1
    e = failures[0]
    # The run in progress is cancelled; a loop that got in between two runs is refused instead.
    if isinstance(e, tf.errors.CancelledError):
        assert "Session has been closed" in str(e)
    else:
        assert isinstance(e, RuntimeError) and "closed Session" in str(e)
    assert _threads() == before
