"""tf.keras.Model's training half: compile() builds, once, the graph of targets, losses, metrics and the
optimizer's train op; fit/evaluate/predict then feed batches through one Session.run each (train op, loss and
metrics in one fetch), with the learning phase 1 while training and 0 otherwise."""
import numpy as np

import jupyter_flow as tf

from .. import losses as losses_module
from .. import metrics as metrics_module
from .. import optimizers
from . import training_arrays
from .functional import Network, _flat
from .session_access import learning_phase_feed, session


def _metric_name(metric, fn):
    if isinstance(metric, str):
        return "acc" if metric in ("acc", "accuracy") else fn.__name__  # TF1 names both "acc"
    return getattr(fn, "__name__", type(fn).__name__)


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
        self._train_fetches = self._test_fetches = None
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
        outputs = self.outputs
        loss_fns = self.loss if isinstance(self.loss, (list, tuple)) else [self.loss] * len(outputs)
        loss_fns = [losses_module.get(fn) for fn in loss_fns]
        weights = self._loss_weights or [1.0] * len(outputs)
        self.targets = [tf.placeholder(out.dtype, name=f"{out.op.name}_target") for out in outputs]
        self._sparse_targets = [fn is losses_module.sparse_categorical_crossentropy for fn in loss_fns]
        output_losses, metric_tensors, metric_names = [], [], []
        for out, target, fn in zip(outputs, self.targets, loss_fns):
            output_losses.append(tf.reduce_mean(fn(target, out)))
            for metric in self._compile_metrics:
                mfn = (metrics_module.accuracy_for(fn, out.shape.as_list()) if metric in ("acc", "accuracy")
                       else metrics_module.get(metric))
                metric_tensors.append(tf.reduce_mean(mfn(target, out)))
                metric_names.append(_metric_name(metric, mfn))
        total = tf.add_n([w * loss for w, loss in zip(weights, output_losses)])
        if self.losses:
            total = total + tf.add_n(list(self.losses))
        self.total_loss = total
        per_output = []
        if len(outputs) > 1:
            per_output = [f"{out.op.name.split('/')[0]}_loss" for out in outputs]
        self.metrics_names = ["loss"] + per_output + metric_names
        evaluated = [total] + (output_losses if per_output else []) + metric_tensors
        train_op = self.optimizer.minimize(total, var_list=self.trainable_weights)
        if self.updates:
            train_op = tf.group(train_op, *self.updates)
        self._train_fetches = [train_op] + evaluated
        self._test_fetches = evaluated
        self._optimizer_variables = [v for v in tf.global_variables() if v not in set(self.weights)]

    def _ready(self, x):
        self._ensure_built(x)
        if not hasattr(self, "optimizer"):
            raise RuntimeError("You must compile your model before training/testing. Use `model.compile(optimizer, "
                               "loss)`.")
        if self._train_fetches is None:
            self._build_training_graph()
        return session(self.weights + self._optimizer_variables)

    def _feed(self, x, y=None, training=False):
        feed = dict(zip(self.inputs, _flat(x) if isinstance(x, (list, tuple)) else [x]))
        if y is not None:
            ys = _flat(y) if isinstance(y, (list, tuple)) else [y]
            for target, out, sparse, value in zip(self.targets, self.outputs, self._sparse_targets, ys):
                value = np.asarray(value)
                if not sparse and value.ndim == len(out.shape.as_list()) - 1:
                    value = value[..., None]
                feed[target] = value
        feed.update(learning_phase_feed(1 if training else 0))
        return feed

    # -- one batch -----------------------------------------------------------------------------------------------
    def train_on_batch(self, x, y, sample_weight=None, class_weight=None, reset_metrics=True):
        sess = self._ready(x)
        outs = sess.run(self._train_fetches, self._feed(x, y, training=True))[1:]
        return outs[0] if len(outs) == 1 else [float(v) for v in outs]

    def test_on_batch(self, x, y, sample_weight=None, reset_metrics=True):
        sess = self._ready(x)
        outs = sess.run(self._test_fetches, self._feed(x, y))
        return outs[0] if len(outs) == 1 else [float(v) for v in outs]

    def predict_on_batch(self, x):
        self._ensure_built(x)
        outs = session(self.weights).run(self.outputs, self._feed(x))
        return outs[0] if len(outs) == 1 else outs

    # -- whole arrays --------------------------------------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None, validation_split=0.0,
            validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
            steps_per_epoch=None, validation_steps=None, **kwargs):
        if steps_per_epoch is not None or hasattr(x, "make_one_shot_iterator"):
            raise NotImplementedError("fit(): tf.data datasets and steps_per_epoch are not provided yet; pass "
                                      "NumPy arrays x, y")
        self._ready(x)
        return training_arrays.fit_loop(self, x, y, batch_size or 32, epochs, verbose, callbacks or [],
                                        validation_split, validation_data, shuffle, initial_epoch)

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1, sample_weight=None, steps=None, callbacks=None):
        sess = self._ready(x)
        outs = training_arrays.batched_means(sess, self._test_fetches, self, x, y, batch_size or 32)
        return outs[0] if len(outs) == 1 else outs

    def predict(self, x, batch_size=None, verbose=0, steps=None, callbacks=None):
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
