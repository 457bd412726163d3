"""tf.layers.Dense: the object form of tf.layers.dense, as TF1 programs pass it around (a seq2seq
decoder's output_layer, a layer applied to several inputs with shared weights).

The first call makes the layer's variable scope (dense, dense_1, ... or the given name made unique,
as tf.layers.dense does) and its variables; every later call re-enters that scope with reuse, so all
calls share one kernel and bias.
"""
import numbers

from .framework.scopes import variable_scope
from .ops import init_ops
from .ops.constant_op import convert_to_tensor
from .ops.state_ops import global_variables


class ScopedLayer:
    """What TF1's layer objects share: a variable scope made at the first call (`_scope`), the variables
    made in it, and the Keras-style views of them. Subclasses set `_name`, `_scope`, `variables`, `trainable`
    and `_default_name`."""
    _default_name = "layer"

    @property
    def name(self):
        return self._scope.name if self._scope is not None else (self._name or self._default_name)

    @property
    def built(self):
        return self._scope is not None

    @property
    def trainable_variables(self):
        return list(self.variables) if self.trainable else []

    trainable_weights = trainable_variables

    @property
    def weights(self):
        return list(self.variables)


class Dense(ScopedLayer):
    """A fully connected layer object: `layer = tf.layers.Dense(10); logits = layer(h)`."""
    _default_name = "dense"

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                 name=None, **kwargs):
        from .layers import _not_supported
        _not_supported(activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                       bias_constraint=bias_constraint)
        if not isinstance(units, numbers.Integral) or units <= 0:
            raise ValueError(f"Dense's units must be a positive int, got {units!r}")
        unknown = set(kwargs) - {"dtype", "_reuse", "_scope"}
        if unknown:
            raise TypeError(f"tf.layers.Dense got unexpected keyword arguments {sorted(unknown)}")
        self.units, self.activation, self.use_bias, self.trainable = int(units), activation, use_bias, trainable
        self._initializers = (kernel_initializer, bias_initializer)
        self._regularizers = (kernel_regularizer, bias_regularizer)
        self._name = name
        self._scope = None
        self.variables = []
        self.kernel = self.bias = None

    def __call__(self, inputs):
        from .layers import _dense_in_scope, _layer_scope
        x = convert_to_tensor(inputs)
        if not x.dtype.is_floating:
            raise TypeError(f"Dense needs floating-point inputs, got {x.dtype.name} ('{x.name}'); use tf.cast first.")
        if x.shape.ndims is None or x.shape.ndims < 2 or x.shape[-1].value is None:
            raise ValueError(f"Dense takes inputs of shape [batch, ..., features] with the features known, got "
                             f"{x.shape} ('{x.name}'); use tf.layers.flatten or tf.reshape first.")
        args = (self.units, self.activation, self.use_bias, *self._initializers, *self._regularizers, self.trainable)
        if self._scope is not None:
            with variable_scope(self._scope, reuse=True):
                return _dense_in_scope(x, *args)
        before = {id(v) for v in global_variables()}
        with _layer_scope(self._name, "dense", None) as scope:
            outputs = _dense_in_scope(x, *args)
        self._scope = scope
        self.variables = [v for v in global_variables() if id(v) not in before]
        self.kernel = next((v for v in self.variables if v.op.name.endswith("/kernel")), None)
        self.bias = next((v for v in self.variables if v.op.name.endswith("/bias")), None)
        return outputs

    apply = __call__
