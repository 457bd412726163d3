"""Building blocks of layers (tf.nn): bias_add, the ELU and leaky-ReLU activations, dropout,
and the Flatten op behind tf.layers.flatten.

Each op is declared once here (shape rule + gradient rule); kernels live in
src_cpp/kernels/nn_layers.cc under the same type names.
"""
import numbers

from ..framework import dtypes
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.shape_rules import FLOATING, NUMERIC, require_dtypes
from ..framework.tensor_shape import SCALAR, TensorShape, as_shape
from .array_ops import zeros_like
from .constant_op import convert_to_tensor
from .math_ops import multiply
from .random_ops import get_seed


def _create(op_type, inputs, attrs, name):
    return inputs[0].graph.create_op(op_type, tuple(inputs), attrs, name or op_type)


def _floating_same(inputs, attrs):
    require_dtypes(inputs[0], FLOATING, "op")
    return [(inputs[0]._dtype, inputs[0]._shape)]


def _first_input_shape(inputs, attrs):
    return [(inputs[0]._dtype, inputs[0]._shape)]


# ----- bias_add and activations ----------------------------------------------------------------------


def _bias_add_infer(inputs, attrs):
    value, bias = inputs
    require_dtypes(value, NUMERIC, "BiasAdd")
    if bias._dtype is not value._dtype:
        raise TypeError(f"bias ({bias._dtype.name}, '{bias.name}') must have the dtype of value ({value._dtype.name})")
    vs = value._shape
    if vs.ndims is not None and vs.ndims < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {vs.ndims}")
    bs = bias._shape.with_rank(1)
    if vs.ndims is not None and not TensorShape([vs[-1].value]).is_compatible_with(bs):
        raise ValueError(f"Dimensions must be equal, but are {vs[-1]} and {bs[0]}")
    if vs.ndims is not None and vs[-1].value is None and bs[0].value is not None:
        vs = TensorShape(vs.as_list()[:-1] + [bs[0].value])
    return [(value._dtype, vs)]


def _bias_add_grad_infer(inputs, attrs):
    s = inputs[0]._shape
    return [(inputs[0]._dtype, TensorShape([None if s.ndims is None else s[-1].value]))]


define_op("BiasAdd", infer=_bias_add_infer)
define_op("BiasAddGrad", infer=_bias_add_grad_infer)


@register_gradient("BiasAdd")
def _bias_add_grad(op, grad):
    return [grad, _create("BiasAddGrad", (grad,), None, None)._outputs[0]]


@register_gradient("BiasAddGrad")
def _bias_add_grad_grad(op, grad):
    return [bias_add(zeros_like(op.inputs[0]), grad)]


def bias_add(value, bias, data_format=None, name=None):
    """value + bias, with `bias` (1-D) added along value's last dimension.

    >>> z = tf.nn.bias_add(tf.matmul(X, W), b)
    """
    if data_format not in (None, "NHWC", "N...C"):
        raise ValueError(f"bias_add supports data_format='NHWC' (channels last) only, got {data_format!r}")
    v = convert_to_tensor(value)
    b = convert_to_tensor(bias, dtype=v.dtype)
    return _create("BiasAdd", (v, b), None, name)._outputs[0]


for _t in ("Elu", "LeakyRelu"):
    define_op(_t, infer=_floating_same)
for _t in ("EluGrad", "LeakyReluGrad"):
    define_op(_t, infer=_first_input_shape)
not_differentiable("EluGrad", "LeakyReluGrad")


@register_gradient("Elu")
def _elu_grad(op, grad):
    return [_create("EluGrad", (grad, op.outputs[0]), None, None)._outputs[0]]


@register_gradient("LeakyRelu")
def _leaky_relu_grad(op, grad):
    return [_create("LeakyReluGrad", (grad, op.inputs[0]), {"alpha": op.get_attr("alpha")}, None)._outputs[0]]


def elu(features, name=None):
    """Exponential linear unit: x if x > 0 else exp(x) - 1.

    >>> hidden1 = tf.layers.dense(X, 300, activation=tf.nn.elu)
    """
    return _create("Elu", (convert_to_tensor(features),), None, name)._outputs[0]


def leaky_relu(features, alpha=0.2, name=None):
    """x if x > 0 else alpha * x (integers are converted to float32 first, as TF).

    >>> hidden1 = tf.layers.dense(X, 300, activation=tf.nn.leaky_relu)
    """
    t = convert_to_tensor(features)
    if t.dtype.is_integer:
        from .math_ops import cast
        t = cast(t, dtypes.float32)
    return _create("LeakyRelu", (t,), {"alpha": float(alpha)}, name)._outputs[0]


# ----- dropout ---------------------------------------------------------------------------------------


def _dropout_infer(inputs, attrs):
    x, keep_prob = inputs
    if x._dtype not in FLOATING:
        raise ValueError(f"x has to be a floating point tensor since it's going to be scaled. Got a "
                         f"{x._dtype.name} tensor instead ('{x.name}').")
    if not keep_prob._shape.is_compatible_with(SCALAR):
        raise ValueError(f"keep_prob must be a scalar, got shape {keep_prob._shape}")
    noise = attrs.get("noise_shape")
    return [(x._dtype, x._shape), (x._dtype, x._shape if noise is None else TensorShape(noise))]


define_op("Dropout", infer=_dropout_infer, stateful=True)


@register_gradient("Dropout")
def _dropout_grad(op, grad, grad_mask):
    # The forward pass's mask (already scaled by 1/keep_prob), broadcast over x.
    return [multiply(grad, op.outputs[1]), None]


def _noise_shape_attr(noise_shape):
    if noise_shape is None:
        return None
    dims = as_shape(noise_shape).as_list() if not isinstance(noise_shape, (list, tuple)) else list(noise_shape)
    if any(d is None or int(d) < 0 for d in dims):
        raise ValueError(f"noise_shape must be a list of known sizes (e.g. [batch_size, 1]), got {noise_shape!r}")
    return [int(d) for d in dims]


def _is_run_time_shape(noise_shape):
    from ..framework.graph import Tensor
    if isinstance(noise_shape, Tensor):
        return True
    return isinstance(noise_shape, (list, tuple)) and any(isinstance(d, Tensor) for d in noise_shape)


def _dropout_with_run_time_noise_shape(x, keep_prob, noise_shape, seed):
    """A noise_shape known only at run time (e.g. [tf.shape(x)[0], 1]): the mask is drawn with that shape and
    broadcast over x, as TF1's dropout composes it (uniform noise, keep where it falls below keep_prob)."""
    from .concat_ops import stack
    from .math_ops import cast, divide, less
    from .random_ops import random_uniform
    shape = stack(list(noise_shape)) if isinstance(noise_shape, (list, tuple)) else noise_shape
    noise = random_uniform(shape, dtype=x.dtype, seed=seed)
    keep = cast(less(noise, keep_prob), x.dtype)
    return multiply(divide(x, keep_prob), keep)


def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """Zero each element with probability 1 - keep_prob and scale the kept ones by 1 / keep_prob,
    so the expected value is unchanged. `keep_prob` may be a tensor (e.g. a placeholder);
    `rate` = 1 - keep_prob is accepted instead (TF 1.13+).

    >>> keep_prob = tf.placeholder_with_default(1.0, shape=())
    >>> hidden1_drop = tf.nn.dropout(hidden1, keep_prob)
    """
    if keep_prob is not None and rate is not None:
        raise ValueError("Cannot specify both keep_prob and rate; pass one of them.")
    if keep_prob is None and rate is None:
        raise ValueError("dropout needs keep_prob (or rate = 1 - keep_prob).")
    xt = convert_to_tensor(x)
    if not xt.dtype.is_floating:
        raise ValueError(f"x has to be a floating point tensor since it's going to be scaled. Got a "
                         f"{xt.dtype.name} tensor instead ('{xt.name}').")
    g = xt.graph
    with g.as_default(), g.name_scope(name or "dropout") as scope:
        if rate is not None:
            if isinstance(rate, numbers.Real):
                if not 0 <= rate < 1:
                    raise ValueError(f"rate must be a scalar tensor or a float in the range [0, 1), got {rate:g}")
                keep_prob = 1.0 - rate
            else:
                keep_prob = 1.0 - convert_to_tensor(rate, dtype=xt.dtype, name="rate")
        if isinstance(keep_prob, numbers.Real):
            if not 0 < keep_prob <= 1:
                raise ValueError(f"keep_prob must be a scalar tensor or a float in the range (0, 1], got {keep_prob:g}")
            if keep_prob == 1:
                return xt  # nothing is dropped (TF1 returns x itself too)
        kp = convert_to_tensor(keep_prob, dtype=xt.dtype, name="keep_prob")
        if _is_run_time_shape(noise_shape):
            return _dropout_with_run_time_noise_shape(xt, kp, noise_shape, seed)
        s1, s2 = get_seed(seed)
        attrs = {"seed": int(s1 or 0), "seed2": int(s2 or 0), "noise_shape": _noise_shape_attr(noise_shape)}
        return g.create_op("Dropout", (xt, kp), attrs, scope)._outputs[0]


# ----- flatten ---------------------------------------------------------------------------------------


def _flatten_infer(inputs, attrs):
    s = inputs[0]._shape
    if s.ndims is None:
        return [(inputs[0]._dtype, TensorShape([None, None]))]
    if s.ndims == 0:
        raise ValueError("flatten needs an input with a batch dimension (rank >= 1), got a scalar")
    rest = TensorShape(s.as_list()[1:]).num_elements()
    return [(inputs[0]._dtype, TensorShape([s[0].value, rest]))]


def _flatten_grad_infer(inputs, attrs):
    return [(inputs[0]._dtype, inputs[1]._shape)]


define_op("Flatten", infer=_flatten_infer)
define_op("FlattenGrad", infer=_flatten_grad_infer)


@register_gradient("Flatten")
def _flatten_grad(op, grad):
    return [_create("FlattenGrad", (grad, op.inputs[0]), None, None)._outputs[0]]


@register_gradient("FlattenGrad")
def _flatten_grad_grad(op, grad):
    return [flatten(grad), None]


def flatten(x, name=None):
    """x reshaped to [batch, everything else] (the kernel shares x's buffer).

    >>> flat = flatten(images)   # [None, 28, 28] -> [None, 784]
    """
    t = convert_to_tensor(x)
    return _create("Flatten", (t,), None, name)._outputs[0]
