"""numpy_input_fn: an input_fn over in-memory NumPy arrays (TF1's defaults: batch_size=128,
num_epochs=1, shuffle given explicitly)."""
import numpy as np

from ...framework import dtypes
from ...framework.graph import get_default_graph, name_scope
from ...ops.array_ops import placeholder
from .feeding import BatchFeeder, register_feeder


def _as_arrays(value, what):
    if isinstance(value, dict):
        if not value:
            raise ValueError(f"{what} cannot be an empty dict")
        return {k: np.asarray(v) for k, v in value.items()}, True
    return np.asarray(value), False


def _placeholder_for(array, name):
    dtype = dtypes.as_dtype(array.dtype)
    return placeholder(dtype, shape=[None] + list(array.shape[1:]), name=name)


def numpy_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000, num_threads=1):
    """An input_fn giving (features, labels) batches of `x` (a dict of arrays, or one array) and `y`.

    >>> input_fn = tf.estimator.inputs.numpy_input_fn({"X": X_train}, y_train, batch_size=50, num_epochs=None,
    ...                                                shuffle=True)
    """
    if not isinstance(shuffle, bool):
        raise ValueError(f"shuffle must be provided explicitly as a bool, not {shuffle!r}")
    if not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
        raise ValueError(f"batch_size must be a positive int, given {batch_size!r}")
    if num_epochs is not None and (not isinstance(num_epochs, (int, np.integer)) or num_epochs <= 0):
        raise ValueError(f"num_epochs must be None (repeat forever) or a positive int, given {num_epochs!r}")
    features, x_is_dict = _as_arrays(x, "x")
    labels, y_is_dict = (None, False) if y is None else _as_arrays(y, "y")
    if x_is_dict and y_is_dict and set(features) & set(labels):
        raise ValueError(f"{sorted(set(features) & set(labels))} duplicate keys are found in both x and y")

    def input_fn():
        arrays = {}
        with name_scope("numpy_input_fn"):
            def make(value, name):
                p = _placeholder_for(value, name)
                arrays[p] = value
                return p
            feature_tensors = ({k: make(v, str(k)) for k, v in features.items()} if x_is_dict
                               else make(features, "x"))
            if labels is None:
                label_tensors = None
            elif y_is_dict:
                label_tensors = {k: make(v, str(k)) for k, v in labels.items()}
            else:
                label_tensors = make(labels, "y")
        # a graph seed (RunConfig(tf_random_seed=...)) makes the shuffling repeatable, as TF1's queue was
        seed = getattr(get_default_graph(), "seed", None)
        register_feeder(BatchFeeder(arrays, batch_size, num_epochs, shuffle, seed=seed))
        return feature_tensors if label_tensors is None else (feature_tensors, label_tensors)

    return input_fn
