"""One TensorBoard event file, written by a background thread so that logging never waits on the disk.

The file is ``events.out.tfevents.<unix time>.<hostname><suffix>`` (TF's name; ``.<n>`` is added
after the hostname when two writers open a file in the same directory in the same second). Its first
record is the ``file_version: "brain.Event:2"`` event, written and flushed before the constructor
returns, so a new file is always valid for TensorBoard.

    >>> import tempfile; stream = EventFile(tempfile.mkdtemp())
    >>> stream.close(); os.path.basename(stream.path).startswith("events.out.tfevents.")
    True
"""

import os
import queue
import socket
import threading
import time

from .protos import Event
from .tfrecord import encode_record

FILE_VERSION = "brain.Event:2"
_CLOSE = object()


class EventFile:
    """An open event file plus the thread that serializes, frames and writes queued ``Event``s.

    ``add`` only enqueues (blocking once ``max_queue`` events wait); the thread flushes (and fsyncs)
    at most ``flush_secs`` after a write, and ``flush``/``close`` make everything queued durable.

        >>> import tempfile; stream = EventFile(tempfile.mkdtemp())
        >>> stream.add(Event(step=1)); stream.flush(); stream.close()
    """

    def __init__(self, logdir, max_queue=10, flush_secs=120, filename_suffix=""):
        os.makedirs(logdir, exist_ok=True)
        self.path, self._file = _create_event_file(logdir, filename_suffix or "")
        self._flush_secs = flush_secs
        self._lock = threading.Lock()  # guards the file between the thread and flush/close callers
        self._queue = queue.Queue(maxsize=max_queue)
        self._error = None
        self._closed = False
        self._write(Event(wall_time=time.time(), file_version=FILE_VERSION))
        self._flush_file()
        self._thread = threading.Thread(
            target=self._write_queued_events, name=f"EventFile({self.path})", daemon=True
        )
        self._thread.start()

    @property
    def closed(self):
        return self._closed

    def add(self, event):
        """Queue ``event`` (an Event message) for writing."""
        self._raise_background_error()
        if self._closed:
            raise RuntimeError(f"the event file {self.path} is closed; call reopen() on its FileWriter")
        self._queue.put(event)

    def flush(self):
        """Write every queued event and push it to disk."""
        if self._closed:
            return
        self._queue.join()
        self._raise_background_error()
        with self._lock:
            self._flush_file()

    def close(self):
        """Write every queued event, flush, and close the file. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(_CLOSE)
        self._thread.join()
        with self._lock:
            self._flush_file()
            self._file.close()
        self._raise_background_error()

    def _write_queued_events(self):
        unflushed_since = None
        while True:
            timeout = None
            if unflushed_since is not None:
                timeout = max(0.0, unflushed_since + self._flush_secs - time.monotonic())
            try:
                event = self._queue.get(timeout=timeout)
            except queue.Empty:
                self._flush_in_background()
                unflushed_since = None
                continue
            try:
                if event is _CLOSE:
                    return
                if self._error is None:
                    with self._lock:
                        self._write(event)
                    if unflushed_since is None:
                        unflushed_since = time.monotonic()
            except Exception as error:  # reported to the caller's next add/flush/close
                self._error = error
            finally:
                self._queue.task_done()

    def _flush_in_background(self):
        try:
            with self._lock:
                self._flush_file()
        except Exception as error:
            self._error = error

    def _write(self, event):
        self._file.write(encode_record(event.SerializeToString()))

    def _flush_file(self):
        self._file.flush()
        os.fsync(self._file.fileno())

    def _raise_background_error(self):
        if self._error is not None:
            error, self._error = self._error, None
            raise OSError(f"writing the event file {self.path} failed: {error}") from error


def _create_event_file(logdir, suffix):
    """Open a new event file for writing, never overwriting an existing one."""
    stem = f"events.out.tfevents.{int(time.time()):010d}.{socket.gethostname()}"
    for attempt in range(1000):
        name = stem + (f".{attempt}" if attempt else "") + suffix
        path = os.path.join(logdir, name)
        try:
            return path, open(path, "xb")
        except FileExistsError:
            continue
    raise FileExistsError(f"could not find a free event file name like {stem}{suffix} in {logdir}")
