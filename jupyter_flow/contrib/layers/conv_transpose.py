"""tf.contrib.layers' conv2d_transpose (convolution2d_transpose) and separable_conv2d
(separable_convolution2d), with TF1's scopes and variable names (Conv2d_transpose/weights
[kh, kw, num_outputs, in_channels], SeparableConv2d/depthwise_weights, .../pointwise_weights,
.../biases) and defaults (ReLU, Xavier, 'SAME', stride 1).

>>> up = tf.contrib.layers.conv2d_transpose(code, 16, [3, 3], stride=2, scope="deconv1")
>>> net = tf.contrib.layers.separable_conv2d(net, 64, [3, 3], depth_multiplier=1, scope="sep1")
"""
import numbers

from ... import layers as _tf_layers  # noqa: F401 - loads conv_layers through tf.layers (import order)
from ...conv_layers import transposed_conv2d
from ...framework.scopes import variable_scope
from ...ops import init_ops
from ...ops.constant_op import convert_to_tensor
from ...ops.depthwise_ops import depthwise_conv2d as _nn_depthwise_conv2d, separable_conv2d as _nn_separable_conv2d
from ...ops.math_ops import relu
from ...ops.window_args import positive_pair as _pair
from ..framework.arg_scope import add_arg_scope
from .conv import _nhwc_only, _padding
from .core import biases_normalizer_activation
from .core import _collect_outputs, _collections_for, _model_variable
from .initializers import xavier_initializer


def _image(inputs, layer):
    x = convert_to_tensor(inputs)
    if x.shape.ndims != 4 or x.shape[3].value is None:
        raise ValueError(f"tf.contrib.layers.{layer} takes NHWC inputs [batch, height, width, channels] with known "
                         f"channels, got {x.shape} ('{x.name}')")
    return x


def _weights(name, shape, dtype, initializer, regularizer, trainable, variables_collections):
    return _model_variable(name, shape, dtype, initializer, regularizer, trainable,
                           _collections_for(variables_collections, "weights"))


@add_arg_scope
def conv2d_transpose(inputs, num_outputs, kernel_size, stride=1, padding="SAME", data_format="NHWC",
                     activation_fn=relu, normalizer_fn=None, normalizer_params=None,
                     weights_initializer=xavier_initializer(), weights_regularizer=None,
                     biases_initializer=init_ops.zeros_initializer(), biases_regularizer=None, reuse=None,
                     variables_collections=None, outputs_collections=None, trainable=True, scope=None):
    """A transposed convolution (upsampling by `stride`): height * stride ('SAME') or
    height * stride + max(kernel - stride, 0) ('VALID'); variables <scope>/weights and <scope>/biases.

    >>> up = conv2d_transpose(net, 32, [3, 3], stride=2, scope="deconv1")     # Conv2d_transpose by default
    """
    _nhwc_only(data_format, "conv2d_transpose")
    x = _image(inputs, "conv2d_transpose")
    if not isinstance(num_outputs, numbers.Integral) or num_outputs <= 0:
        raise ValueError(f"num_outputs should be a positive int, got {num_outputs!r}")
    kh, kw = _pair(kernel_size, "kernel_size")
    strides = _pair(stride, "stride")
    pad = _padding(padding, "conv2d_transpose")
    with variable_scope(scope, default_name="Conv2d_transpose", reuse=reuse) as sc:
        weights = _weights("weights", [kh, kw, int(num_outputs), x.shape[3].value], x.dtype.base_dtype,
                           weights_initializer, weights_regularizer, trainable, variables_collections)
        outputs = transposed_conv2d(x, weights, int(num_outputs), (kh, kw), strides, pad)
        outputs = biases_normalizer_activation(outputs, int(num_outputs), normalizer_fn, normalizer_params,
                                               biases_initializer, biases_regularizer, activation_fn, trainable,
                                               variables_collections)
    return _collect_outputs(outputs_collections, outputs, sc)


convolution2d_transpose = conv2d_transpose
conv2d_transpose.__name__ = "convolution2d_transpose"  # TF1's name (slim.repeat/stack's default scopes)


@add_arg_scope
def separable_conv2d(inputs, num_outputs, kernel_size, depth_multiplier=1, stride=1, padding="SAME",
                     data_format="NHWC", rate=1, activation_fn=relu, normalizer_fn=None, normalizer_params=None,
                     weights_initializer=xavier_initializer(), pointwise_initializer=None, weights_regularizer=None,
                     biases_initializer=init_ops.zeros_initializer(), biases_regularizer=None, reuse=None,
                     variables_collections=None, outputs_collections=None, trainable=True, scope=None):
    """A depthwise convolution (<scope>/depthwise_weights [kh, kw, in, depth_multiplier]) then, unless
    num_outputs is None, a 1x1 convolution (<scope>/pointwise_weights); then biases, normalizer and
    activation as conv2d. weights_regularizer applies to both weights.

    >>> net = separable_conv2d(net, 64, [3, 3], depth_multiplier=1, scope="sep1")
    >>> net = separable_conv2d(net, None, [3, 3], depth_multiplier=2)    # depthwise only: 2 * in channels
    """
    _nhwc_only(data_format, "separable_conv2d")
    x = _image(inputs, "separable_conv2d")
    if num_outputs is not None and (not isinstance(num_outputs, numbers.Integral) or num_outputs <= 0):
        raise ValueError(f"num_outputs should be a positive int or None, got {num_outputs!r}")
    if not isinstance(depth_multiplier, numbers.Integral) or depth_multiplier <= 0:
        raise ValueError(f"depth_multiplier should be a positive int, got {depth_multiplier!r}")
    kh, kw = _pair(kernel_size, "kernel_size")
    strides, rates = _pair(stride, "stride"), _pair(rate, "rate")
    pad = _padding(padding, "separable_conv2d")
    channels, dtype = x.shape[3].value, x.dtype.base_dtype
    with variable_scope(scope, default_name="SeparableConv2d", reuse=reuse) as sc:
        depthwise = _weights("depthwise_weights", [kh, kw, channels, int(depth_multiplier)], dtype,
                             weights_initializer, weights_regularizer, trainable, variables_collections)
        if num_outputs is None:
            outputs = _nn_depthwise_conv2d(x, depthwise, [1, *strides, 1], pad, rate=list(rates))
            num_outputs = channels * int(depth_multiplier)
        else:
            pointwise = _weights("pointwise_weights", [1, 1, channels * int(depth_multiplier), int(num_outputs)],
                                 dtype, pointwise_initializer or weights_initializer, weights_regularizer, trainable,
                                 variables_collections)
            outputs = _nn_separable_conv2d(x, depthwise, pointwise, [1, *strides, 1], pad, rate=list(rates))
        outputs = biases_normalizer_activation(outputs, int(num_outputs), normalizer_fn, normalizer_params,
                                               biases_initializer, biases_regularizer, activation_fn, trainable,
                                               variables_collections)
    return _collect_outputs(outputs_collections, outputs, sc)


separable_convolution2d = separable_conv2d
separable_conv2d.__name__ = "separable_convolution2d"  # TF1's name
