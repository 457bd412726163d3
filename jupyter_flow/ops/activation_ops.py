"""Activations beyond ReLU/ELU: tf.nn.selu, softplus, softsign (kernels in
src_cpp/kernels/activations.cc) and crelu (a concat of two ReLUs, as TF1 builds it).

>>> hidden1 = tf.layers.dense(X, 300, activation=tf.nn.selu)
"""
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.shape_rules import FLOATING, require_dtypes
from .concat_ops import concat
from .constant_op import convert_to_tensor
from .math_ops import negative, relu


def _floating_same(inputs, attrs):
    require_dtypes(inputs[0], FLOATING, "activation")
    return [(inputs[0]._dtype, inputs[0]._shape)]


def _gradient_shape(inputs, attrs):
    return [(inputs[0]._dtype, inputs[0]._shape)]


for _t in ("Selu", "Softplus", "Softsign"):
    define_op(_t, infer=_floating_same)
for _t in ("SeluGrad", "SoftplusGrad", "SoftsignGrad"):
    define_op(_t, infer=_gradient_shape)
not_differentiable("SeluGrad", "SoftplusGrad", "SoftsignGrad")


def _grad_op(op_type, grad, value):
    return grad.graph.create_op(op_type, (grad, value), None, op_type)._outputs[0]


@register_gradient("Selu")
def _selu_grad(op, grad):
    return [_grad_op("SeluGrad", grad, op.outputs[0])]


@register_gradient("Softplus")
def _softplus_grad(op, grad):
    return [_grad_op("SoftplusGrad", grad, op.inputs[0])]


@register_gradient("Softsign")
def _softsign_grad(op, grad):
    return [_grad_op("SoftsignGrad", grad, op.inputs[0])]


def _unary(op_type, features, name):
    t = convert_to_tensor(features)
    return t.graph.create_op(op_type, (t,), None, name or op_type)._outputs[0]


def selu(features, name=None):
    """Scaled ELU: scale * x if x > 0 else scale * alpha * (exp(x) - 1) (self-normalizing).

    >>> hidden1 = tf.layers.dense(X, 300, activation=tf.nn.selu,
    ...                           kernel_initializer=tf.variance_scaling_initializer(1.0))
    """
    return _unary("Selu", features, name)


def softplus(features, name=None):
    """log(1 + exp(x)), computed without overflow.

    >>> y = tf.nn.softplus(z)
    """
    return _unary("Softplus", features, name)


def softsign(features, name=None):
    """x / (1 + |x|).

    >>> y = tf.nn.softsign(z)
    """
    return _unary("Softsign", features, name)


def crelu(features, name=None, axis=-1):
    """Concatenated ReLU: relu([x, -x]) along `axis` (twice the channels).

    >>> h = tf.nn.crelu(tf.layers.dense(X, 100))   # 200 outputs
    """
    g = convert_to_tensor(features).graph
    with g.name_scope(name or "CRelu"):
        x = convert_to_tensor(features, name="features")
        return relu(concat([x, negative(x)], axis, name="concat"))
