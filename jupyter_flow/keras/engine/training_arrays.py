"""The loops of fit/evaluate/predict over NumPy arrays: batches of indices, one Session.run per batch, epoch
values averaged over samples (so the last, smaller batch counts for its size, as in Keras)."""
import sys
import time

import numpy as np

from ..callbacks import CallbackList, History


def _arrays(value):
    return [np.asarray(a) for a in value] if isinstance(value, (list, tuple)) else [np.asarray(value)]


def _take(arrays, index):
    picked = [a[index] for a in arrays]
    return picked[0] if len(picked) == 1 else picked


def _split(x, y, validation_split, sample_weight):
    xs, ys = _arrays(x), _arrays(y)
    n = len(xs[0])
    cut = int(n * (1.0 - validation_split))
    head, tail = np.arange(cut), np.arange(cut, n)
    weights = None if sample_weight is None else sample_weight[head]
    return (_take(xs, head), _take(ys, head)), (_take(xs, tail), _take(ys, tail)), weights


def _weights_of(sample_weight, index):
    return None if sample_weight is None else sample_weight[index]


def batched_means(sess, fetches, model, x, y, batch_size, training=False, order=None, sample_weight=None):
    """Sample-weighted means of `fetches` (skipping a leading train op) over the batches of x, y."""
    xs, ys = _arrays(x), _arrays(y)
    n = len(xs[0])
    order = np.arange(n) if order is None else order
    skip = 1 if training else 0
    totals = None
    for start in range(0, n, batch_size):
        index = order[start:start + batch_size]
        feed = model._feed(_take(xs, index), _take(ys, index), training, _weights_of(sample_weight, index))
        values = sess.run(fetches, feed)[skip:]
        values = np.array(values, dtype=np.float64) * len(index)
        totals = values if totals is None else totals + values
    return [float(v) for v in totals / n]


def batched_outputs(sess, model, x, batch_size):
    xs = _arrays(x)
    n = len(xs[0])
    chunks = [sess.run(model.outputs, model._feed(_take(xs, np.arange(s, min(s + batch_size, n)))))
              for s in range(0, n, batch_size)]
    outs = [np.concatenate([c[i] for c in chunks]) for i in range(len(model.outputs))]
    return outs[0] if len(outs) == 1 else outs


def _log_text(logs):
    return " - ".join(f"{k}: {v:.4f}" for k, v in logs.items())


def fit_loop(model, x, y, batch_size, epochs, verbose, callbacks, validation_split, validation_data, shuffle,
             initial_epoch, sample_weight=None):
    if validation_data is None and validation_split:
        (x, y), validation_data, sample_weight = _split(x, y, validation_split, sample_weight)
    val_source = None
    if validation_data is not None:
        from .training_dataset import is_step_source
        if is_step_source(validation_data):
            val_source = validation_data
        else:
            val_x, val_y = validation_data[0], validation_data[1]
            val_weights = validation_data[2] if len(validation_data) > 2 else None
    sess = model._ready(x)
    n = len(_arrays(x)[0])
    history = History()
    params = {"batch_size": batch_size, "epochs": epochs, "samples": n, "verbose": verbose,
              "metrics": model.metrics_names + ["val_" + m for m in model.metrics_names]}
    hooks = CallbackList([history] + list(callbacks), model, params)
    model.stop_training = False
    if verbose:
        extra = f", validate on {len(_arrays(val_x)[0])} samples" if validation_data is not None and \
            val_source is None else ""
        print(f"Train on {n} samples{extra}")
    hooks.on_train_begin()
    for epoch in range(initial_epoch, epochs):
        hooks.on_epoch_begin(epoch, {})
        began = time.time()
        order = np.random.permutation(n) if shuffle else np.arange(n)
        if callbacks:
            values = _epoch_with_batch_hooks(sess, model, x, y, batch_size, order, hooks, sample_weight)
        else:
            values = batched_means(sess, model._train_fetches, model, x, y, batch_size, training=True, order=order,
                                   sample_weight=sample_weight)
        logs = dict(zip(model.metrics_names, values))
        if val_source is not None:
            from .training_dataset import evaluate
            val = evaluate(model, val_source, None)
            logs.update(("val_" + k, v) for k, v in zip(model.metrics_names, val))
        elif validation_data is not None:
            val = batched_means(sess, model._test_fetches, model, val_x, val_y, batch_size,
                                sample_weight=None if val_weights is None else np.asarray(val_weights, np.float32))
            logs.update(("val_" + k, v) for k, v in zip(model.metrics_names, val))
        if verbose:
            seconds = time.time() - began
            print(f"Epoch {epoch + 1}/{epochs}")
            bar = "[==============================] " if verbose == 1 else ""
            print(f"{n}/{n} {bar}- {seconds:.0f}s {seconds / max(n, 1) * 1e6:.0f}us/sample - {_log_text(logs)}")
            sys.stdout.flush()
        hooks.on_epoch_end(epoch, logs)
        if model.stop_training:
            break
    hooks.on_train_end()
    model.history = history
    return history


def _epoch_with_batch_hooks(sess, model, x, y, batch_size, order, hooks, sample_weight):
    xs, ys = _arrays(x), _arrays(y)
    n = len(order)
    totals = None
    for batch, start in enumerate(range(0, n, batch_size)):
        index = order[start:start + batch_size]
        hooks.on_batch_begin(batch, {"batch": batch, "size": len(index)})
        feed = model._feed(_take(xs, index), _take(ys, index), True, _weights_of(sample_weight, index))
        values = sess.run(model._train_fetches, feed)[1:]
        batch_logs = {"batch": batch, "size": len(index)}
        batch_logs.update((k, float(v)) for k, v in zip(model.metrics_names, values))
        hooks.on_batch_end(batch, batch_logs)
        values = np.array(values, dtype=np.float64) * len(index)
        totals = values if totals is None else totals + values
        seen = start + len(index)
        if model.stop_training:  # a callback (TerminateOnNaN) stops within the epoch, as in Keras
            break
    return [float(v) for v in totals / seen]
