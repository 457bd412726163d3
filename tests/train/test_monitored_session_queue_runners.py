"""MonitoredSession and MonitoredTrainingSession start the graph's queue runners (TF1's coordinated
session) and stop them when closed; queue runners survive export_meta_graph/import_meta_graph as
TF1's QueueRunnerDef."""
import threading
import warnings

import pytest

import jupyter_flow as tf


def _queue_runner_threads():
    return [t for t in threading.enumerate() if t.name.startswith("QueueRunnerThread") and t.is_alive()]


def _counting_pipeline():
    """A FIFOQueue of capacity 2 filled by one thread with 0, 1, 2, ... (a variable counting up)."""
    v = tf.Variable(0, name="v")
    q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    tf.train.add_queue_runner(tf.train.QueueRunner(q, [q.enqueue(v.count_up_to(100))]))
    return q.dequeue()


def test_monitored_session_runs_the_queue_runners_and_stops_them_on_close():
    x = _counting_pipeline()
    with tf.train.MonitoredSession() as sess:
        assert [int(sess.run(x)) for _ in range(5)] == [0, 1, 2, 3, 4]
        assert sorted(t.name for t in _queue_runner_threads()) == [
            "QueueRunnerThread-fifo_queue-close_on_stop", "QueueRunnerThread-fifo_queue-fifo_queue_enqueue"]
        assert not sess.should_stop()
    # the enqueue thread was blocked on the full queue: closing cancelled it
    assert _queue_runner_threads() == []


def test_monitored_training_session_reads_an_input_producer_to_its_end():
    name = tf.train.string_input_producer(["a", "b"], num_epochs=2, shuffle=False).dequeue()
    got = []
    with tf.train.MonitoredTrainingSession() as sess:  # its local init makes num_epochs' counter
        while not sess.should_stop():
            got.append(sess.run(name))
    assert got == [b"a", b"b", b"a", b"b"]
    assert sess.should_stop() and _queue_runner_threads() == []


def test_hooks_get_the_coordinator_of_the_queue_runners():
    _counting_pipeline()
    seen = []

    class Hook(tf.train.SessionRunHook):
        def after_create_session(self, session, coord):
            seen.append(coord)

    with tf.train.MonitoredSession(hooks=[Hook()]):
        pass
    assert isinstance(seen[0], tf.train.Coordinator) and seen[0].should_stop()


def test_a_queue_runner_error_ends_the_monitored_session():
    q = tf.FIFOQueue(4, tf.float32, shapes=[[]])
    bad = q.enqueue(tf.debugging.check_numerics(tf.log(tf.constant(-1.0)), "log of a negative"))
    tf.train.add_queue_runner(tf.train.QueueRunner(q, [bad]))
    sess = tf.train.MonitoredSession()
    while not sess.should_stop():  # the coordinator's stop request reaches should_stop
        pass
    with pytest.raises(tf.errors.InvalidArgumentError, match="log of a negative"):
        sess.close()


def test_queue_runners_round_trip_through_a_meta_graph(tmp_path):
    x = _counting_pipeline()
    (qr,) = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
    assert qr.to_proto() == {"queue_name": "fifo_queue", "enqueue_op_name": ["fifo_queue_enqueue"],
                             "close_op_name": "fifo_queue_Close", "cancel_op_name": "fifo_queue_Close_1",
                             "queue_closed_exception_types": [11]}  # OUT_OF_RANGE
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no "cannot be exported" warning any more
            tf.train.Saver().save(sess, str(tmp_path / "model"))
    assert x.name == "fifo_queue_Dequeue:0"
    tf.reset_default_graph()
    saver = tf.train.import_meta_graph(str(tmp_path / "model.meta"))
    (restored,) = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
    assert restored.name == "fifo_queue" and [op.name for op in restored.enqueue_ops] == ["fifo_queue_enqueue"]
    assert restored.queue_closed_exception_types == (tf.errors.OutOfRangeError,)
    x = tf.get_default_graph().get_tensor_by_name("fifo_queue_Dequeue:0")
    with tf.Session() as sess:
        saver.restore(sess, str(tmp_path / "model"))
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        assert [int(sess.run(x)) for _ in range(3)] == [0, 1, 2]
        coord.request_stop()
        coord.join(threads)


def test_import_scope_prefixes_the_restored_queue_runner(tmp_path):
    _counting_pipeline()
    mg = tf.train.export_meta_graph()
    tf.reset_default_graph()
    tf.train.import_meta_graph(mg, import_scope="copy")
    (restored,) = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
    assert restored.name == "copy/fifo_queue" and restored.cancel_op.name == "copy/fifo_queue_Close_1"
