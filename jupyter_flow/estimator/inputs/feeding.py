"""A Python-side batcher in place of TF1's input queues: numpy_input_fn's tensors are placeholders,
and the Estimator feeds them one batch per step from the BatchFeeder registered on the graph. When
the epochs are used up, next_feed raises OutOfRangeError, as TF1's dequeue did (training stops)."""
import numpy as np

from ...framework import errors
from ...framework.graph import get_default_graph

# keyed by an object, not a string: a private collection that export_meta_graph leaves out
FEEDERS = type("_Feeders", (), {"__repr__": lambda self: "<numpy_input_fn feeders>"})()


class BatchFeeder:
    """Batches of the same rows from every array, epoch after epoch; the last batch of the last
    epoch may be smaller (TF1's dequeue_up_to).

    >>> feeder = BatchFeeder({x_placeholder: X}, batch_size=128, num_epochs=1, shuffle=False)
    """

    def __init__(self, arrays, batch_size, num_epochs, shuffle, seed=None):
        lengths = {len(a) for a in arrays.values()}
        if len(lengths) != 1:
            raise ValueError(f"the arrays given to the input_fn have different lengths {sorted(lengths)}; every "
                             f"feature and the labels need one row per example.")
        self._arrays = dict(arrays)
        self._rows = lengths.pop()
        if self._rows == 0:
            raise ValueError("the input_fn was given empty arrays (0 examples)")
        self._batch_size = int(batch_size)
        self._num_epochs = num_epochs
        self._shuffle = shuffle
        self._random = np.random.RandomState(seed)
        self._epoch, self._order, self._position = 0, None, 0

    def _start_epoch(self):
        self._order = self._random.permutation(self._rows) if self._shuffle else None
        self._position = 0

    def next_feed(self):
        """{placeholder: batch} for the next step, or OutOfRangeError when the epochs are done."""
        if self._order is None and self._position == 0 and self._epoch == 0:
            self._start_epoch()
        rows = []
        wanted = self._batch_size
        while wanted > 0:
            if self._position >= self._rows:
                self._epoch += 1
                if self._num_epochs is not None and self._epoch >= self._num_epochs:
                    break
                self._start_epoch()
            take = min(wanted, self._rows - self._position)
            span = np.arange(self._position, self._position + take)
            rows.append(span if self._order is None else self._order[span])
            self._position += take
            wanted -= take
        if not rows:
            raise errors.OutOfRangeError(None, None, f"the input_fn's {self._num_epochs} epoch(s) of "
                                         f"{self._rows} examples are used up (FIFOQueue is closed and has "
                                         f"insufficient elements)")
        index = np.concatenate(rows)
        contiguous = self._order is None and len(rows) == 1
        return {p: (a[index[0]:index[-1] + 1] if contiguous else a[index]) for p, a in self._arrays.items()}


def register_feeder(feeder, graph=None):
    (graph or get_default_graph()).add_to_collection(FEEDERS, feeder)


def graph_feeders(graph):
    return graph.get_collection(FEEDERS)


def next_feed(feeders):
    """One step's feed dict from every feeder on the graph (OutOfRangeError when one is done)."""
    feed = {}
    for f in feeders:
        feed.update(f.next_feed())
    return feed
