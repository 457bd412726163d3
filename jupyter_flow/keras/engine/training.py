"""tf.keras.Model's training half: compile() records the loss, metrics and optimizer; the graph of targets,
weighted losses, metrics and the train op is built once per input source (training_graph.py): on the model's Input
placeholders for NumPy arrays, on the iterator's tensors for a tf.data dataset. fit/evaluate/predict then run one
Session.run per batch (train op, loss and metrics in one fetch), with the learning phase 1 while training and 0
otherwise."""
import numpy as np

import jupyter_flow as tf

from .. import optimizers
from . import training_arrays, training_dataset, training_graph
from .functional import Network, _flat
from .session_access import learning_phase_feed, session


def class_weights_as_sample_weights(y, class_weight):
    """Per-sample weights from {class: weight}: the class of a one-hot row is its argmax (as Keras)."""
    y = np.asarray(y)
    classes = np.argmax(y, axis=-1) if y.ndim > 1 and y.shape[-1] > 1 else y.reshape(len(y), -1)[:, 0]
    return np.asarray([class_weight.get(int(c), 1.0) for c in classes], np.float32)


def sample_weights_for(y, sample_weight, class_weight):
    if sample_weight is not None:
        return np.asarray(sample_weight, np.float32)
    if class_weight:
        first = _flat(y)[0] if isinstance(y, (list, tuple)) else y
        return class_weights_as_sample_weights(first, class_weight)
    return None


class Model(Network):
    """A Keras model: Model(inputs, outputs), or a subclass defining call()."""

    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None, sample_weight_mode=None,
                weighted_metrics=None, target_tensors=None, **kwargs):
        if loss is None:
            raise ValueError("compile(): give a loss, e.g. loss='mse' or loss='categorical_crossentropy'")
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self._compile_metrics = list(metrics or [])
        self._loss_weights = loss_weights
        self._array_graph = None
        self._dataset_graphs = {}
        self.metrics_names = None
        if self.built:
            self._build_training_graph()

    def _ensure_built(self, x):
        if self.built:
            return
        arrays = x if isinstance(x, (list, tuple)) else [x]
        inputs = [tf.placeholder(tf.float32, [None] + list(np.shape(a)[1:]), name="input") for a in arrays]
        self._build_subclassed(inputs[0] if len(inputs) == 1 else inputs)

    def _build_training_graph(self):
        """The graph on the Input placeholders, fed NumPy arrays (targets and sample weights are placeholders)."""
        targets = [tf.placeholder(out.dtype, name=f"{out.op.name}_target") for out in self.outputs]
        weights = [tf.placeholder(tf.float32, [None], name=f"{out.op.name.split('/')[0]}_sample_weights")
                   for out in self.outputs]
        self._array_graph = training_graph.build(self, self.inputs, self.outputs, targets, weights)
        self._note_optimizer_variables()

    def _note_optimizer_variables(self):
        weights = set(self.weights)
        self._optimizer_variables = [v for v in tf.global_variables() if v not in weights]

    @property
    def _train_fetches(self):
        return self._array_graph.train

    @property
    def _test_fetches(self):
        return self._array_graph.test

    @property
    def targets(self):
        return self._array_graph.targets

    def _require_compiled(self):
        if not hasattr(self, "optimizer"):
            raise RuntimeError("You must compile your model before training/testing. Use `model.compile(optimizer, "
                               "loss)`.")

    def _ready(self, x):
        self._ensure_built(x)
        self._require_compiled()
        if self._array_graph is None:
            self._build_training_graph()
        return session(self.weights + self._optimizer_variables)

    def _feed(self, x, y=None, training=False, sample_weight=None):
        feed = dict(zip(self.inputs, _flat(x) if isinstance(x, (list, tuple)) else [x]))
        if y is not None:
            graph = self._array_graph
            ys = _flat(y) if isinstance(y, (list, tuple)) else [y]
            for target, weight, value in zip(graph.targets, graph.sample_weights, ys):
                value = np.asarray(value)
                feed[target] = value
                feed[weight] = np.ones(len(value), np.float32) if sample_weight is None else sample_weight
        feed.update(learning_phase_feed(1 if training else 0))
        return feed

    # -- one batch -----------------------------------------------------------------------------------------------
    def train_on_batch(self, x, y, sample_weight=None, class_weight=None, reset_metrics=True):
        sess = self._ready(x)
        weights = sample_weights_for(y, sample_weight, class_weight)
        outs = sess.run(self._train_fetches, self._feed(x, y, True, weights))[1:]
        return outs[0] if len(outs) == 1 else [float(v) for v in outs]

    def test_on_batch(self, x, y, sample_weight=None, reset_metrics=True):
        sess = self._ready(x)
        outs = sess.run(self._test_fetches, self._feed(x, y, False, sample_weights_for(y, sample_weight, None)))
        return outs[0] if len(outs) == 1 else [float(v) for v in outs]

    def predict_on_batch(self, x):
        self._ensure_built(x)
        outs = session(self.weights).run(self.outputs, self._feed(x))
        return outs[0] if len(outs) == 1 else outs

    # -- whole arrays, datasets, generators ----------------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None, validation_split=0.0,
            validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
            steps_per_epoch=None, validation_steps=None, **kwargs):
        if training_dataset.is_step_source(x):
            if sample_weight is not None:
                raise ValueError("fit(dataset, sample_weight=...): a dataset carries its sample weights as the "
                                 "third item of its elements, (x, y, sample_weight)")
            return training_dataset.fit(self, x, epochs, verbose, callbacks or [], validation_data,
                                        steps_per_epoch, validation_steps, initial_epoch, class_weight)
        if steps_per_epoch is not None:
            raise ValueError("fit(steps_per_epoch=...) is for a tf.data dataset or a generator of batches; with "
                             "NumPy arrays give batch_size instead")
        self._ready(x)
        weights = sample_weights_for(y, sample_weight, class_weight)
        return training_arrays.fit_loop(self, x, y, batch_size or 32, epochs, verbose, callbacks or [],
                                        validation_split, validation_data, shuffle, initial_epoch, weights)

    fit_generator = fit

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1, sample_weight=None, steps=None, callbacks=None):
        if training_dataset.is_step_source(x):
            outs = training_dataset.evaluate(self, x, steps)
        else:
            sess = self._ready(x)
            outs = training_arrays.batched_means(sess, self._test_fetches, self, x, y, batch_size or 32,
                                                 sample_weight=sample_weights_for(y, sample_weight, None))
        return outs[0] if len(outs) == 1 else outs

    def predict(self, x, batch_size=None, verbose=0, steps=None, callbacks=None):
        if training_dataset.is_step_source(x):
            return training_dataset.predict(self, x, steps)
        self._ensure_built(x)
        sess = session(self.weights)
        return training_arrays.batched_outputs(sess, self, x, batch_size or 32)

    # -- learning rate (ReduceLROnPlateau) -----------------------------------------------------------------------
    def get_learning_rate(self):
        rate = self.optimizer._hyper.get("learning_rate") if hasattr(self.optimizer, "_hyper") else None
        if isinstance(rate, tf.Variable):
            return float(session([rate]).run(rate))
        return float(getattr(self.optimizer, "learning_rate", rate))

    def set_learning_rate(self, value):
        rate = self.optimizer._hyper.get("learning_rate")
        if not isinstance(rate, tf.Variable):
            raise ValueError("this optimizer's learning rate is a constant in the graph; build the optimizer with "
                             "a tf.Variable learning rate to change it during training")
        rate.load(value, session([rate]))
