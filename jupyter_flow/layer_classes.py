"""tf.layers' object forms of the functional layers (Conv2D, MaxPooling2D, BatchNormalization, Dropout,
Flatten ...): `layer = tf.layers.Conv2D(32, 3); y = layer(x)`. Each wraps its tf.layers function, so names,
variables and collections are exactly the function's; the first call makes the layer's variable scope
(conv2d, conv2d_1, ... or its name made unique) and every later call re-enters it with reuse=True, so all
calls share the weights, as TF1's layer objects do."""
import inspect

from . import conv1d_layers, conv_layers, layers, layers_normalization, separable_conv_layers
from .layer_objects import ScopedLayer
from .ops.state_ops import global_variables


class FunctionalLayer(ScopedLayer):
    """A tf.layers object made from a function `fn(inputs, *config, name=, reuse=)`."""
    _function = None
    _takes_training = False

    def __init__(self, *args, name=None, **kwargs):
        kwargs.pop("dtype", None)  # the inputs' dtype decides, as in the function form
        fn = type(self)._function
        signature = inspect.signature(fn)
        try:
            signature.bind(None, *args, **kwargs)
        except TypeError as error:
            raise TypeError(f"tf.layers.{type(self).__name__}: {error}") from None
        self._args, self._kwargs = args, kwargs
        self._name, self._scope, self.variables = name, None, []
        self.trainable = kwargs.get("trainable", True)
        self._has_reuse = "reuse" in signature.parameters

    def __call__(self, inputs, training=None, **kwargs):
        fn = type(self)._function
        extra = dict(kwargs)
        if self._takes_training and training is not None:
            extra["training"] = training
        if not self._has_reuse:
            return fn(inputs, *self._args, name=self._name, **self._kwargs, **extra)
        if self._scope is not None:
            return fn(inputs, *self._args, name=self._scope, reuse=True, **self._kwargs, **extra)
        before = {id(v) for v in global_variables()}
        outputs = fn(inputs, *self._args, name=self._name, **self._kwargs, **extra)
        self.variables = [v for v in global_variables() if id(v) not in before]
        # The scope the function made: the common prefix of its variables (conv2d_1/kernel -> conv2d_1).
        self._scope = self.variables[0].op.name.rsplit("/", 1)[0] if self.variables else self._name
        for variable in self.variables:
            setattr(self, variable.op.name.rsplit("/", 1)[-1], variable)  # layer.kernel, layer.gamma ...
        return outputs

    apply = __call__

    @property
    def built(self):
        return self._scope is not None or not self._has_reuse

    @property
    def name(self):
        return self._scope or self._name or self._default_name


def _layer_class(class_name, function, default_name, takes_training=False):
    doc = f"tf.layers.{class_name}: the object form of tf.layers.{function.__name__} (same arguments but inputs)."
    return type(class_name, (FunctionalLayer,), {"_function": staticmethod(function), "_default_name": default_name,
                                                 "_takes_training": takes_training, "__doc__": doc,
                                                 "__module__": __name__})


Conv2D = _layer_class("Conv2D", conv_layers.conv2d, "conv2d")
Conv2DTranspose = _layer_class("Conv2DTranspose", conv_layers.conv2d_transpose, "conv2d_transpose")
MaxPooling2D = _layer_class("MaxPooling2D", conv_layers.max_pooling2d, "max_pooling2d")
AveragePooling2D = _layer_class("AveragePooling2D", conv_layers.average_pooling2d, "average_pooling2d")
Flatten = _layer_class("Flatten", layers.flatten, "flatten")
Dropout = _layer_class("Dropout", layers.dropout, "dropout", takes_training=True)
BatchNormalization = _layer_class("BatchNormalization", layers_normalization.batch_normalization,
                                  "batch_normalization", takes_training=True)
MaxPooling1D = _layer_class("MaxPooling1D", conv1d_layers.max_pooling1d, "max_pooling1d")
AveragePooling1D = _layer_class("AveragePooling1D", conv1d_layers.average_pooling1d, "average_pooling1d")
SeparableConv2D = _layer_class("SeparableConv2D", separable_conv_layers.separable_conv2d, "separable_conv2d")
