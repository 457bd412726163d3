"""tf.train.summary_iterator: the Event protos of a TensorBoard event file, in order (what a
FileWriter wrote), as TF1's tf.compat.v1.train.summary_iterator."""
from ..framework import errors
from ..summary.protos import Event
from ..summary.tfrecord import CorruptRecordError, iter_records


def summary_iterator(path):
    """Yield each Event of the event file at `path` (the first is the file_version event).

    >>> for event in tf.train.summary_iterator(path):
    ...     for value in event.summary.value: print(event.step, value.tag, value.simple_value)
    """
    try:
        for data in iter_records(path):
            yield Event.FromString(data)
    except FileNotFoundError:
        raise errors.NotFoundError(None, None, f"{path}; No such file or directory") from None
    except CorruptRecordError as e:
        raise errors.DataLossError(None, None, f"corrupted record in {path}: {e}") from None
