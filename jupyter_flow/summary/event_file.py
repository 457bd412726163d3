"""One TensorBoard event file, written in batches by a background thread so logging never waits on disk.

The file is ``events.out.tfevents.<unix time>.<hostname><suffix>`` (TF's name; ``.<n>`` is added
after the hostname when two writers open a file in the same directory in the same second). Its first
record is the ``file_version: "brain.Event:2"`` event, written and flushed before the constructor
returns, so a new file is always valid for TensorBoard.

    >>> import tempfile; stream = EventFile(tempfile.mkdtemp())
    >>> stream.close(); os.path.basename(stream.path).startswith("events.out.tfevents.")
    True
"""

import collections
import os
import socket
import threading
import time

from .protos import Event
from .tfrecord import encode_record

FILE_VERSION = "brain.Event:2"


class EventFile:
    """An open event file, the events waiting to be written to it, and the thread that writes them.

    ``add`` only appends to an in-memory list (no lock, no thread switch); the thread is woken once
    ``max_queue`` events wait, and on its own every ``flush_secs`` seconds, when it also flushes and
    fsyncs. ``flush`` writes everything pending from the calling thread; ``close`` has the thread
    write it, flush and close the file, and waits for that.

        >>> import tempfile; stream = EventFile(tempfile.mkdtemp())
        >>> stream.add(Event(step=1)); stream.flush(); stream.close()
    """

    def __init__(self, logdir, max_queue=10, flush_secs=120, filename_suffix=""):
        if os.path.exists(logdir) and not os.path.isdir(logdir):
            raise NotADirectoryError(f"logdir {logdir} exists and is not a directory; choose another logdir")
        os.makedirs(logdir, exist_ok=True)
        self.path, self._file = _create_event_file(logdir, filename_suffix or "")
        self._max_queue = max(1, max_queue)
        self._flush_secs = flush_secs
        self._pending = collections.deque()  # append/popleft are atomic: callers never take a lock
        self._lock = threading.Lock()  # orders draining and file access between the thread and callers
        self._wake = threading.Event()
        self._closing = False
        self._error = None
        self._write(Event(wall_time=time.time(), file_version=FILE_VERSION))
        self._flush_file()
        self._thread = threading.Thread(
            target=self._write_in_background, name=f"EventFile({self.path})", daemon=True
        )
        self._thread.start()

    @property
    def closed(self):
        """True once close() was called: no more events are accepted."""
        return self._closing

    def add(self, event):
        """Queue ``event`` (an Event message) for writing."""
        if self._error is not None:
            self._raise_background_error()
        if self._closing:
            raise RuntimeError(f"the event file {self.path} is closed; call reopen() on its FileWriter")
        self._pending.append(event)
        if len(self._pending) >= self._max_queue and not self._wake.is_set():
            self._wake.set()

    def flush(self):
        """Write every queued event and push it to disk."""
        self._raise_background_error()
        with self._lock:
            if self._closing:
                return  # closing writes and flushes everything anyway
            try:
                self._write_pending()
                self._flush_file()
            except Exception as error:
                raise OSError(f"writing the event file {self.path} failed: {error}") from error

    def close(self):
        """Write every queued event, flush, and close the file. Safe to call twice.

        The background thread does the final write, so a close requested from that thread itself
        (a garbage-collection finalizer can run there) only asks it to finish and returns.
        """
        first_request = not self._closing
        self._closing = True
        self._wake.set()
        if threading.current_thread() is self._thread:
            return
        self._thread.join()
        if first_request:
            self._raise_background_error()

    def _write_in_background(self):
        last_flush = time.monotonic()
        while True:
            if not self._closing:
                self._wake.wait(timeout=max(0.0, last_flush + self._flush_secs - time.monotonic()))
            self._wake.clear()
            closing = self._closing
            try:
                with self._lock:
                    self._write_pending()
                    if closing or time.monotonic() - last_flush >= self._flush_secs:
                        self._flush_file()
                        last_flush = time.monotonic()
            except Exception as error:  # reported to the caller's next add/flush/close
                self._error = error
                last_flush = time.monotonic()
            if closing:
                with self._lock:
                    try:
                        self._file.close()
                    except Exception as error:
                        self._error = error
                return

    def _write_pending(self):
        while self._pending:
            self._write(self._pending.popleft())

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
