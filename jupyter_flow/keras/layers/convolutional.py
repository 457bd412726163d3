"""Keras' convolutions beyond Conv2D (which is in pooling.py): Conv1D, Conv2DTranspose and SeparableConv2D,
channels_last, on tf.nn.conv1d, tf.nn.conv2d_transpose and tf.nn.separable_conv2d.

>>> h = tf.keras.layers.Conv1D(32, 5, padding='causal', activation='relu')(seq)     # conv1d/kernel:0 [5, C, 32]
>>> up = tf.keras.layers.Conv2DTranspose(16, 3, strides=2, padding='same')(img)    # [N, 2H, 2W, 16]
"""
from .. import activations, initializers, regularizers
from ..engine.base_layer import InputSpec, Layer
from .kernel_bias_options import set_kernel_bias_options
from .pooling import _channels_last, _out_size, _pair
from ...framework.tensor_shape import TensorShape
from ...ops.conv1d_ops import conv1d
from ...ops.conv_ops import conv2d_transpose
from ...ops.depthwise_ops import separable_conv2d
from ...ops.math_ops import add, multiply
from ...ops.nn_layers_ops import bias_add
from ...ops.pad_ops import pad
from ...ops.shape_ops import shape


def _single(value, what):
    values = (value,) if isinstance(value, int) else tuple(value)
    if len(values) != 1:
        raise ValueError(f"The `{what}` argument must be an int or a tuple of 1 int, got {value!r}")
    return (int(values[0]),)


def _serialized(obj, module):
    return None if obj is None else module.serialize(obj)


class _Conv(Layer):
    """What the convolutions share: options, the bias and activation, the config."""

    rank = 2

    def __init__(self, filters, kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias,
                 kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer, activity_regularizer,
                 kernel_constraint, bias_constraint, **kwargs):
        super().__init__(activity_regularizer=regularizers.get(activity_regularizer), **kwargs)
        _channels_last(data_format, type(self).__name__)
        tuple_of = _single if self.rank == 1 else _pair
        self.filters, self.kernel_size = int(filters), tuple_of(kernel_size, "kernel_size")
        self.strides, self.dilation_rate = tuple_of(strides, "strides"), tuple_of(dilation_rate, "dilation_rate")
        self.padding = padding.lower()
        allowed = ("valid", "same") + (("causal",) if self.rank == 1 else ())
        if self.padding not in allowed:
            raise ValueError(f"{type(self).__name__}: padding must be one of {allowed}, got {padding!r}")
        set_kernel_bias_options(self, activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
                                bias_regularizer, kernel_constraint, bias_constraint)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _channels(self, input_shape):
        channels = TensorShape(input_shape)[-1].value
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={-1: channels})
        return channels

    def _kernel(self, name, shape, initializer=None, regularizer=None, constraint=None):
        return self.add_weight(name, shape=shape, initializer=initializer or self.kernel_initializer,
                               regularizer=regularizer or self.kernel_regularizer,
                               constraint=constraint or self.kernel_constraint)

    def _bias(self):
        self.bias = self.add_weight("bias", shape=[self.filters], initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer, constraint=self.bias_constraint) \
            if self.use_bias else None

    def _finish(self, outputs):
        if self.use_bias:
            outputs = bias_add(outputs, self.bias)
        return self.activation(outputs) if self.activation is not activations.linear else outputs

    def get_config(self):
        config = super().get_config()
        config.update(filters=self.filters, kernel_size=self.kernel_size, strides=self.strides, padding=self.padding,
                      data_format="channels_last", dilation_rate=self.dilation_rate,
                      activation=activations.serialize(self.activation), use_bias=self.use_bias,
                      kernel_initializer=initializers.serialize(self.kernel_initializer),
                      bias_initializer=initializers.serialize(self.bias_initializer),
                      kernel_regularizer=_serialized(self.kernel_regularizer, regularizers),
                      bias_regularizer=_serialized(self.bias_regularizer, regularizers),
                      activity_regularizer=_serialized(self.activity_regularizer, regularizers),
                      kernel_constraint=None, bias_constraint=None)
        return config


class Conv1D(_Conv):
    """activation(conv1d(inputs, kernel) + bias) on [batch, steps, channels]; kernel [k, channels, filters].
    padding='causal' pads (k - 1) * dilation steps on the left, so output t sees inputs <= t only."""

    rank = 1

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format="channels_last",
                 dilation_rate=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias,
                         kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
                         activity_regularizer, kernel_constraint, bias_constraint, **kwargs)

    def build(self, input_shape):
        channels = self._channels(input_shape)
        self.kernel = self._kernel("kernel", [self.kernel_size[0], channels, self.filters])
        self._bias()
        self.built = True

    def call(self, inputs):
        padding = self.padding.upper()
        if self.padding == "causal":
            inputs = pad(inputs, [[0, 0], [(self.kernel_size[0] - 1) * self.dilation_rate[0], 0], [0, 0]])
            padding = "VALID"
        outputs = conv1d(inputs, self.kernel, stride=self.strides[0], padding=padding,
                         dilations=self.dilation_rate[0])
        return self._finish(outputs)

    def compute_output_shape(self, input_shape):
        batch, steps, _ = TensorShape(input_shape).as_list()
        window = (self.kernel_size[0] - 1) * self.dilation_rate[0] + 1
        if self.padding == "causal":
            out = None if steps is None else (steps - 1) // self.strides[0] + 1
        else:
            out = _out_size(steps, window, self.strides[0], self.padding.upper())
        return TensorShape([batch, out, self.filters])


def _transposed_size(size, kernel, stride, padding):
    """The spatial size conv2d_transpose produces (Keras' deconv_output_length without output_padding);
    `size` may be a scalar tensor."""
    if padding == "same":
        return multiply(size, stride) if not isinstance(size, int) else size * stride
    extra = max(kernel - stride, 0)
    return add(multiply(size, stride), extra) if not isinstance(size, int) else size * stride + extra


class Conv2DTranspose(_Conv):
    """The transpose of Conv2D ('deconvolution'): [N, H, W, C] -> [N, H * s (+ k - s if valid), ..., filters];
    kernel [kh, kw, filters, in_channels]."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", output_padding=None,
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias,
                         kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
                         activity_regularizer, kernel_constraint, bias_constraint, **kwargs)
        if output_padding is not None:
            raise NotImplementedError("Conv2DTranspose(output_padding=...) is not supported by jupyter_flow; crop or "
                                      "pad the output instead.")
        if self.dilation_rate != (1, 1):
            raise NotImplementedError("Conv2DTranspose(dilation_rate != 1) is not supported by jupyter_flow.")
        self.output_padding = None

    def build(self, input_shape):
        channels = self._channels(input_shape)
        self.kernel = self._kernel("kernel", list(self.kernel_size) + [self.filters, channels])
        self._bias()
        self.built = True

    def call(self, inputs):
        dims = inputs.shape.as_list()
        dynamic = shape(inputs)
        sizes = [dims[i] if dims[i] is not None else dynamic[i] for i in (0, 1, 2)]
        out_h = _transposed_size(sizes[1], self.kernel_size[0], self.strides[0], self.padding)
        out_w = _transposed_size(sizes[2], self.kernel_size[1], self.strides[1], self.padding)
        outputs = conv2d_transpose(inputs, self.kernel, [sizes[0], out_h, out_w, self.filters],
                                   strides=[1, *self.strides, 1], padding=self.padding.upper())
        outputs.set_shape(self.compute_output_shape(inputs.shape))
        return self._finish(outputs)

    def compute_output_shape(self, input_shape):
        batch, h, w, _ = TensorShape(input_shape).as_list()
        size = [None if s is None else _transposed_size(s, k, st, self.padding)
                for s, k, st in zip((h, w), self.kernel_size, self.strides)]
        return TensorShape([batch] + size + [self.filters])

    def get_config(self):
        return dict(super().get_config(), output_padding=None)


class SeparableConv2D(_Conv):
    """A depthwise convolution (depthwise_kernel [kh, kw, C, depth_multiplier]) then a 1x1 convolution
    (pointwise_kernel [1, 1, C * depth_multiplier, filters]), bias and activation."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, pointwise_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias,
                         "glorot_uniform", bias_initializer, None, bias_regularizer, activity_regularizer, None,
                         bias_constraint, **kwargs)
        self.depth_multiplier = int(depth_multiplier)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.depthwise_constraint, self.pointwise_constraint = depthwise_constraint, pointwise_constraint

    def build(self, input_shape):
        channels = self._channels(input_shape)
        self.depthwise_kernel = self._kernel("depthwise_kernel",
                                             list(self.kernel_size) + [channels, self.depth_multiplier],
                                             self.depthwise_initializer, self.depthwise_regularizer,
                                             self.depthwise_constraint)
        self.pointwise_kernel = self._kernel("pointwise_kernel", [1, 1, channels * self.depth_multiplier,
                                                                  self.filters],
                                             self.pointwise_initializer, self.pointwise_regularizer,
                                             self.pointwise_constraint)
        self._bias()
        self.built = True

    def call(self, inputs):
        outputs = separable_conv2d(inputs, self.depthwise_kernel, self.pointwise_kernel,
                                   strides=[1, *self.strides, 1], padding=self.padding.upper(),
                                   rate=None if self.dilation_rate == (1, 1) else self.dilation_rate)
        return self._finish(outputs)

    def compute_output_shape(self, input_shape):
        n, h, w, _ = TensorShape(input_shape).as_list()
        windows = [(k - 1) * d + 1 for k, d in zip(self.kernel_size, self.dilation_rate)]
        return TensorShape([n, _out_size(h, windows[0], self.strides[0], self.padding.upper()),
                            _out_size(w, windows[1], self.strides[1], self.padding.upper()), self.filters])

    def get_config(self):
        config = super().get_config()
        for key in ("kernel_initializer", "kernel_regularizer", "kernel_constraint"):
            config.pop(key)
        config.update(depth_multiplier=self.depth_multiplier,
                      depthwise_initializer=initializers.serialize(self.depthwise_initializer),
                      pointwise_initializer=initializers.serialize(self.pointwise_initializer),
                      depthwise_regularizer=_serialized(self.depthwise_regularizer, regularizers),
                      pointwise_regularizer=_serialized(self.pointwise_regularizer, regularizers),
                      depthwise_constraint=None, pointwise_constraint=None)
        return config


Convolution1D, Convolution2DTranspose, SeparableConvolution2D = Conv1D, Conv2DTranspose, SeparableConv2D
