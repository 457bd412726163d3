"""``tf.summary.FileWriter``: writes summaries and the graph to an event file that TensorBoard reads.

    >>> import tempfile; from jupyter_flow.summary.summary_proto import scalar
    >>> with FileWriter(tempfile.mkdtemp()) as writer: writer.add_summary(scalar("mse", 0.5), global_step=10)
"""

import numbers
import os
import time
import weakref

import numpy as np
from google.protobuf.message import DecodeError

from .event_file import EventFile
from .graph_def import to_graph_def
from .protos import Event, Summary


class FileWriter:
    """Writes ``Summary`` protocol buffers and the graph to ``logdir`` (created with its parents).

    ``add_summary`` takes the bytes a summary op evaluates to, stamps them with the wall time and
    the step, and queues them: a background thread writes the file and flushes it every
    ``flush_secs`` seconds, on ``flush()``, on ``close()``, when the writer is garbage-collected and
    when the interpreter exits. ``max_queue`` events wait in memory before the thread is woken to
    write them (0 counts as 1); ``filename_suffix`` is appended to the event file's name.

        >>> import tempfile; writer = FileWriter(tempfile.mkdtemp(), flush_secs=5)
        >>> writer.close()
    """

    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, filename_suffix=None):
        if not isinstance(max_queue, numbers.Integral) or max_queue < 0:
            raise ValueError(f"max_queue must be an int >= 0, got {max_queue!r}")
        if not isinstance(flush_secs, numbers.Real) or not flush_secs > 0:
            raise ValueError(f"flush_secs must be a number of seconds > 0, got {flush_secs!r}")
        if filename_suffix is not None and not isinstance(filename_suffix, str):
            raise TypeError(f"filename_suffix must be a str such as '.v2', got {filename_suffix!r}")
        self._logdir = os.fspath(logdir)
        self._options = dict(max_queue=int(max_queue), flush_secs=flush_secs,
                             filename_suffix=filename_suffix or "")
        self._event_file = None
        self._open_event_file()
        if graph is not None:
            self.add_graph(graph)

    def get_logdir(self):
        """The directory this writer writes to."""
        return self._logdir

    @property
    def event_file_path(self):
        """Path of the event file currently written (a new one after each ``reopen``)."""
        return self._event_file.path

    def add_summary(self, summary, global_step=None):
        """Queue one ``Summary`` (its serialized bytes, as a summary op returns, or the message).

        As in TF1, a value's plugin metadata is written only the first time its tag is seen.

            >>> # writer.add_summary(sess.run(mse_summary), step)
        """
        event = Event(wall_time=time.time())
        if global_step is not None:  # checked first: a rejected call must not mark tags as seen
            event.step = _as_step(global_step)
        if isinstance(summary, Summary):
            event.summary.CopyFrom(summary)
        else:
            serialized = _summary_bytes(summary)
            try:
                event.summary.ParseFromString(serialized)
            except DecodeError as error:
                raise ValueError(
                    f"add_summary: could not parse the summary ({error}); pass the value of a summary "
                    "op, e.g. sess.run(tf.summary.scalar('loss', loss))"
                ) from None
        for value in event.summary.value:
            if value.HasField("metadata"):
                if value.tag in self._seen_summary_tags:
                    value.ClearField("metadata")
                else:
                    self._seen_summary_tags.add(value.tag)
        self._event_file.add(event)

    def add_graph(self, graph, global_step=None):
        """Queue the graph (a Graph, or a ``GraphDef`` message) for TensorBoard's graph tab.

            >>> # writer.add_graph(tf.get_default_graph())
        """
        if hasattr(graph, "get_operations"):
            serialized = to_graph_def(graph).SerializeToString()
        elif _message_name(graph).endswith(".GraphDef"):
            serialized = graph.SerializeToString()
        else:
            raise TypeError(
                f"add_graph expects a Graph or a GraphDef, got {type(graph).__name__}; "
                "pass tf.get_default_graph() or sess.graph"
            )
        self._add(Event(wall_time=time.time(), graph_def=serialized), global_step)

    def add_run_metadata(self, run_metadata, tag, global_step=None):
        """Queue a traced run's RunMetadata under `tag`, for TensorBoard's graph tab (as TF1; a tag
        is used once per writer).

            >>> # writer.add_run_metadata(run_metadata, f"step{step}", step)
        """
        if tag in self._run_metadata_tags:
            raise ValueError("The provided tag was already used for this event type")
        if not _message_name(run_metadata).endswith(".RunMetadata"):
            raise TypeError(f"add_run_metadata expects a tf.RunMetadata, got {type(run_metadata).__name__}")
        self._run_metadata_tags.add(tag)
        event = Event(wall_time=time.time())
        event.tagged_run_metadata.tag = tag
        event.tagged_run_metadata.run_metadata = run_metadata.SerializeToString()
        self._add(event, global_step)

    def add_event(self, event):
        """Queue an ``Event`` message as it is (its wall time and step are not changed)."""
        if not _message_name(event).endswith(".Event"):
            raise TypeError(f"add_event expects an Event protocol buffer, got {type(event).__name__}")
        if not isinstance(event, Event):
            event = Event.FromString(event.SerializeToString())
        self._event_file.add(event)

    def flush(self):
        """Write everything queued so far to disk (TensorBoard sees it on its next reload)."""
        self._event_file.flush()

    def close(self):
        """Flush and close the event file; ``reopen()`` starts a new one in the same logdir."""
        self._close_finalizer()

    def reopen(self):
        """After ``close()``, start writing a new event file in the same logdir; else do nothing."""
        if self._event_file.closed:
            self._open_event_file()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __repr__(self):
        state = "closed" if self._event_file.closed else "open"
        return f"<FileWriter logdir={self._logdir!r} ({state})>"

    def _open_event_file(self):
        self._event_file = EventFile(self._logdir, **self._options)
        # TF1 resets nothing here, but a new file must carry plugin metadata again to stand alone.
        self._seen_summary_tags = set()
        self._run_metadata_tags = set()
        # Closes the file when this writer is garbage-collected, and flushes it at interpreter exit.
        self._close_finalizer = weakref.finalize(self, self._event_file.close)

    def _add(self, event, global_step):
        if global_step is not None:
            event.step = _as_step(global_step)
        self._event_file.add(event)


_NUMPY_BYTES_HINT = (
    "NumPy fixed-width bytes (np.bytes_, dtype 'S') lose trailing zero bytes when taken "
    "from an array, which corrupts serialized protocol buffers; pass Python bytes or an object array"
)


def _summary_bytes(summary):
    if isinstance(summary, np.bytes_) or (isinstance(summary, np.ndarray) and summary.dtype.kind == "S"):
        raise TypeError(f"add_summary: {_NUMPY_BYTES_HINT}")
    if isinstance(summary, (bytes, bytearray, memoryview)):
        return summary
    if _message_name(summary).endswith(".Summary"):  # e.g. tensorboard's or TF's own Summary class
        return summary.SerializeToString()
    if isinstance(summary, np.ndarray) and summary.shape == () and isinstance(summary.item(), bytes):
        return summary.item()
    raise TypeError(
        f"add_summary expects the bytes of a serialized Summary (the value of a summary op) or a "
        f"Summary message, got {type(summary).__name__}"
    )


def _as_step(global_step):
    step = global_step.item() if isinstance(global_step, np.ndarray) and global_step.size == 1 else global_step
    if isinstance(step, (bool, np.bool_)) or not isinstance(step, numbers.Real) or int(step) != step:
        raise TypeError(f"global_step must be an integer, got {global_step!r}")
    if not -(2 ** 63) <= int(step) < 2 ** 63:  # an event's step is an int64
        raise ValueError(f"global_step must fit in 64 bits (-2**63 .. 2**63-1), got {int(step)}")
    return int(step)


def _message_name(message):
    descriptor = getattr(message, "DESCRIPTOR", None)
    return getattr(descriptor, "full_name", "")
