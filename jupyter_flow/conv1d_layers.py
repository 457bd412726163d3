"""tf.layers for sequences: conv1d (and its object form Conv1D), max_pooling1d and
average_pooling1d, with TF1's names (conv1d/kernel [k, in, filters], conv1d/bias, ops
conv1d/Conv1D/..., max_pooling1d/MaxPool) over [batch, width, channels] inputs.

Scoping follows tf.layers.conv2d (conv_layers.py): a unique variable scope per layer unless reuse.
"""
import numbers

from .conv_layers import _channels_last, _padding, _unsupported
from .framework.scopes import variable_scope
from .layer_objects import ScopedLayer
from .layers import _bias_and_activation, _layer_scope, _weight
from .ops import init_ops
from .ops.constant_op import convert_to_tensor
from .ops.conv1d_ops import conv1d as _nn_conv1d
from .ops.pooling_ops import avg_pool, max_pool
from .ops.shape_ops import expand_dims, squeeze
from .ops.state_ops import global_variables


def _single(value, name):
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive int or a tuple of 1 positive int, got {value!r}")
    return int(value)


def _sequence_input(inputs, layer):
    x = convert_to_tensor(inputs)
    if not x.dtype.is_floating:
        raise TypeError(f"{layer} needs floating-point inputs, got {x.dtype.name} ('{x.name}'); use tf.cast first.")
    if x.shape.ndims != 3:
        raise ValueError(f"Input 0 of layer {layer} is incompatible with the layer: expected ndim=3 "
                         f"[batch, width, channels], found shape {x.shape} ('{x.name}')")
    if x.shape[2].value is None:
        raise ValueError(f"The channel dimension of the inputs to {layer} should be defined. Found `None` "
                         f"(inputs '{x.name}' have shape {x.shape}).")
    return x


def _conv1d_in_scope(x, filters, kernel_size, strides, padding, dilation_rate, activation, use_bias,
                     kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer, trainable):
    kernel = _weight("kernel", [kernel_size, x.shape[2].value, filters], x.dtype, kernel_initializer,
                     kernel_regularizer, trainable)
    outputs = _nn_conv1d(x, kernel, stride=strides, padding=padding, dilations=dilation_rate, name="Conv1D")
    outputs = _bias_and_activation(outputs, filters, use_bias, bias_initializer, bias_regularizer, trainable,
                                   activation)
    return outputs


def _conv1d_args(filters, kernel_size, strides, padding, data_format, dilation_rate, layer):
    _channels_last(data_format, layer)
    if not isinstance(filters, numbers.Integral) or filters <= 0:
        raise ValueError(f"{layer}'s filters must be a positive int, got {filters!r}")
    k, s, d = (_single(kernel_size, "kernel_size"), _single(strides, "strides"),
               _single(dilation_rate, "dilation_rate"))
    if s != 1 and d != 1:
        raise ValueError(f"{layer}: strides > 1 not supported in conjunction with dilation_rate > 1 "
                         f"(got strides={s}, dilation_rate={d})")
    return int(filters), k, s, _padding(padding, layer), d


def conv1d(inputs, filters, kernel_size, strides=1, padding="valid", data_format="channels_last", dilation_rate=1,
           activation=None, use_bias=True, kernel_initializer=None, bias_initializer=init_ops.zeros_initializer(),
           kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
           bias_constraint=None, trainable=True, name=None, reuse=None):
    """A 1-D convolution layer over [batch, width, channels]: variables <name>/kernel ([k, in,
    filters], Glorot-uniform) and <name>/bias ([filters], zeros).

    >>> h = tf.layers.conv1d(embedded, filters=64, kernel_size=3, padding="same", activation=tf.nn.relu)
    """
    _unsupported("conv1d", activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                 bias_constraint=bias_constraint)
    x = _sequence_input(inputs, "conv1d")
    filters, k, s, pad, d = _conv1d_args(filters, kernel_size, strides, padding, data_format, dilation_rate,
                                         "conv1d")
    with _layer_scope(name, "conv1d", reuse):
        return _conv1d_in_scope(x, filters, k, s, pad, d, activation, use_bias, kernel_initializer,
                                bias_initializer, kernel_regularizer, bias_regularizer, trainable)


class Conv1D(ScopedLayer):
    """The object form of tf.layers.conv1d: the first call makes the scope and variables, later
    calls share them.

    >>> conv = tf.layers.Conv1D(32, 5, padding="same"); a, b = conv(x1), conv(x2)
    """
    _default_name = "conv1d"

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format="channels_last",
                 dilation_rate=1, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                 name=None, **kwargs):
        _unsupported("Conv1D", activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                     bias_constraint=bias_constraint)
        unknown = set(kwargs) - {"dtype", "_reuse", "_scope"}
        if unknown:
            raise TypeError(f"tf.layers.Conv1D got unexpected keyword arguments {sorted(unknown)}")
        self.filters, self.kernel_size, self.strides, self.padding, self.dilation_rate = _conv1d_args(
            filters, kernel_size, strides, padding, data_format, dilation_rate, "Conv1D")
        self.activation, self.use_bias, self.trainable = activation, use_bias, trainable
        self._rest = (activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
                      bias_regularizer, trainable)
        self._name = name
        self._scope = None
        self.variables = []
        self.kernel = self.bias = None

    def __call__(self, inputs):
        x = _sequence_input(inputs, "Conv1D")
        args = (self.filters, self.kernel_size, self.strides, self.padding, self.dilation_rate, *self._rest)
        if self._scope is not None:
            with variable_scope(self._scope, reuse=True):
                return _conv1d_in_scope(x, *args)
        before = {id(v) for v in global_variables()}
        with _layer_scope(self._name, "conv1d", None) as scope:
            outputs = _conv1d_in_scope(x, *args)
        self._scope = scope
        self.variables = [v for v in global_variables() if id(v) not in before]
        self.kernel = next((v for v in self.variables if v.op.name.endswith("/kernel")), None)
        self.bias = next((v for v in self.variables if v.op.name.endswith("/bias")), None)
        return outputs

    apply = __call__


def _pooling1d(pool_fn, layer, inputs, pool_size, strides, padding, data_format, name):
    _channels_last(data_format, layer)
    x = convert_to_tensor(inputs)
    if x.shape.ndims not in (None, 3):
        raise ValueError(f"Input 0 of layer {layer} is incompatible with the layer: expected ndim=3, found shape "
                         f"{x.shape} ('{x.name}')")
    p, s = _single(pool_size, "pool_size"), _single(strides, "strides")
    pad = _padding(padding, layer)
    with _layer_scope(name, layer, None):
        # As TF1's Pooling1D: a unit width after the steps ([N, W, 1, C]), pooled, then squeezed away.
        pooled = pool_fn(expand_dims(x, 2), ksize=[1, p, 1, 1], strides=[1, s, 1, 1], padding=pad)
        return squeeze(pooled, [2])


def max_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """Max pooling over the steps of [batch, width, channels] inputs.

    >>> pooled = tf.layers.max_pooling1d(h, pool_size=2, strides=2)
    """
    return _pooling1d(max_pool, "max_pooling1d", inputs, pool_size, strides, padding, data_format, name)


def average_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """Average pooling over the steps of [batch, width, channels] inputs.

    >>> pooled = tf.layers.average_pooling1d(h, pool_size=2, strides=2)
    """
    return _pooling1d(avg_pool, "average_pooling1d", inputs, pool_size, strides, padding, data_format, name)
