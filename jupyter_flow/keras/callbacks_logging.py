"""The callbacks that log training (TF1 Keras's v1 TensorBoard, CSVLogger) or watch it (TerminateOnNaN).

TensorBoard writes, through our tf.summary.FileWriter, the graph (write_graph=True) when fit starts, one scalar
per epoch-log entry at step = epoch (tags epoch_loss, epoch_acc, epoch_val_loss, ... as Keras's v1 callback), and
with histogram_freq=N a histogram of every model weight every N epochs (tags like dense/kernel_0); Keras's
histograms of layer outputs on the validation data (<layer>_out) are not written."""
import csv
import math

import numpy as np

from .callbacks import Callback as _Base

_NOT_LOGGED = ("batch", "size", "num_steps")


class TensorBoard(_Base):
    """>>> model.fit(x, y, callbacks=[tf.keras.callbacks.TensorBoard(log_dir='logs/run-1')])"""

    def __init__(self, log_dir="./logs", histogram_freq=0, batch_size=32, write_graph=True, write_grads=False,
                 write_images=False, embeddings_freq=0, embeddings_layer_names=None, embeddings_metadata=None,
                 embeddings_data=None, update_freq="epoch", profile_batch=2):
        super().__init__()
        if write_grads or write_images or embeddings_freq:
            raise NotImplementedError("TensorBoard(write_grads=, write_images=, embeddings_freq=) are not provided "
                                      "by jupyter_flow; log scalars, the graph and weight histograms instead")
        self.log_dir, self.histogram_freq, self.write_graph = str(log_dir), histogram_freq, write_graph
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.writer, self._histograms = None, None
        self._samples_seen = self._samples_at_last_write = self._batches_seen = 0

    def set_model(self, model):
        import jupyter_flow as tf
        self.model = model
        graph = tf.get_default_graph()
        if self.histogram_freq and self._histograms is None:
            with graph.name_scope(None):
                self._histograms = tf.summary.merge([tf.summary.histogram(w.name.replace(":", "_"), w)
                                                     for w in model.weights])
        if self.writer is None:
            self.writer = tf.summary.FileWriter(self.log_dir, graph if self.write_graph else None)

    def _write_scalars(self, step, logs):
        from ..summary.protos import Summary
        values = [Summary.Value(tag=name, simple_value=float(value)) for name, value in logs.items()
                  if name not in _NOT_LOGGED and np.ndim(value) == 0]
        self.writer.add_summary(Summary(value=values), step)

    def on_batch_end(self, batch, logs=None):
        if self.update_freq != "epoch":
            logs = logs or {}
            self._samples_seen += logs.get("size", 1)
            if self._samples_seen - self._samples_at_last_write >= self.update_freq:
                self._write_scalars(self._batches_seen, {"batch_" + k: v for k, v in logs.items()
                                                         if k not in _NOT_LOGGED})
                self._samples_at_last_write = self._samples_seen
        self._batches_seen += 1

    def on_epoch_end(self, epoch, logs=None):
        from ..keras.engine.session_access import session
        logs = {"epoch_" + k: v for k, v in (logs or {}).items()}
        self._write_scalars(epoch if self.update_freq == "epoch" else self._samples_seen, logs)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self.writer.add_summary(session(self.model.weights).run(self._histograms), epoch)
        self.writer.flush()

    def on_train_end(self, logs=None):
        self.writer.close()
        self.writer = None


class CSVLogger(_Base):
    """One row per epoch: epoch, then the logs in sorted order (a header first, unless appending)."""

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.filename, self.sep, self.append = str(filename), separator, append
        self.keys, self._file, self._writer = None, None, None

    def on_train_begin(self, logs=None):
        import os
        self._has_header = self.append and os.path.exists(self.filename) and os.path.getsize(self.filename) > 0
        self._file = open(self.filename, "a" if self.append else "w", newline="")  # noqa: SIM115
        self._writer = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
        if self._writer is None:
            self._writer = csv.DictWriter(self._file, fieldnames=["epoch"] + self.keys, delimiter=self.sep,
                                          lineterminator="\n")
            if not self._has_header:
                self._writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, logs.get(key, "NA")) for key in self.keys)
        self._writer.writerow(row)
        self._file.flush()

    def on_train_end(self, logs=None):
        self._file.close()
        self._writer = None


class TerminateOnNaN(_Base):
    """Stops training at the first batch whose loss is NaN or infinite."""

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and (math.isnan(loss) or math.isinf(loss)):
            print(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True
