"""tf.estimator.Estimator: a model_fn plus a model_dir. Each train/evaluate/predict call builds a
fresh graph (input_fn, then model_fn for that mode), restores the newest checkpoint of model_dir and
runs; training resumes where the last checkpoint left off, as in TF1."""
import copy
import logging
import os
import tempfile

import numpy as np

from ..client.session import Session
from ..framework import errors
from ..framework.graph import Graph
from ..metrics import mean as metric_mean
from ..ops.random_ops import set_random_seed
from ..summary import FileWriter, summary_proto
from ..train.checkpoint_format import read_checkpoint_values
from ..train.checkpoint_state import latest_checkpoint
from ..train.saver import Saver
from ..train.training_util import get_or_create_global_step
from .input_pipeline import InputPipeline, call_model_fn, check_model_fn
from .model_fn import LOSS_METRIC_KEY, ModeKeys
from .run_config import RunConfig
from .training import restore_or_initialize, run_training
from ..train.warm_starting_util import as_warm_start_settings, warm_start

log = logging.getLogger("tensorflow")


class Estimator:
    """Train, evaluate and predict with `model_fn(features, labels, mode, params, config)`.

    >>> estimator = tf.estimator.Estimator(model_fn=my_model_fn, model_dir="/tmp/model", params={"units": 10})
    >>> estimator.train(input_fn=train_input_fn, steps=1000); estimator.evaluate(input_fn=eval_input_fn)
    """

    def __init__(self, model_fn, model_dir=None, config=None, params=None, warm_start_from=None):
        check_model_fn(model_fn)
        if config is None:
            config = RunConfig()
        elif not isinstance(config, RunConfig):
            raise ValueError(f"config must be an instance of `RunConfig`, but provided {config}.")
        self._warm_start_settings = as_warm_start_settings(warm_start_from)
        if model_dir is not None and config.model_dir is not None and \
                os.path.abspath(model_dir) != os.path.abspath(config.model_dir):
            raise ValueError(f"model_dir are set both in constructor and `RunConfig`, but with different values. In "
                             f"constructor: '{model_dir}', in `RunConfig`: '{config.model_dir}' ")
        model_dir = model_dir or config.model_dir
        if model_dir is None:
            model_dir = tempfile.mkdtemp()
            log.warning("Using temporary folder as model directory: %s", model_dir)
        model_dir = os.fspath(model_dir)
        os.makedirs(model_dir, exist_ok=True)
        self._model_fn = model_fn
        self._model_dir = model_dir
        self._config = config.replace(model_dir=model_dir)
        self._params = copy.deepcopy(params or {})

    model_dir = property(lambda self: self._model_dir)
    config = property(lambda self: self._config)
    params = property(lambda self: copy.deepcopy(self._params))
    model_fn = property(lambda self: self._model_fn)

    # ----- checkpoints --------------------------------------------------------------------------
    def latest_checkpoint(self):
        """The newest checkpoint prefix in model_dir, or None before training.

        >>> estimator.latest_checkpoint()    # '/tmp/model/model.ckpt-1000'
        """
        return latest_checkpoint(self._model_dir)

    def _checkpoint_arrays(self):
        path = self.latest_checkpoint()
        if path is None:
            raise ValueError(f"Could not find trained model in model_dir: {self._model_dir}; train first.")
        return read_checkpoint_values(path)

    def get_variable_names(self):
        """The names of the variables in the newest checkpoint.

        >>> estimator.get_variable_names()   # ['dnn/hiddenlayer_0/kernel', ..., 'global_step']
        """
        return sorted(self._checkpoint_arrays())

    def get_variable_value(self, name):
        """A variable's value in the newest checkpoint.

        >>> estimator.get_variable_value("dnn/logits/bias")
        """
        arrays = self._checkpoint_arrays()
        if name not in arrays:
            raise ValueError(f"The checkpoint has no variable '{name}'; it has {sorted(arrays)}")
        return arrays[name]

    def _global_step_of_checkpoint(self):
        try:
            return int(self._checkpoint_arrays().get("global_step", 0))
        except ValueError:
            return 0

    # ----- graphs -------------------------------------------------------------------------------
    def _build(self, input_fn, mode):
        graph = Graph()
        with graph.as_default():
            if self._config.tf_random_seed is not None:
                set_random_seed(self._config.tf_random_seed)
            global_step = get_or_create_global_step(graph)
            pipeline = InputPipeline(graph, input_fn, mode, self._params, self._config)
            labels = pipeline.labels if mode != ModeKeys.PREDICT else None
            spec = call_model_fn(self._model_fn, pipeline.features, labels, mode, self._params, self._config)
        return graph, global_step, pipeline, spec

    # ----- train / evaluate / predict -----------------------------------------------------------
    def train(self, input_fn, hooks=None, steps=None, max_steps=None, saving_listeners=None):
        """Run training steps: `steps` more of them, up to global step `max_steps`, or until the
        input_fn's data is used up. Returns self.

        >>> estimator.train(input_fn=tf.estimator.inputs.numpy_input_fn({"X": X}, y, shuffle=True), steps=500)
        """
        if steps is not None and max_steps is not None:
            raise ValueError("Can not provide both steps and max_steps.")
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        saving_listeners = list(saving_listeners or ())
        if saving_listeners and not (self._config.save_checkpoints_steps or self._config.save_checkpoints_secs):
            raise ValueError("There should be a CheckpointSaverHook to use saving_listeners. Please set one of the "
                             "RunConfig.save_checkpoints_steps or RunConfig.save_checkpoints_secs.")
        if max_steps is not None and self._global_step_of_checkpoint() >= max_steps:
            log.info("Skipping training since max_steps has already saved.")
            return self
        graph, global_step, pipeline, spec = self._build(input_fn, ModeKeys.TRAIN)
        with graph.as_default():
            if self._warm_start_settings is not None and latest_checkpoint(self._model_dir) is None:
                log.info("Warm-starting with WarmStartSettings: %s", self._warm_start_settings)
                warm_start(*self._warm_start_settings)
            loss = run_training(graph, spec, global_step, pipeline, self._config, self._model_dir, steps, max_steps,
                                hooks or (), saving_listeners)
        log.info("Loss for final step: %s.", loss)
        return self

    def evaluate(self, input_fn, steps=None, hooks=None, checkpoint_path=None, name=None):
        """Run the model_fn's eval_metric_ops (plus `loss`, the mean of the loss over batches) over
        the input, or `steps` batches of it; returns {metric: value, 'global_step': step}.

        >>> estimator.evaluate(input_fn=tf.estimator.inputs.numpy_input_fn({"X": X}, y, shuffle=False))
        """
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if hooks:
            raise NotImplementedError("Estimator.evaluate(hooks=...) is not supported")
        graph, global_step, pipeline, spec = self._build(input_fn, ModeKeys.EVAL)
        with graph.as_default():
            metrics = dict(spec.eval_metric_ops)
            if LOSS_METRIC_KEY in metrics:
                raise ValueError('Metric with name "loss" is not allowed, because Estimator already defines a '
                                 'default metric with the same name.')
            metrics[LOSS_METRIC_KEY] = metric_mean(spec.loss)
            checkpoint = checkpoint_path or self.latest_checkpoint()
            if checkpoint is None:
                log.info("Could not find trained model in model_dir: %s, running initialization to evaluate.",
                         self._model_dir)
            saver = Saver()
            with Session(graph=graph, config=self._config.session_config) as sess:
                restore_or_initialize(sess, saver, checkpoint)
                pipeline.initialize(sess)
                updates = [update for _, update in metrics.values()]
                done = 0
                while steps is None or done < steps:
                    try:
                        sess.run(updates, pipeline.feed())
                    except errors.OutOfRangeError:
                        break
                    done += 1
                results = sess.run({k: value for k, (value, _) in metrics.items()})
                results["global_step"] = int(sess.run(global_step))
        self._write_eval_summaries(results, name, graph)
        log.info("Saving dict for global step %d: %s", results["global_step"],
                 ", ".join(f"{k} = {results[k]}" for k in sorted(results)))
        return results

    def _write_eval_summaries(self, results, name, graph):
        eval_dir = os.path.join(self._model_dir, "eval" if not name else "eval_" + name)
        with FileWriter(eval_dir) as writer:
            for key, value in results.items():
                value = np.asarray(value)
                if key != "global_step" and value.shape == () and value.dtype.kind in "iuf":
                    writer.add_summary(summary_proto.scalar(key, value), results["global_step"])

    def predict(self, input_fn, predict_keys=None, hooks=None, checkpoint_path=None, yield_single_examples=True):
        """Yield the model's predictions for each example of the input (a dict per example for a
        dict of predictions), from the newest checkpoint.

        >>> for p in dnn.predict(input_fn=predict_input_fn): print(p["class_ids"], p["probabilities"])
        """
        if hooks:
            raise NotImplementedError("Estimator.predict(hooks=...) is not supported")
        checkpoint = checkpoint_path or self.latest_checkpoint()
        if checkpoint is None:
            raise ValueError(f"Could not find trained model in model_dir: {self._model_dir}.")
        graph, _, pipeline, spec = self._build(input_fn, ModeKeys.PREDICT)
        # canned heads give 'classes' (b'3') from 'class_ids' after the run: no string ops in the graph
        derived = getattr(spec, "_derived_predictions", {})
        keys = _checked_keys(spec.predictions, predict_keys, derived)
        fetch = spec.predictions
        if keys is not None:
            fetch = {k: v for k, v in spec.predictions.items() if k in keys or
                     any(k == derived[d][0] for d in keys if d in derived)}
        with graph.as_default(), Session(graph=graph, config=self._config.session_config) as sess:
            restore_or_initialize(sess, Saver(), checkpoint)
            pipeline.initialize(sess)
            while True:
                try:
                    out = sess.run(fetch, pipeline.feed())
                except errors.OutOfRangeError:
                    return
                for key, (source, fn) in derived.items():
                    if keys is None or key in keys:
                        out[key] = fn(out[source])
                if keys is not None:
                    out = {k: v for k, v in out.items() if k in keys}
                if not yield_single_examples:
                    yield out
                    continue
                yield from _single_examples(out)


def _checked_keys(predictions, predict_keys, derived):
    if predict_keys is None or not isinstance(predictions, dict):
        return None
    keys = [predict_keys] if isinstance(predict_keys, str) else list(predict_keys)
    available = set(predictions) | set(derived)
    missing = [k for k in keys if k not in available]
    if missing:
        raise ValueError(f"Expected to run at least one output from {sorted(available)}, provided {missing}.")
    return keys


def _single_examples(out):
    if not isinstance(out, dict):
        yield from out
        return
    sizes = {k: len(v) for k, v in out.items() if np.ndim(v) > 0}
    if len(set(sizes.values())) > 1:
        raise ValueError(f"Batch length of predictions should be same. {sizes}")
    for i in range(next(iter(sizes.values()), 0)):
        yield {k: v[i] for k, v in out.items()}
