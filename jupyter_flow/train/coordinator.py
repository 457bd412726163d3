"""tf.train.Coordinator: lets threads (queue runners, user loops) stop together and report the
first exception to the thread that joins them, as TF1's.

>>> coord = tf.train.Coordinator(); threads = tf.train.start_queue_runners(sess, coord)
>>> coord.request_stop(); coord.join(threads)
"""
import contextlib
import sys
import threading
import time

from ..framework import errors
from .. import tf_logging as _logging


class Coordinator:
    """A stop flag shared by threads, plus the first exception one of them reported.

    >>> with coord.stop_on_exception():
    ...     while not coord.should_stop(): sess.run(train_op)
    """

    def __init__(self, clean_stop_exception_types=None):
        if clean_stop_exception_types is None:
            clean_stop_exception_types = (errors.OutOfRangeError,)
        self._clean_stop_exception_types = tuple(clean_stop_exception_types)
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._exc_info_to_raise = None
        self._joined = False
        self._registered_threads = set()

    def _filter_exception(self, ex):
        ex2 = ex[1] if isinstance(ex, tuple) else ex
        if isinstance(ex2, self._clean_stop_exception_types):
            return None  # the end of the input: a clean stop
        return ex

    def request_stop(self, ex=None):
        """Ask every thread to stop; `ex` (an exception or an exc_info tuple) is re-raised by join().

        >>> coord.request_stop()
        """
        with self._lock:
            ex = self._filter_exception(ex)
            if self._joined:  # nobody will join again to report it: raise it here
                if isinstance(ex, tuple):
                    raise ex[1].with_traceback(ex[2])
                if ex is not None:
                    raise ex
            if not self._stop_event.is_set():
                if ex is not None and self._exc_info_to_raise is None:
                    if isinstance(ex, tuple):
                        _logging.info("Error reported to Coordinator: %s", ex[1])
                        self._exc_info_to_raise = ex
                    else:
                        _logging.info("Error reported to Coordinator: %s, %s", type(ex), ex)
                        info = sys.exc_info()
                        self._exc_info_to_raise = info if info[1] is ex else (type(ex), ex, ex.__traceback__)
                self._stop_event.set()

    def clear_stop(self):
        """Clear the stop request (and a reported exception), so the coordinator can run again."""
        with self._lock:
            self._joined = False
            self._exc_info_to_raise = None
            self._stop_event.clear()

    def should_stop(self):
        """True once a stop was requested."""
        return self._stop_event.is_set()

    @contextlib.contextmanager
    def stop_on_exception(self):
        """A block whose exception (OutOfRangeError included, as a clean stop) requests a stop.

        >>> with coord.stop_on_exception(): sess.run(train_op)
        """
        try:
            yield
        except:  # noqa: E722 - TF1 reports every exception, KeyboardInterrupt included
            self.request_stop(ex=sys.exc_info())

    def wait_for_stop(self, timeout=None):
        """Wait until a stop is requested (or `timeout` seconds); True if it was."""
        return self._stop_event.wait(timeout)

    def register_thread(self, thread):
        """Make join() wait for `thread` too."""
        with self._lock:
            self._registered_threads.add(thread)

    def join(self, threads=None, stop_grace_period_secs=120, ignore_live_threads=False):
        """Wait for the threads (and the registered ones) to end after a stop request; re-raise the
        exception a thread reported; RuntimeError when some are still alive after the grace period.

        >>> coord.request_stop(); coord.join(threads)
        """
        with self._lock:
            threads = self._registered_threads if threads is None else self._registered_threads.union(set(threads))
        threads = list(threads)
        # Until every thread ended or a stop was requested...
        while any(t.is_alive() for t in threads) and not self.wait_for_stop(1.0):
            pass
        # ...then the grace period for the rest, checked at growing intervals.
        wait_secs = 0.001
        while any(t.is_alive() for t in threads) and stop_grace_period_secs >= 0.0:
            time.sleep(wait_secs)
            stop_grace_period_secs -= wait_secs
            wait_secs = max(min(2 * wait_secs, stop_grace_period_secs), 0.001)
        stragglers = [t.name for t in threads if t.is_alive()]
        with self._lock:
            self._joined = True
            self._registered_threads = set()
            if self._exc_info_to_raise:
                _, value, tb = self._exc_info_to_raise
                raise value.with_traceback(tb)
            if stragglers:
                if ignore_live_threads:
                    _logging.info("Coordinator stopped with threads still running: %s", " ".join(stragglers))
                else:
                    raise RuntimeError("Coordinator stopped with threads still running: " + " ".join(stragglers))

    @property
    def joined(self):
        return self._joined

    def raise_requested_exception(self):
        """Re-raise the exception a thread reported, if any."""
        with self._lock:
            if self._exc_info_to_raise:
                _, value, tb = self._exc_info_to_raise
                raise value.with_traceback(tb)
