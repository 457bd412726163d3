"""Keras' 2-D convolution and the pooling layers (channels_last) on our tf.nn ops: Conv2D, MaxPooling2D,
AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, and their 1-D forms (MaxPooling1D, ...: the
steps axis pooled as the rows of a one-column image, as TF 1.x keras does).

>>> h = tf.keras.layers.Conv2D(32, 3, activation='relu')(images)   # conv2d/kernel:0 [3, 3, C, 32]
"""
from .. import activations, regularizers
from ..engine.base_layer import InputSpec, Layer
from .kernel_bias_options import set_kernel_bias_options
from ...framework.tensor_shape import TensorShape
from ...ops.conv_ops import conv2d
from ...ops.nn_layers_ops import bias_add
from ...ops.pooling_ops import avg_pool, max_pool
from ...ops.reduction_ops import reduce_max, reduce_mean
from ...ops.shape_ops import expand_dims, squeeze


def _pair(value, what):
    pair = (value, value) if isinstance(value, int) else tuple(value)
    if len(pair) != 2:
        raise ValueError(f"The `{what}` argument must be an int or a tuple of 2 ints, got {value!r}")
    return tuple(int(v) for v in pair)


def _channels_last(data_format, layer):
    if data_format not in (None, "channels_last"):
        raise NotImplementedError(f"{layer} supports data_format='channels_last' only in jupyter_flow; transpose "
                                  f"NCHW inputs with tf.transpose(x, [0, 2, 3, 1]).")


def _padding(padding):
    if padding.lower() not in ("valid", "same"):
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")
    return padding.upper()


def _out_size(size, window, stride, padding):
    if size is None:
        return None
    return -(-size // stride) if padding == "SAME" else (size - window) // stride + 1


class Conv2D(Layer):
    """activation(conv2d(inputs, kernel) + bias); kernel [kh, kw, in_channels, filters]."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1),
                 activation=None, use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=regularizers.get(activity_regularizer), **kwargs)
        _channels_last(data_format, "Conv2D")
        if _pair(dilation_rate, "dilation_rate") != (1, 1):
            raise NotImplementedError("Conv2D(dilation_rate != 1) is not supported yet; use tf.nn.atrous_conv2d.")
        self.filters, self.kernel_size = int(filters), _pair(kernel_size, "kernel_size")
        self.strides, self.padding = _pair(strides, "strides"), _padding(padding)
        set_kernel_bias_options(self, activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
                                bias_regularizer, kernel_constraint, bias_constraint)
        self.input_spec = InputSpec(ndim=4)

    def build(self, input_shape):
        channels = TensorShape(input_shape)[-1].value
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        self.input_spec = InputSpec(ndim=4, axes={-1: channels})
        self.kernel = self.add_weight("kernel", shape=list(self.kernel_size) + [channels, self.filters],
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = self.add_weight("bias", shape=[self.filters], initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer, constraint=self.bias_constraint) \
            if self.use_bias else None
        self.built = True

    def call(self, inputs):
        outputs = conv2d(inputs, self.kernel, strides=[1, *self.strides, 1], padding=self.padding)
        if self.use_bias:
            outputs = bias_add(outputs, self.bias)
        return self.activation(outputs) if self.activation is not activations.linear else outputs

    def compute_output_shape(self, input_shape):
        n, h, w, _ = TensorShape(input_shape).as_list()
        return TensorShape([n, _out_size(h, self.kernel_size[0], self.strides[0], self.padding),
                            _out_size(w, self.kernel_size[1], self.strides[1], self.padding), self.filters])


class _Pooling2D(Layer):
    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        _channels_last(data_format, type(self).__name__)
        self.pool_size = _pair(pool_size, "pool_size")
        self.strides = self.pool_size if strides is None else _pair(strides, "strides")
        self.padding = _padding(padding)
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        return self._pool(inputs, ksize=[1, *self.pool_size, 1], strides=[1, *self.strides, 1],
                          padding=self.padding)

    def compute_output_shape(self, input_shape):
        n, h, w, c = TensorShape(input_shape).as_list()
        return TensorShape([n, _out_size(h, self.pool_size[0], self.strides[0], self.padding),
                            _out_size(w, self.pool_size[1], self.strides[1], self.padding), c])


class MaxPooling2D(_Pooling2D):
    _pool = staticmethod(max_pool)


class AveragePooling2D(_Pooling2D):
    _pool = staticmethod(avg_pool)


class _GlobalPooling2D(Layer):
    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        _channels_last(data_format, type(self).__name__)
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        return self._reduce(inputs, axis=[1, 2])

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        return TensorShape([shape[0], shape[3]])


class GlobalAveragePooling2D(_GlobalPooling2D):
    _reduce = staticmethod(reduce_mean)


class GlobalMaxPooling2D(_GlobalPooling2D):
    _reduce = staticmethod(reduce_max)


class _Pooling1D(Layer):
    def __init__(self, pool_size=2, strides=None, padding="valid", data_format="channels_last", **kwargs):
        super().__init__(**kwargs)
        _channels_last(data_format, type(self).__name__)
        self.pool_size = (int(pool_size if isinstance(pool_size, int) else pool_size[0]),)
        strides = self.pool_size[0] if strides is None else strides
        self.strides = (int(strides if isinstance(strides, int) else strides[0]),)
        self.padding = _padding(padding)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        pooled = self._pool(expand_dims(inputs, 2), ksize=[1, self.pool_size[0], 1, 1],
                            strides=[1, self.strides[0], 1, 1], padding=self.padding)
        return squeeze(pooled, [2])

    def compute_output_shape(self, input_shape):
        n, steps, c = TensorShape(input_shape).as_list()
        return TensorShape([n, _out_size(steps, self.pool_size[0], self.strides[0], self.padding), c])

    def get_config(self):
        return dict(super().get_config(), strides=self.strides, pool_size=self.pool_size,
                    padding=self.padding.lower(), data_format="channels_last")


class MaxPooling1D(_Pooling1D):
    _pool = staticmethod(max_pool)


class AveragePooling1D(_Pooling1D):
    _pool = staticmethod(avg_pool)


class _GlobalPooling1D(Layer):
    def __init__(self, data_format="channels_last", **kwargs):
        super().__init__(**kwargs)
        _channels_last(data_format, type(self).__name__)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        return self._reduce(inputs, axis=1)

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        return TensorShape([shape[0], shape[2]])


class GlobalAveragePooling1D(_GlobalPooling1D):
    _reduce = staticmethod(reduce_mean)


class GlobalMaxPooling1D(_GlobalPooling1D):
    _reduce = staticmethod(reduce_max)


MaxPool1D, AvgPool1D, GlobalAvgPool1D, GlobalMaxPool1D = (MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D,
                                                          GlobalMaxPooling1D)
MaxPool2D, AvgPool2D, Convolution2D = MaxPooling2D, AveragePooling2D, Conv2D
GlobalAvgPool2D, GlobalMaxPool2D = GlobalAveragePooling2D, GlobalMaxPooling2D
