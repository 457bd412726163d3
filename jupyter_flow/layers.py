"""tf.layers: dense, flatten and dropout with TF1's variable and op names.

A layer opens a variable scope named after it, made unique as TF1 does (dense, dense_1, ...; a
given name is made unique the same way, hidden1 then hidden1_1), unless reuse is set: then it
re-enters the scope of exactly that name and get_variable returns the existing variables.
Variables follow variable scopes only; ops also follow the enclosing name scopes
(with tf.name_scope("dnn"): dense(X, 300, name="hidden1") -> hidden1/kernel, dnn/hidden1/MatMul).
"""
import numbers

from .framework.graph import GraphKeys, Tensor
from .framework.scopes import get_variable, variable_scope
from .ops import init_ops
from .ops.array_ops import identity
from .ops.constant_op import convert_to_tensor
from .ops.linalg_ops import matmul, transpose
from .ops.math_ops import cast, multiply, subtract
from .ops.nn_layers_ops import bias_add, dropout as _nn_dropout, flatten as _flatten
from .ops.state_ops import global_variables


def _layer_scope(name, default_name, reuse):
    if reuse:
        return variable_scope(name or default_name, reuse=reuse)
    return variable_scope(None, default_name=name or default_name)


def _not_supported(**options):
    for key, value in options.items():
        if value is not None:
            raise NotImplementedError(f"tf.layers.dense does not support {key} yet; pass {key}=None "
                                      f"(regularize with kernel_regularizer, or add the term to the loss).")


def _weight(name, shape, dtype, initializer, regularizer, trainable):
    before = {id(v) for v in global_variables()}
    var = get_variable(name, shape=shape, dtype=dtype, initializer=initializer, trainable=trainable)
    if regularizer is not None and id(var) not in before:
        # As TF1: only a newly created weight adds its penalty to REGULARIZATION_LOSSES.
        with var.graph.name_scope(name + "/Regularizer"):
            penalty = regularizer(var)
        if penalty is not None:
            var.graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, penalty)
    return var


def _bias_and_activation(outputs, units, use_bias, bias_initializer, bias_regularizer, trainable, activation):
    """A layer's last steps, shared by dense and the convolutions: + bias (<scope>/bias, [units]), then activation."""
    if use_bias:
        bias = _weight("bias", [int(units)], outputs.dtype, bias_initializer, bias_regularizer, trainable)
        outputs = bias_add(outputs, bias)
    return outputs if activation is None else activation(outputs)


def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
          reuse=None):
    """A fully connected layer: activation(inputs @ kernel + bias), with variables
    <name>/kernel ([in, units], Glorot-uniform by default) and <name>/bias ([units], zeros).

    >>> hidden1 = tf.layers.dense(X, n_hidden1, name="hidden1", activation=tf.nn.relu)
    >>> logits = tf.layers.dense(hidden2, n_outputs, name="outputs")
    """
    _not_supported(activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                   bias_constraint=bias_constraint)
    x = convert_to_tensor(inputs)
    if not x.dtype.is_floating:
        raise TypeError(f"dense needs floating-point inputs, got {x.dtype.name} ('{x.name}'); use tf.cast first.")
    if not isinstance(units, numbers.Integral) or units <= 0:
        raise ValueError(f"dense's units must be a positive int, got {units!r}")
    shape = x.shape
    if shape.ndims is None or shape[-1].value is None:
        raise ValueError(f"The last dimension of the inputs to `Dense` should be defined. Found `None` "
                         f"(inputs '{x.name}' have shape {shape}).")
    if shape.ndims < 2:
        raise ValueError(f"dense takes inputs of shape [batch, ..., features], got {shape} ('{x.name}'); "
                         f"use tf.reshape(x, [-1, 1]) for a vector of single features.")
    with _layer_scope(name, "dense", reuse):
        return _dense_in_scope(x, units, activation, use_bias, kernel_initializer, bias_initializer,
                               kernel_regularizer, bias_regularizer, trainable)


def _dense_in_scope(x, units, activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
                    bias_regularizer, trainable):
    # The layer's ops and its kernel/bias in the current variable scope (tf.layers.dense and tf.layers.Dense).
    kernel = _weight("kernel", [x.shape[-1].value, int(units)], x.dtype, kernel_initializer, kernel_regularizer,
                     trainable)
    outputs = matmul(x, kernel) if x.shape.ndims == 2 else _last_axis_matmul(x, kernel)
    outputs = _bias_and_activation(outputs, units, use_bias, bias_initializer, bias_regularizer, trainable,
                                   activation)
    return outputs


def _last_axis_matmul(x, kernel):
    # TF1's Dense applies the kernel to the last axis of inputs of rank > 2 (a tensordot), e.g. the
    # [batch, time, units] outputs of dynamic_rnn; here as rows @ kernel reshaped back.
    from .ops.concat_ops import concat
    from .ops.shape_ops import reshape, shape
    units = kernel.shape[-1].value
    rows = matmul(reshape(x, [-1, x.shape[-1].value]), kernel)
    outputs = reshape(rows, concat([shape(x)[:-1], [units]], 0))
    outputs.set_shape(x.shape[:-1].concatenate([units]))
    return outputs


def flatten(inputs, name=None, data_format="channels_last"):
    """Reshape to [batch, everything else]; channels_first inputs are moved to channels last
    first, so both layouts give the same order (as TF1).

    >>> flat = tf.layers.flatten(pool3)   # [None, 7, 7, 64] -> [None, 3136]
    """
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"data_format must be 'channels_last' or 'channels_first', got {data_format!r}")
    x = convert_to_tensor(inputs)
    with _layer_scope(name, "flatten", None):
        rank = x.shape.ndims
        if data_format == "channels_first" and rank is not None and rank > 2:
            x = transpose(x, [0] + list(range(2, rank)) + [1])
        return _flatten(x)


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """Dropout while training (a Python bool or a bool tensor such as a placeholder), identity
    otherwise; kept values are scaled by 1 / (1 - rate).

    >>> training = tf.placeholder_with_default(False, shape=(), name="training")
    >>> X_drop = tf.layers.dropout(X, dropout_rate, training=training)
    """
    x = convert_to_tensor(inputs)
    with _layer_scope(name, "dropout", None):
        if isinstance(training, bool):
            if not training:
                return identity(x)
            return _nn_dropout(x, rate=rate, noise_shape=noise_shape, seed=seed)
        t = training if isinstance(training, Tensor) else convert_to_tensor(training)
        # keep_prob is 1 (nothing dropped, scale 1) when training is false.
        keep_prob = subtract(1.0, multiply(convert_to_tensor(rate, dtype=x.dtype), cast(t, x.dtype)))
        return _nn_dropout(x, keep_prob=keep_prob, noise_shape=noise_shape, seed=seed)


from .conv_layers import average_pooling2d, conv2d, conv2d_transpose, max_pooling2d  # noqa: E402,F401
from .layers_normalization import batch_normalization  # noqa: E402,F401
from .layer_objects import Dense  # noqa: E402,F401
from .conv1d_layers import Conv1D, average_pooling1d, conv1d, max_pooling1d  # noqa: E402,F401
from .layer_classes import (AveragePooling1D, AveragePooling2D, BatchNormalization, Conv2D,  # noqa: E402,F401
                            Conv2DTranspose, Dropout, Flatten, MaxPooling1D, MaxPooling2D)
from .separable_conv_layers import separable_conv2d  # noqa: E402,F401
from .layer_classes import SeparableConv2D  # noqa: E402,F401
