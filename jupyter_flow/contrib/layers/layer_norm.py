"""tf.contrib.layers.layer_norm (also slim.layer_norm): normalization over the features of each
example, with TF1's variables (LayerNorm/beta, LayerNorm/gamma) and epsilon (1e-12).

>>> h = tf.contrib.layers.layer_norm(h, begin_norm_axis=1, begin_params_axis=-1)
"""
from ...framework import dtypes
from ...framework.scopes import variable_scope
from ...ops import init_ops
from ...ops.constant_op import convert_to_tensor
from ...ops.normalization_ops import batch_normalization, moments
from ..framework.arg_scope import add_arg_scope
from .core import _collect_outputs, _collections_for, _model_variable


@add_arg_scope
def layer_norm(inputs, center=True, scale=True, activation_fn=None, reuse=None, variables_collections=None,
               outputs_collections=None, trainable=True, begin_norm_axis=1, begin_params_axis=-1, scope=None):
    """(x - mean) / sqrt(var + 1e-12) * gamma + beta, the moments over dims begin_norm_axis..end of
    each example; beta and gamma have the shape of dims begin_params_axis..end.

    >>> normed = layer_norm(x)                       # x: [batch, features]
    """
    with variable_scope(scope, default_name="LayerNorm", values=[inputs], reuse=reuse) as sc:
        x = convert_to_tensor(inputs)
        shape = x.shape
        rank = shape.ndims
        if rank is None:
            raise ValueError(f"Inputs {x.name} has undefined rank.")
        dtype = x.dtype.base_dtype
        if begin_norm_axis < 0:
            begin_norm_axis = rank + begin_norm_axis
        if begin_params_axis >= rank or begin_norm_axis >= rank:
            raise ValueError(f"begin_params_axis ({begin_params_axis}) and begin_norm_axis ({begin_norm_axis}) must "
                             f"be < rank(inputs) ({rank})")
        params_shape = shape[begin_params_axis:]
        if not params_shape.is_fully_defined():
            raise ValueError(f"Inputs {x.name}: shape(inputs)[{begin_params_axis}:] is not fully defined: {shape}")
        beta = gamma = None
        if center:
            beta = _model_variable("beta", params_shape.as_list(), dtype, init_ops.zeros_initializer(), None,
                                   trainable, _collections_for(variables_collections, "beta"))
        if scale:
            gamma = _model_variable("gamma", params_shape.as_list(), dtype, init_ops.ones_initializer(), None,
                                    trainable, _collections_for(variables_collections, "gamma"))
        mean, variance = moments(x, list(range(begin_norm_axis, rank)), keep_dims=True)
        epsilon = 1e-3 if dtype == dtypes.float16 else 1e-12
        outputs = batch_normalization(x, mean, variance, offset=beta, scale=gamma, variance_epsilon=epsilon)
        outputs.set_shape(shape)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
    return _collect_outputs(outputs_collections, outputs, sc)
