"""Keras' BatchNormalization and LayerNormalization for TF1 graph mode. BatchNormalization: gamma/beta (trainable) and moving_mean/moving_variance
(non-trainable) weights; training (the call's `training=`, else the learning phase) normalizes by the
batch's moments, and the two moving-average updates go to `layer.updates` (TF 1.x keras leaves
UPDATE_OPS alone; run `layer.updates` or a Model's training step runs them).

>>> bn = tf.keras.layers.BatchNormalization(momentum=0.9); y = bn(h)
>>> train_op = tf.group(optimizer.minimize(loss), *bn.updates)
"""
from .. import backend, initializers, regularizers
from ..engine.base_layer import InputSpec, Layer
from ...framework.tensor_shape import TensorShape
from ...layers_normalization import _bessel_factor, _moving_average_update
from ...ops.normalization_ops import fused_batch_norm_op


class BatchNormalization(Layer):
    """y = gamma * (x - mean) / sqrt(variance + epsilon) + beta per channel (`axis`, default the last)."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 renorm=False, fused=None, **kwargs):
        for option, value in (("renorm", renorm), ("virtual_batch_size", kwargs.pop("virtual_batch_size", None)),
                              ("adjustment", kwargs.pop("adjustment", None))):
            if value:
                raise NotImplementedError(f"BatchNormalization({option}=...) is not supported by jupyter_flow.")
        kwargs.pop("renorm_clipping", None), kwargs.pop("renorm_momentum", None)
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            if len(axis) != 1:
                raise NotImplementedError(f"BatchNormalization normalizes along one axis; got axis={axis!r}")
            axis = axis[0]
        self.axis, self.momentum, self.epsilon = int(axis), float(momentum), float(epsilon)
        self.center, self.scale, self.fused = center, scale, fused
        self.initializers = {k: initializers.get(v) for k, v in (
            ("beta", beta_initializer), ("gamma", gamma_initializer), ("moving_mean", moving_mean_initializer),
            ("moving_variance", moving_variance_initializer))}
        self.regularizers = {"beta": regularizers.get(beta_regularizer), "gamma": regularizers.get(gamma_regularizer)}
        self.constraints = {"beta": beta_constraint, "gamma": gamma_constraint}

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        rank = input_shape.ndims
        if rank is None:
            raise ValueError(f"Input has undefined rank: layer {self.name} needs to know the rank of its inputs.")
        if not -rank <= self.axis < rank:
            raise ValueError(f"Invalid axis: {self.axis} for inputs of rank {rank} (layer {self.name})")
        self._axis = self.axis % rank
        channels = input_shape[self._axis].value
        if channels is None:
            raise ValueError(f"Axis {self.axis} of input tensor should have a defined dimension but the layer "
                             f"received an input with shape {input_shape.as_list()}.")
        self.input_spec = InputSpec(ndim=rank, axes={self._axis: channels})

        def weight(kind, trainable):
            return self.add_weight(kind, shape=[channels], initializer=self.initializers[kind],
                                   regularizer=self.regularizers.get(kind), constraint=self.constraints.get(kind),
                                   trainable=trainable)
        self.gamma = weight("gamma", True) if self.scale else None
        self.beta = weight("beta", True) if self.center else None
        self.moving_mean = weight("moving_mean", False)
        self.moving_variance = weight("moving_variance", False)
        self.built = True

    def call(self, inputs, training=None):
        from ...ops.constant_op import constant
        training = backend.learning_phase() if training is None else training
        if isinstance(training, int) and not isinstance(training, bool):
            training = bool(training)
        channels = inputs.shape[self._axis].value
        dtype = inputs.dtype.base_dtype
        gamma = self.gamma if self.scale else constant(1.0, dtype=dtype, shape=[channels], name="ones")
        beta = self.beta if self.center else constant(0.0, dtype=dtype, shape=[channels], name="zeros")
        # As tf.layers: TF1's fused kernel (4-D inputs, channel axis 1 or 3) keeps the unbiased variance.
        tf_fused = inputs.shape.ndims == 4 and self._axis in (1, 3) and self.fused is not False
        epsilon = max(self.epsilon, 1.001e-5) if tf_fused else self.epsilon
        y, batch_mean, batch_variance, _ = fused_batch_norm_op(inputs, gamma, beta, self.moving_mean,
                                                               self.moving_variance, training, epsilon, self._axis)
        if training is not False:
            decay = 1.0 - self.momentum
            sample_size = _bessel_factor(inputs, channels, dtype) if tf_fused else None
            self.add_update([_moving_average_update(self.moving_mean, batch_mean, decay, None),
                             _moving_average_update(self.moving_variance, batch_variance, decay, sample_size)])
        return y

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        return dict(super().get_config(), axis=self.axis, momentum=self.momentum, epsilon=self.epsilon,
                    center=self.center, scale=self.scale)


class LayerNormalization(Layer):
    """y = gamma * (x - mean) / sqrt(variance + epsilon) + beta, the moments taken per example over `axis`
    (default the last; a list of axes normalizes over all of them, and gamma/beta span those axes)."""

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.axis = [int(a) for a in axis] if isinstance(axis, (list, tuple)) else [int(axis)]
        self.epsilon, self.center, self.scale = float(epsilon), bool(center), bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint, self.gamma_constraint = beta_constraint, gamma_constraint

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        rank = input_shape.ndims
        if rank is None:
            raise ValueError(f"Input has undefined rank: layer {self.name} needs to know the rank of its inputs.")
        for a in self.axis:
            if not -rank <= a < rank:
                raise ValueError(f"Invalid axis: {a} for inputs of rank {rank} (layer {self.name})")
        self.axis = sorted({a % rank for a in self.axis})
        param_shape = [input_shape[a].value for a in self.axis]
        if None in param_shape:
            raise ValueError(f"LayerNormalization: axes {self.axis} of the input shape {input_shape.as_list()} must "
                             f"be known (layer {self.name})")
        self.gamma = self.add_weight("gamma", shape=param_shape, initializer=self.gamma_initializer,
                                     regularizer=self.gamma_regularizer, constraint=self.gamma_constraint) \
            if self.scale else None
        self.beta = self.add_weight("beta", shape=param_shape, initializer=self.beta_initializer,
                                    regularizer=self.beta_regularizer, constraint=self.beta_constraint) \
            if self.center else None
        self.built = True

    def call(self, inputs):
        from ...ops.normalization_ops import batch_normalization, moments
        from ...ops.shape_ops import reshape
        rank = inputs.shape.ndims
        mean, variance = moments(inputs, self.axis, keepdims=True)
        # gamma/beta broadcast along the normalized axes only: [1, ..., d_axis, ..., 1].
        broadcast = [inputs.shape[a].value if a in self.axis else 1 for a in range(rank)]
        gamma = None if self.gamma is None else reshape(self.gamma, broadcast)
        beta = None if self.beta is None else reshape(self.beta, broadcast)
        return batch_normalization(inputs, mean, variance, offset=beta, scale=gamma, variance_epsilon=self.epsilon)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        return dict(super().get_config(), axis=list(self.axis), epsilon=self.epsilon, center=self.center,
                    scale=self.scale, beta_initializer=initializers.serialize(self.beta_initializer),
                    gamma_initializer=initializers.serialize(self.gamma_initializer))
