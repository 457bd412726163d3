"""tf.train.QueueRunner, add_queue_runner and start_queue_runners: threads that keep running a
queue's enqueue ops (each its own Session.run loop) while the main thread trains from the queue.

A thread ends when its enqueue raises OutOfRangeError (its input ran out: limit_epochs, a closed
upstream queue); the last one to end closes the queue, so its consumers drain it and then get
OutOfRangeError. Any other exception is reported to the coordinator, which stops everyone; on a
stop request a helper thread runs the queue's cancel op (close with cancel_pending_enqueues) so
no enqueue stays blocked.

>>> qr = tf.train.QueueRunner(queue, [enqueue_op] * 4); tf.train.add_queue_runner(qr)
>>> threads = tf.train.start_queue_runners(sess=sess, coord=coord)
"""
import threading
import weakref

from .. import tf_logging as _logging
from ..framework import errors
from ..framework.graph import GraphKeys, add_to_collection, get_default_graph


class QueueRunner:
    """The enqueue ops of one queue and the threads that run them.

    >>> qr = tf.train.QueueRunner(q, [q.enqueue(x)] * 2)
    """

    def __init__(self, queue=None, enqueue_ops=None, close_op=None, cancel_op=None,
                 queue_closed_exception_types=None, queue_runner_def=None, import_scope=None):
        if queue_runner_def is not None:
            if queue is not None or enqueue_ops is not None:
                raise ValueError("queue_runner_def and queue are mutually exclusive.")
            queue, enqueue_ops, close_op, cancel_op, queue_closed_exception_types = \
                _from_queue_runner_def(queue_runner_def, import_scope)
        if queue is None or not enqueue_ops:
            raise ValueError("Must provide queue and enqueue_ops.")
        self._queue = queue
        self._enqueue_ops = list(enqueue_ops)
        self._close_op = close_op if close_op is not None else queue.close()
        self._cancel_op = cancel_op if cancel_op is not None else queue.close(cancel_pending_enqueues=True)
        if queue_closed_exception_types is None:
            queue_closed_exception_types = (errors.OutOfRangeError,)
        elif not isinstance(queue_closed_exception_types, (list, tuple)) or not queue_closed_exception_types or \
                not all(isinstance(t, type) and issubclass(t, errors.OpError) for t in queue_closed_exception_types):
            raise TypeError("queue_closed_exception_types, when provided, must be a tuple of tf.error types, but "
                            f"saw: {queue_closed_exception_types}")
        self._queue_closed_exception_types = tuple(queue_closed_exception_types)
        self._lock = threading.Lock()
        self._runs_per_session = weakref.WeakKeyDictionary()  # enqueue threads still running, per session
        self._exceptions_raised = []

    @property
    def queue(self):
        return self._queue

    @property
    def enqueue_ops(self):
        return self._enqueue_ops

    @property
    def close_op(self):
        return self._close_op

    @property
    def cancel_op(self):
        return self._cancel_op

    @property
    def queue_closed_exception_types(self):
        return self._queue_closed_exception_types

    @property
    def exceptions_raised(self):
        """Exceptions the threads raised when no coordinator was given."""
        return self._exceptions_raised

    @property
    def name(self):
        return self._queue.name

    def to_proto(self, export_scope=None):
        """This runner as TF1's QueueRunnerDef fields (a dict, as our meta graphs are JSON): op names
        with export_scope stripped, the exception types as error codes; None if outside export_scope."""
        if export_scope and not self._queue.name.startswith(export_scope + "/"):
            return None
        return {"queue_name": _strip_scope(self._queue.name, export_scope),
                "enqueue_op_name": [_strip_scope(op.name, export_scope) for op in self._enqueue_ops],
                "close_op_name": _strip_scope(self._close_op.name, export_scope),
                "cancel_op_name": _strip_scope(self._cancel_op.name, export_scope),
                "queue_closed_exception_types": [t(None, None, "").error_code
                                                 for t in self._queue_closed_exception_types]}

    @staticmethod
    def from_proto(queue_runner_def, import_scope=None):
        """The QueueRunner a QueueRunnerDef (as to_proto returns it) describes, in the default graph."""
        return QueueRunner(queue_runner_def=queue_runner_def, import_scope=import_scope)

    def _run(self, sess, enqueue_op, coord=None):
        decremented = False
        try:
            while True:
                if coord is not None and coord.should_stop():
                    break
                try:
                    sess.run(enqueue_op)
                except self._queue_closed_exception_types:
                    # This thread's input ran out; the last thread to finish closes the queue.
                    with self._lock:
                        self._runs_per_session[sess] -= 1
                        decremented = True
                        if self._runs_per_session[sess] == 0:
                            try:
                                sess.run(self._close_op)
                            except Exception as e:  # noqa: BLE001 - a closing session; TF1 ignores it too
                                _logging.debug("Ignored exception: %s", e)
                    return
        except Exception as e:  # noqa: BLE001 - reported to the coordinator (or kept and re-raised)
            if coord is not None:
                coord.request_stop(e)
            else:
                _logging.error("Exception in QueueRunner: %s", e)
                with self._lock:
                    self._exceptions_raised.append(e)
                raise
        finally:
            if not decremented:
                with self._lock:
                    self._runs_per_session[sess] -= 1

    def _close_on_stop(self, sess, cancel_op, coord):
        coord.wait_for_stop()
        try:
            sess.run(cancel_op)
        except Exception as e:  # noqa: BLE001 - the session may already be closed
            _logging.debug("Ignored exception: %s", e)

    def create_threads(self, sess, coord=None, daemon=False, start=False):
        """One thread per enqueue op (plus, with a coordinator, one that cancels the queue on a stop
        request); none if this runner's threads already run in `sess`.

        >>> threads = qr.create_threads(sess, coord=coord, start=True)
        """
        with self._lock:
            if self._runs_per_session.get(sess, 0) > 0:
                return []
            self._runs_per_session[sess] = len(self._enqueue_ops)
            self._exceptions_raised = []
        threads = [threading.Thread(target=self._run, args=(sess, op, coord),
                                    name=f"QueueRunnerThread-{self.name}-{op.name}") for op in self._enqueue_ops]
        if coord is not None:
            threads.append(threading.Thread(target=self._close_on_stop, args=(sess, self._cancel_op, coord),
                                            name=f"QueueRunnerThread-{self.name}-close_on_stop"))
        for t in threads:
            if coord is not None:
                coord.register_thread(t)
            if daemon:
                t.daemon = True
            if start:
                t.start()
        return threads


def _strip_scope(name, scope):
    return name[len(scope) + 1:] if scope and name.startswith(scope + "/") else name


def _from_queue_runner_def(d, import_scope):
    """(queue, enqueue_ops, close_op, cancel_op, exception types) of a QueueRunnerDef dict. As TF1's,
    the queue is then its Operation (the runner needs only its name and the enqueue/close ops)."""
    graph = get_default_graph()

    def op(name):
        return graph.as_graph_element(f"{import_scope}/{name}" if import_scope else name, allow_tensor=False)
    by_code = {cls(None, None, "").error_code: cls for cls in (
        getattr(errors, n) for n in dir(errors) if n.endswith("Error") and n != "OpError")
        if isinstance(cls, type) and issubclass(cls, errors.OpError)}
    codes = d.get("queue_closed_exception_types") or [errors.OUT_OF_RANGE]
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        raise ValueError(f"QueueRunnerDef of '{d['queue_name']}': unknown error codes {unknown}")
    return (op(d["queue_name"]), [op(n) for n in d["enqueue_op_name"]], op(d["close_op_name"]),
            op(d["cancel_op_name"]), tuple(by_code[c] for c in codes))


QUEUE_RUNNERS = GraphKeys.QUEUE_RUNNERS


def add_queue_runner(qr, collection=QUEUE_RUNNERS):
    """Add `qr` to the graph's queue runners (started by start_queue_runners)."""
    add_to_collection(collection, qr)


def start_queue_runners(sess=None, coord=None, daemon=True, start=True, collection=QUEUE_RUNNERS):
    """Start the threads of every queue runner of the graph; returns them (for coord.join).

    >>> threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    """
    from ..client.session import BaseSession, get_default_session
    if sess is None:
        sess = get_default_session()
        if not sess:
            raise ValueError("Cannot start queue runners: No default session is registered. Use `with "
                             "sess.as_default()` or pass an explicit session to tf.start_queue_runners(sess=sess)")
    if not isinstance(sess, BaseSession):
        if type(sess).__name__ in ("MonitoredSession", "SingularMonitoredSession"):
            return []
        raise TypeError(f"sess must be a `tf.Session` object. Given class: {sess.__class__}")
    runners = sess.graph.get_collection(collection)
    if not runners:
        _logging.warning("`tf.train.start_queue_runners()` was called when no queue runners were defined. You "
                         "can safely remove the call to this deprecated function.")
    threads = []
    with sess.graph.as_default():
        for qr in runners:
            threads.extend(qr.create_threads(sess, coord=coord, daemon=daemon, start=start))
    return threads


__all__ = ["QueueRunner", "add_queue_runner", "start_queue_runners"]
