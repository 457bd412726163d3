"""Event files written by TensorBoard's own writer, so the reader is tested against the real format.

`tensorboard.summary.writer.event_file_writer.EventFileWriter` is the writer behind
`torch.utils.tensorboard`; the Summary protos come from TensorBoard's proto classes and, for TF2-style
tensor scalars, from `tensorboard.plugins.scalar.summary_v2.scalar_pb`.
"""

from tensorboard.compat.proto import event_pb2, summary_pb2
from tensorboard.plugins.scalar.summary_v2 import scalar_pb
from tensorboard.summary.writer.event_file_writer import EventFileWriter


class ScalarWriter:
    """Writes scalars like `FileWriter.add_summary(summary, step)` does (TF1: `simple_value`).

    >>> writer = ScalarWriter("logs/run-1"); writer.add(0, mse=2.5); writer.flush()
    """

    def __init__(self, logdir, tensor_values=False):
        self._writer = EventFileWriter(logdir, flush_secs=3600)
        self._tensor_values = tensor_values  # TF2 style: a tensor, SummaryMetadata on the first value only
        self._tags_seen = set()
        self.path = self._writer._file_name

    def add(self, step, wall_time=None, **scalars):
        summary = summary_pb2.Summary()
        for tag, value in scalars.items():
            if self._tensor_values:
                proto_value = scalar_pb(tag, value).value[0]
                if tag in self._tags_seen:
                    proto_value.ClearField("metadata")
                summary.value.append(proto_value)
            else:
                summary.value.add(tag=tag, simple_value=value)
            self._tags_seen.add(tag)
        event = event_pb2.Event(step=step, summary=summary)
        event.wall_time = wall_time if wall_time is not None else 1700000000.0 + step
        self._writer.add_event(event)

    def add_event(self, event):
        self._writer.add_event(event)

    def flush(self):
        self._writer.flush()

    def close(self):
        self._writer.close()


def write_run(logdir, points, tensor_values=False):
    """Writes [(step, {tag: value}), ...] to a new event file in `logdir` and closes it; returns its path."""
    writer = ScalarWriter(logdir, tensor_values=tensor_values)
    for step, scalars in points:
        writer.add(step, **scalars)
    writer.close()
    return writer.path
