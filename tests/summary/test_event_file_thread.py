"""The background writer thread of an event file: ordering, closing from inside it, errors."""

import threading

import pytest

from jupyter_flow.summary.event_file import EventFile
from jupyter_flow.summary.protos import Event
from jupyter_flow.summary.tfrecord import iter_records


class EventThatClosesItsFile:
    """Serializing it closes the stream from the writer thread, as a GC finalizer running there would."""

    def __init__(self, stream):
        self.stream = stream
        self.thread = None

    def SerializeToString(self):
        self.thread = threading.current_thread()
        self.stream.close()
        return Event(step=99).SerializeToString()


class EventThatFailsToSerialize:
    def SerializeToString(self):
        raise OSError("No space left on device")


def steps(path):
    return [Event.FromString(record).step for record in iter_records(path)]


def test_close_requested_from_the_writer_thread_still_writes_everything_and_ends_it(tmp_path):
    stream = EventFile(tmp_path, max_queue=1)
    trigger = EventThatClosesItsFile(stream)
    stream.add(Event(step=1))
    stream.add(trigger)
    stream._thread.join(timeout=60)
    assert trigger.thread is stream._thread
    assert not stream._thread.is_alive()
    assert stream.closed and stream._file.closed
    assert steps(stream.path) == [0, 1, 99]
    stream.close()  # a later close from the user is harmless


@pytest.mark.parametrize("max_queue", [1, 1000], ids=["max_queue_1", "max_queue_1000"])
def test_write_error_is_raised_by_the_next_call_naming_the_file(tmp_path, max_queue):
    stream = EventFile(tmp_path, max_queue=max_queue)
    stream.add(EventThatFailsToSerialize())
    with pytest.raises(OSError, match=r"writing the event file .*tfevents.* failed: No space left on device"):
        stream.flush()
    stream.add(Event(step=2))  # the error was reported once; writing goes on
    stream.close()
    assert steps(stream.path) == [0, 2]
