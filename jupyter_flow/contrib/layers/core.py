"""tf.contrib.layers' common layers: fully_connected, batch_norm, dropout and flatten, with TF1's
scope and variable names (fully_connected/weights, fully_connected/biases, BatchNorm/beta...).
They take defaults from tf.contrib.framework.arg_scope.

>>> hidden1 = fully_connected(X, 300, scope="hidden1")            # ReLU by default
>>> logits = fully_connected(hidden1, 10, activation_fn=None, scope="outputs")
"""
import numbers

from ...framework import dtypes
from ...framework.graph import GraphKeys, Tensor, get_default_graph, name_scope
from ...framework.scopes import get_variable, variable_scope
from ...layers_normalization import normalize
from ...ops import init_ops
from ...ops.array_ops import identity
from ...ops.constant_op import convert_to_tensor
from ...ops.linalg_ops import matmul
from ...ops.math_ops import cast, multiply, relu, subtract
from ...ops.sequence_ops import one_hot
from ...ops.nn_layers_ops import bias_add, dropout as _nn_dropout, flatten as _flatten
from ...ops.state_ops import global_variables
from ..framework.arg_scope import add_arg_scope
from .initializers import xavier_initializer


def _collections_for(variables_collections, kind):
    """TF1: variables_collections is a list for every variable or a dict {kind: list}."""
    if isinstance(variables_collections, dict):
        extra = variables_collections.get(kind) or []
    else:
        extra = variables_collections or []
    extra = [extra] if isinstance(extra, str) else list(extra)
    return [GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES] + extra


def _model_variable(name, shape, dtype, initializer, regularizer, trainable, collections):
    before = {id(v) for v in global_variables()}
    var = get_variable(name, shape=shape, dtype=dtype, initializer=initializer, trainable=trainable,
                       collections=collections)
    if regularizer is not None and id(var) not in before:
        with var.graph.name_scope(name + "/Regularizer"):
            penalty = regularizer(var)
        if penalty is not None:
            var.graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, penalty)
    return var


def _collect_outputs(outputs_collections, outputs, scope):
    """TF1's collect_named_outputs: `outputs` joins the collections under the alias of the layer's
    scope (a variable scope's name, or a name scope without its '/'), which
    slim.utils.convert_collection_to_dict uses as the end point's name."""
    if outputs_collections:
        from .utils import append_tensor_alias
        append_tensor_alias(outputs, getattr(scope, "name", scope))
        keys = [outputs_collections] if isinstance(outputs_collections, str) else outputs_collections
        get_default_graph().add_to_collections(keys, outputs)
    return outputs


def biases_normalizer_activation(outputs, num_outputs, normalizer_fn, normalizer_params, biases_initializer,
                                 biases_regularizer, activation_fn, trainable, variables_collections):
    """The tail fully_connected and the contrib conv layers share: <scope>/biases unless a normalizer replaces them,
    then the normalizer, then the activation."""
    if normalizer_fn is None and biases_initializer is not None:
        biases = _model_variable("biases", [num_outputs], outputs.dtype.base_dtype, biases_initializer,
                                 biases_regularizer, trainable, _collections_for(variables_collections, "biases"))
        outputs = bias_add(outputs, biases)
    if normalizer_fn is not None:
        outputs = normalizer_fn(outputs, **(normalizer_params or {}))
    if activation_fn is not None:
        outputs = activation_fn(outputs)
    return outputs


@add_arg_scope
def fully_connected(inputs, num_outputs, activation_fn=relu, normalizer_fn=None, normalizer_params=None,
                    weights_initializer=xavier_initializer(), weights_regularizer=None,
                    biases_initializer=init_ops.zeros_initializer(), biases_regularizer=None, reuse=None,
                    variables_collections=None, outputs_collections=None, trainable=True, scope=None):
    """activation_fn(normalizer_fn(inputs @ weights) or inputs @ weights + biases); variables
    <scope>/weights and <scope>/biases (no biases when a normalizer is given, as TF1).

    >>> hidden1 = fully_connected(X, 300, scope="hidden1")
    >>> bn1 = fully_connected(X, 300, normalizer_fn=batch_norm, normalizer_params={"is_training": training})
    """
    x = convert_to_tensor(inputs)
    if not isinstance(num_outputs, numbers.Integral) or num_outputs <= 0:
        raise ValueError(f"num_outputs should be a positive int, got {num_outputs!r}")
    if x.shape.ndims != 2 or x.shape[1].value is None:
        raise ValueError(f"fully_connected takes inputs of shape [batch, features] with known features, got "
                         f"{x.shape} ('{x.name}'); use tf.contrib.layers.flatten first.")
    with variable_scope(scope, default_name="fully_connected", reuse=reuse) as sc:
        weights = _model_variable("weights", [x.shape[1].value, int(num_outputs)], x.dtype.base_dtype,
                                  weights_initializer, weights_regularizer, trainable,
                                  _collections_for(variables_collections, "weights"))
        outputs = biases_normalizer_activation(matmul(x, weights), int(num_outputs), normalizer_fn, normalizer_params,
                                               biases_initializer, biases_regularizer, activation_fn, trainable,
                                               variables_collections)
    return _collect_outputs(outputs_collections, outputs, sc)


@add_arg_scope
def batch_norm(inputs, decay=0.999, center=True, scale=False, epsilon=0.001, activation_fn=None,
               param_initializers=None, param_regularizers=None, updates_collections=GraphKeys.UPDATE_OPS,
               is_training=True, reuse=None, variables_collections=None, outputs_collections=None, trainable=True,
               batch_weights=None, fused=None, data_format="NHWC", zero_debias_moving_mean=False, scope=None,
               renorm=False, renorm_clipping=None, renorm_decay=0.99, adjustment=None):
    """Batch normalization as tf.contrib.layers (scope BatchNorm, no gamma unless scale=True,
    decay 0.999); updates_collections=None applies the moving-average updates in place.

    >>> bn_params = {"is_training": training, "decay": 0.9, "updates_collections": None}
    >>> h = fully_connected(X, 100, normalizer_fn=batch_norm, normalizer_params=bn_params)
    """
    for key, value in dict(batch_weights=batch_weights, renorm=renorm, renorm_clipping=renorm_clipping,
                           adjustment=adjustment, zero_debias_moving_mean=zero_debias_moving_mean).items():
        if value not in (None, False):
            raise NotImplementedError(f"tf.contrib.layers.batch_norm does not support {key} yet; leave it at "
                                      f"its default.")
    x = convert_to_tensor(inputs)
    rank = x.shape.ndims
    if rank is None:
        raise ValueError(f"Inputs {x.name} has undefined rank.")
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError(f"data_format has to be either NCHW or NHWC, got {data_format!r}")
    axis = 1 if data_format == "NCHW" else rank - 1
    if x.shape[axis].value is None:
        raise ValueError(f"Inputs {x.name} has undefined channels dimension {x.shape}.")
    if isinstance(is_training, Tensor) and is_training.dtype.name != "bool":
        raise TypeError(f"is_training must be a Python bool or a boolean tensor, got {is_training.dtype.name}")
    initializers = dict(beta=init_ops.zeros_initializer(), gamma=init_ops.ones_initializer(),
                        moving_mean=init_ops.zeros_initializer(), moving_variance=init_ops.ones_initializer())
    initializers.update(param_initializers or {})
    with variable_scope(scope, default_name="BatchNorm", reuse=reuse) as sc:
        # TF1 takes its fused kernel for 2-D and 4-D inputs (fused=None means True).
        tf_fused = rank in (2, 4) and fused is not False
        outputs = normalize(x, axis, is_training, decay, epsilon, center, scale, initializers,
                            param_regularizers or {}, trainable, tf_fused, updates_collections=updates_collections,
                            collections_for=lambda kind: _collections_for(variables_collections, kind), beta_first=True)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
    return _collect_outputs(outputs_collections, outputs, sc)


@add_arg_scope
def dropout(inputs, keep_prob=0.5, noise_shape=None, is_training=True, outputs_collections=None, scope=None,
            seed=None):
    """Dropout with keep probability keep_prob while is_training (a bool or a bool tensor).

    >>> X_drop = dropout(X, keep_prob=0.5, is_training=training)
    """
    x = convert_to_tensor(inputs)
    with variable_scope(scope, default_name="Dropout") as sc:
        if isinstance(is_training, bool):
            outputs = (_nn_dropout(x, keep_prob=keep_prob, noise_shape=noise_shape, seed=seed) if is_training
                       else identity(x))
        else:
            t = convert_to_tensor(is_training)
            rate = subtract(1.0, convert_to_tensor(keep_prob, dtype=x.dtype))
            outputs = _nn_dropout(x, keep_prob=subtract(1.0, multiply(rate, cast(t, x.dtype))),
                                  noise_shape=noise_shape, seed=seed)
    return _collect_outputs(outputs_collections, outputs, sc)


@add_arg_scope
def flatten(inputs, outputs_collections=None, scope=None):
    """[batch, d1, d2, ...] -> [batch, d1 * d2 * ...].

    >>> flat = flatten(pool3)
    """
    x = convert_to_tensor(inputs)
    if x.shape.ndims is not None and x.shape.ndims < 2:
        raise ValueError(f"Inputs must have a least 2 dimensions, got {x.shape} ('{x.name}').")
    with name_scope(scope, "Flatten") as sc:
        outputs = _flatten(x)
    return _collect_outputs(outputs_collections, outputs, sc)


@add_arg_scope
def one_hot_encoding(labels, num_classes, on_value=1.0, off_value=0.0, outputs_collections=None, scope=None):
    """Integer labels as one-hot rows (float32 by default), under the scope OneHotEncoding.

    >>> onehot = one_hot_encoding(labels, 10)        # [batch] -> [batch, 10]
    """
    with name_scope(scope, "OneHotEncoding", [labels, num_classes]) as sc:
        ids = convert_to_tensor(labels)
        if ids.dtype == dtypes.int32:
            ids = cast(ids, dtypes.int64)
        outputs = one_hot(ids, num_classes, on_value=on_value, off_value=off_value)
    return _collect_outputs(outputs_collections, outputs, sc)
