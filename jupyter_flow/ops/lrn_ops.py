"""Local response normalization (tf.nn.local_response_normalization, alias tf.nn.lrn): each
value divided by (bias + alpha * sum of squares of its depth_radius neighbours along the
channels) ** beta, as in AlexNet.

Declared once here (shape rule + gradient rule); kernels in src_cpp/kernels/lrn.cc.
"""
import numbers

from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.shape_rules import FLOATING, require_dtypes
from .constant_op import convert_to_tensor


def _lrn_infer(inputs, attrs):
    x = inputs[0]
    require_dtypes(x, FLOATING, "LRN")
    if x._shape.ndims is not None and x._shape.ndims != 4:
        raise ValueError(f"LRN: the input must be 4-D (NHWC), got shape {x._shape} ('{x.name}')")
    return [(x._dtype, x._shape)]


def _lrn_grad_infer(inputs, attrs):
    return [(inputs[1]._dtype, inputs[1]._shape)]


define_op("LRN", infer=_lrn_infer)
define_op("LRNGrad", infer=_lrn_grad_infer)
not_differentiable("LRNGrad")  # as TF 1.x: no second derivative


_LRN_ATTRS = ("depth_radius", "bias", "alpha", "beta")


@register_gradient("LRN")
def _lrn_grad(op, grad):
    attrs = {k: op.get_attr(k) for k in _LRN_ATTRS}
    return [op.graph.create_op("LRNGrad", (grad, op.inputs[0], op.outputs[0]), attrs, "LRNGrad")._outputs[0]]


def local_response_normalization(input, depth_radius=5, bias=1, alpha=1, beta=0.5, name=None):  # noqa: A002
    """x / (bias + alpha * sum_{|j - c| <= depth_radius} x[..., j] ** 2) ** beta along channels.

    >>> norm1 = tf.nn.local_response_normalization(conv1, depth_radius=2, alpha=2e-5, beta=0.75, bias=1.0)
    """
    x = convert_to_tensor(input)
    if not isinstance(depth_radius, numbers.Integral) or depth_radius < 0:
        raise ValueError(f"local_response_normalization: depth_radius must be a non-negative int, got {depth_radius!r}")
    attrs = {"depth_radius": int(depth_radius), "bias": float(bias), "alpha": float(alpha), "beta": float(beta)}
    return x.graph.create_op("LRN", (x,), attrs, name or "LRN")._outputs[0]


lrn = local_response_normalization
