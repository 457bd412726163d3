"""tf.layers.separable_conv2d: a depthwise convolution (each input channel by depth_multiplier
filters) then a 1x1 pointwise convolution mixing channels, with TF1's variables <name>/depthwise_kernel
[kh, kw, in_channels, depth_multiplier], <name>/pointwise_kernel [1, 1, in_channels * depth_multiplier,
filters] (both Glorot-uniform by default) and <name>/bias [filters] (zeros).

Scoping follows tf.layers.dense (layers.py): a unique variable scope per layer unless reuse.
"""
import numbers

from .conv_layers import _unsupported, checked_conv2d_args
from .layers import _bias_and_activation, _layer_scope, _weight
from .ops import init_ops
from .ops.depthwise_ops import separable_conv2d as _nn_separable_conv2d


def separable_conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                     dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                     depthwise_initializer=None, pointwise_initializer=None,
                     bias_initializer=init_ops.zeros_initializer(), depthwise_regularizer=None,
                     pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                     depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None, trainable=True,
                     name=None, reuse=None):
    """A depthwise-separable 2-D convolution layer: activation(pointwise(depthwise(inputs)) + bias).

    >>> y = tf.layers.separable_conv2d(x, filters=64, kernel_size=3, padding="same", activation=tf.nn.relu)
    """
    _unsupported("separable_conv2d", activity_regularizer=activity_regularizer,
                 depthwise_constraint=depthwise_constraint, pointwise_constraint=pointwise_constraint,
                 bias_constraint=bias_constraint)
    x, (kh, kw), strides, dilation_rate, pad = checked_conv2d_args(inputs, filters, kernel_size, strides, padding,
                                                                   data_format, dilation_rate, "separable_conv2d")
    if not isinstance(depth_multiplier, numbers.Integral) or depth_multiplier <= 0:
        raise ValueError(f"separable_conv2d's depth_multiplier must be a positive int, got {depth_multiplier!r}")
    channels, dm = x.shape[3].value, int(depth_multiplier)
    with _layer_scope(name, "separable_conv2d", reuse):
        depthwise = _weight("depthwise_kernel", [kh, kw, channels, dm], x.dtype, depthwise_initializer,
                            depthwise_regularizer, trainable)
        pointwise = _weight("pointwise_kernel", [1, 1, channels * dm, int(filters)], x.dtype, pointwise_initializer,
                            pointwise_regularizer, trainable)
        outputs = _nn_separable_conv2d(x, depthwise, pointwise, strides=[1, *strides, 1], padding=pad,
                                       rate=list(dilation_rate))
        outputs = _bias_and_activation(outputs, filters, use_bias, bias_initializer, bias_regularizer, trainable,
                                       activation)
    return outputs
