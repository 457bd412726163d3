"""fit/evaluate/predict on a tf.data dataset or a Python generator of batches, step by step (as TF1 Keras).

A dataset yields x, (x, y) or (x, y, sample_weight); the model's training graph is built once per dataset on its
iterator's get_next() tensors, so each step is one Session.run of the train op with the dataset feeding the graph.
The iterator restarts at each fit/evaluate/predict call, and at each epoch when steps_per_epoch is not given (the
epoch is then one pass over the dataset). With steps_per_epoch, a dataset that runs out stops training with a
warning, as TF1 does. Epoch values: the loss is the mean over steps, the metrics the mean over samples (TF1's
stateful metrics); a generator yields (x, y) or (x, y, sample_weight) NumPy batches, fed to the array graph."""
import sys
import time
import warnings

import numpy as np

import jupyter_flow as tf

from ..callbacks import CallbackList, History
from . import training_graph
from .functional import _flat
from .session_access import learning_phase_feed, session


def is_step_source(value):
    return hasattr(value, "make_initializable_iterator") or (hasattr(value, "__next__") and
                                                             not isinstance(value, (list, tuple, np.ndarray)))


def _repeats_forever(dataset):
    from ...framework.tensor_util import constant_value
    kind = getattr(dataset, "_kind", None)
    if kind == "Repeat":
        count = constant_value(dataset._params[0])
        return count is not None and int(count) < 0
    if kind in ("Batch", "PaddedBatch", "Map", "Prefetch", "Shuffle", "Filter", "Skip", "Cache"):
        return _repeats_forever(dataset._inputs[0])
    return False


def _split_element(element):
    if isinstance(element, tuple) and 1 <= len(element) <= 3:
        return (list(element) + [None, None])[:3]
    return element, None, None


def _unrecorded_layers(model):
    """Every layer whose node lists a pass on new tensors grows (nested models' layers too)."""
    found, stack = [], list(model.layers)
    while stack:
        layer = stack.pop()
        found.append(layer)
        if hasattr(layer, "_graph_layers") or hasattr(layer, "_tracked_layers"):
            stack.extend(layer.layers)
    return found


def _apply_unrecorded(model, features):
    """The model's outputs on `features`, without recording the pass as a node of its layers: training on a
    dataset is not a use of the model in a new functional graph (summary() stays as it was)."""
    layers = _unrecorded_layers(model)
    sizes = [(layer, len(layer._inbound_nodes), len(layer._outbound_nodes)) for layer in layers
             if hasattr(layer, "_inbound_nodes")]
    try:
        return _flat(model.call(features))
    finally:
        for layer, inbound, outbound in sizes:
            del layer._inbound_nodes[inbound:]
            del layer._outbound_nodes[outbound:]


def _class_weight_tensor(y, class_weight):
    """Each sample's weight class_weight[its class] (the argmax of a one-hot row), as a graph tensor."""
    table = tf.constant([float(class_weight.get(c, 1.0)) for c in range(int(max(class_weight)) + 1)], tf.float32)
    one_hot = y.shape.ndims is not None and y.shape.ndims > 1 and y.shape[-1].value not in (None, 1)
    classes = tf.argmax(y, axis=-1) if one_hot else tf.cast(tf.reshape(y, [-1]), tf.int32)
    return tf.gather(table, classes)


class DatasetSource:
    """One dataset's iterator and the model's graph on its tensors."""

    def __init__(self, model, dataset, class_weight=None):
        self.dataset = dataset
        self.iterator = dataset.make_initializable_iterator()
        x, y, weights = _split_element(self.iterator.get_next())
        if class_weight and weights is None and y is not None:
            weights = _class_weight_tensor(_flat(y)[0] if isinstance(y, (list, tuple)) else y, class_weight)
        self.features = _flat(x) if isinstance(x, (list, tuple)) else [x]
        _build_on(model, self.features)
        self.outputs = _apply_unrecorded(model, self.features[0] if len(self.features) == 1 else self.features)
        self.graph = None
        if y is not None and hasattr(model, "optimizer"):
            targets = _flat(y) if isinstance(y, (list, tuple)) else [y]
            self.graph = training_graph.build(model, self.features, self.outputs, targets,
                                              [weights] * len(self.outputs))
            model._note_optimizer_variables()
        self.batch_size = tf.shape(self.outputs[0])[0]

    def restart(self, sess):
        sess.run(self.iterator.initializer)

    def step(self, sess, mode):
        if mode == "predict":
            return sess.run(self.outputs, learning_phase_feed(0))
        if self.graph is None:
            raise ValueError(f"{mode}: the dataset yields only inputs, but training and evaluating need "
                             f"(inputs, targets) elements; e.g. tf.data.Dataset.from_tensor_slices((x, y))")
        fetches = self.graph.train if mode == "train" else self.graph.test
        values = sess.run(fetches + [self.graph.batch_size], learning_phase_feed(1 if mode == "train" else 0))
        return values[1:] if mode == "train" else values


class GeneratorSource:
    """A Python iterator of NumPy batches, fed to the model's graph on its Input placeholders."""

    def __init__(self, model, generator, class_weight=None):
        self.generator = generator
        self.model = model
        self.class_weight = class_weight

    def restart(self, sess):
        pass

    def step(self, sess, mode):
        try:
            batch = next(self.generator)
        except StopIteration:
            raise tf.errors.OutOfRangeError(None, None, "the generator is exhausted") from None
        x, y, weights = _split_element(tuple(batch) if isinstance(batch, (list, tuple)) else batch)
        model = self.model
        if self.class_weight and weights is None and y is not None:
            from .training import sample_weights_for
            weights = sample_weights_for(y, None, self.class_weight)
        if mode == "predict":
            return sess.run(model.outputs, model._feed(x))
        sess = model._ready(x)
        fetches = model._train_fetches if mode == "train" else model._test_fetches
        size = len(_flat(x)[0]) if isinstance(x, (list, tuple)) else len(x)
        values = sess.run(fetches, model._feed(x, y, mode == "train", weights))
        return (values[1:] if mode == "train" else values) + [size]


def _build_on(model, features):
    if model.built:
        return
    if hasattr(model, "_start"):  # a Sequential without an input shape: its Input takes the dataset's shape
        from .input_layer import Input
        model._start([Input(batch_shape=tuple(features[0].shape.as_list()))])
    else:
        model._build_subclassed(features[0] if len(features) == 1 else features)


def source_for(model, value, class_weight=None):
    """The step source of a dataset (its graph made once per dataset and class_weight) or a generator."""
    if not hasattr(value, "make_initializable_iterator"):
        return GeneratorSource(model, value, class_weight)
    cache = model.__dict__.setdefault("_dataset_graphs", {})
    key = (id(value), tuple(sorted(class_weight.items()))) if class_weight else id(value)
    source = cache.get(key)
    if source is None or source.dataset is not value or (source.graph is None and hasattr(model, "optimizer")):
        source = cache[key] = DatasetSource(model, value, class_weight)
    return source


def _steps_or_pass(source, steps, what):
    if steps is None and isinstance(source, DatasetSource) and _repeats_forever(source.dataset):
        raise ValueError(f"When passing an infinitely repeating dataset, you must specify the `{what}` argument.")
    if steps is None and isinstance(source, GeneratorSource):
        raise ValueError(f"When passing a generator, you must specify the `{what}` argument.")
    return np.inf if steps is None else steps


def run_epoch(sess, source, mode, steps, hooks=None, names=()):
    """(epoch values, steps run, ran out early) over up to `steps` steps (np.inf: until the data ends)."""
    rows, step = [], 0
    while step < steps:
        if hooks is not None:
            hooks.on_batch_begin(step, {"batch": step, "size": 1})
        try:
            values = source.step(sess, mode)
        except tf.errors.OutOfRangeError:
            return rows, step, steps != np.inf
        rows.append(values)
        if hooks is not None:
            logs = {"batch": step, "size": int(values[-1])}
            logs.update((k, float(v)) for k, v in zip(names, values[:-1]))
            hooks.on_batch_end(step, logs)
        step += 1
        if mode == "train" and getattr(hooks, "model", None) is not None and hooks.model.stop_training:
            break
    return rows, step, False


def epoch_means(rows):
    """The loss averaged over steps, the other values over samples."""
    if not rows:
        return []
    table = np.array(rows, dtype=np.float64)
    sizes = table[:, -1]
    means = [float(table[:, 0].mean())]
    means += [float((table[:, i] * sizes).sum() / sizes.sum()) for i in range(1, table.shape[1] - 1)]
    return means


def _out_of_data(steps, epochs, what):
    warnings.warn(f"Your dataset ran out of data; interrupting training. Make sure that your dataset can generate "
                  f"at least `{what} * epochs` batches (in this case, {steps * epochs} batches). You may need to use "
                  f"the repeat() function when building your dataset.", stacklevel=3)


def fit(model, x, epochs, verbose, callbacks, validation_data, steps_per_epoch, validation_steps, initial_epoch,
        class_weight=None):
    model._require_compiled()
    source = source_for(model, x, class_weight)
    steps = _steps_or_pass(source, steps_per_epoch, "steps_per_epoch")
    sess = session(model.weights + model._optimizer_variables)
    history = History()
    params = {"batch_size": None, "epochs": epochs, "steps": steps_per_epoch, "samples": steps_per_epoch,
              "verbose": verbose, "metrics": list(model.metrics_names or [])}
    hooks = CallbackList([history] + list(callbacks), model, params)
    model.stop_training = False
    source.restart(sess)
    hooks.on_train_begin()
    for epoch in range(initial_epoch, epochs):
        hooks.on_epoch_begin(epoch, {})
        began = time.time()
        rows, done, ran_out = run_epoch(sess, source, "train", steps, hooks if callbacks else None,
                                        model.metrics_names)
        if ran_out:
            model.stop_training = True
            _out_of_data(steps_per_epoch, epochs, "steps_per_epoch")
        logs = dict(zip(model.metrics_names, epoch_means(rows)))
        if validation_data is not None and not model.stop_training:
            val = _validate(model, validation_data, validation_steps)
            logs.update(("val_" + k, v) for k, v in zip(model.metrics_names, val))
        if verbose:
            seconds = time.time() - began
            print(f"Epoch {epoch + 1}/{epochs}")
            text = " - ".join(f"{k}: {v:.4f}" for k, v in logs.items())
            print(f"{done}/{done} - {seconds:.0f}s {seconds / max(done, 1) * 1e3:.0f}ms/step - {text}")
            sys.stdout.flush()
        hooks.on_epoch_end(epoch, logs)
        if model.stop_training:
            break
        if steps_per_epoch is None and epoch < epochs - 1:
            source.restart(sess)
    hooks.on_train_end()
    model.history = history
    return history


def _validate(model, validation_data, validation_steps):
    if is_step_source(validation_data):
        return evaluate(model, validation_data, validation_steps)
    from .training_arrays import batched_means
    val_x, val_y = validation_data[0], validation_data[1]
    weights = validation_data[2] if len(validation_data) > 2 else None
    return batched_means(model._ready(val_x), model._test_fetches, model, val_x, val_y, 32,
                         sample_weight=None if weights is None else np.asarray(weights, np.float32))


def evaluate(model, x, steps):
    model._require_compiled()
    source = source_for(model, x)
    sess = session(model.weights + model._optimizer_variables)
    source.restart(sess)
    rows, _, _ = run_epoch(sess, source, "test", _steps_or_pass(source, steps, "steps"))
    return epoch_means(rows)


def predict(model, x, steps):
    source = source_for(model, x)
    sess = session(model.weights)
    source.restart(sess)
    rows, _, _ = run_epoch(sess, source, "predict", _steps_or_pass(source, steps, "steps"))
    if not rows:
        raise ValueError("predict: the dataset yielded no batch")
    outs = [np.concatenate([row[i] for row in rows]) for i in range(len(rows[0]))]
    return outs[0] if len(outs) == 1 else outs
