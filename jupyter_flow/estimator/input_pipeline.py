"""Calling an input_fn inside the Estimator's graph and turning what it returns into
(features, labels) tensors plus what each step needs: the numpy feeders' feed dicts, or a
Dataset iterator's initializer (TF1's parse_input_fn_result)."""
import inspect

from .inputs.feeding import graph_feeders, next_feed


def _accepted_kwargs(fn, candidates):
    try:
        parameters = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {}
    return {k: v for k, v in candidates.items() if k in parameters}


class InputPipeline:
    """(features, labels) of one input_fn call, and how to feed/initialize them in a session."""

    def __init__(self, graph, input_fn, mode, params, config):
        if not callable(input_fn):
            raise TypeError(f"input_fn must be a function returning (features, labels) or a Dataset, "
                            f"got {type(input_fn).__name__}; pass the function itself, not its result.")
        result = input_fn(**_accepted_kwargs(input_fn, {"mode": mode, "params": params, "config": config}))
        self._initializers = []
        if hasattr(result, "make_initializable_iterator") or hasattr(result, "make_one_shot_iterator"):
            result = self._from_dataset(result)
        if isinstance(result, (tuple, list)):
            if len(result) != 2:
                raise ValueError(f"input_fn returned a {len(result)}-tuple; return (features, labels) or features")
            self.features, self.labels = result
        else:
            self.features, self.labels = result, None
        self._feeders = graph_feeders(graph)

    def _from_dataset(self, dataset):
        if hasattr(dataset, "make_initializable_iterator"):
            iterator = dataset.make_initializable_iterator()
            self._initializers.append(iterator.initializer)
        else:
            iterator = dataset.make_one_shot_iterator()
        return iterator.get_next()

    def initialize(self, sess):
        for op in self._initializers:
            sess.run(op)

    def feed(self):
        """This step's feed dict (raises OutOfRangeError when a numpy_input_fn is used up)."""
        return next_feed(self._feeders) if self._feeders else None


def call_model_fn(model_fn, features, labels, mode, params, config):
    """model_fn(features, labels, mode, params, config), passing only the arguments it takes."""
    from .model_fn import EstimatorSpec
    parameters = inspect.signature(model_fn).parameters
    kwargs = {}
    if "labels" in parameters:
        kwargs["labels"] = labels
    elif labels is not None:
        raise ValueError("model_fn does not take labels, but input_fn returns labels.")
    if "mode" in parameters:
        kwargs["mode"] = mode
    if "params" in parameters:
        kwargs["params"] = params
    if "config" in parameters:
        kwargs["config"] = config
    spec = model_fn(features=features, **kwargs)
    if not isinstance(spec, EstimatorSpec):
        raise ValueError(f"model_fn should return an EstimatorSpec. Given: {type(spec).__name__}")
    return spec


def check_model_fn(model_fn):
    if model_fn is None or not callable(model_fn):
        raise ValueError(f"model_fn must be provided to Estimator (a function (features, labels, mode, params) -> "
                         f"EstimatorSpec), got {model_fn!r}")
    parameters = inspect.signature(model_fn).parameters
    if "features" not in parameters:
        raise ValueError(f"model_fn ({model_fn}) must include features argument.")
    unknown = set(parameters) - {"features", "labels", "mode", "params", "config", "self"}
    if unknown and not any(p.kind == p.VAR_KEYWORD for p in parameters.values()):
        raise ValueError(f"model_fn ({model_fn}) has following not expected args: {sorted(unknown)}")
