"""IdentityN (tf.identity_n: several tensors passed through one node, which is where
tf.custom_gradient hangs its gradient) and EnsureShape (tf.ensure_shape: a static shape promise
checked when the graph runs). Kernels: src_cpp/kernels/identity_n.cc."""
from ..framework.op_def import define_op, register_gradient
from ..framework.tensor_shape import as_shape
from .constant_op import convert_to_tensor


def _identity_n_infer(inputs, attrs):
    return [(t._dtype, t._shape) for t in inputs]


define_op("IdentityN", infer=_identity_n_infer)


@register_gradient("IdentityN")
def _identity_n_grad(op, *grads):
    return list(grads)


def identity_n(input, name=None):  # noqa: A002 - TF1's parameter name
    """The tensors of the list `input`, passed through one IdentityN node.

    >>> a2, b2 = tf.identity_n([a, b])
    """
    tensors = [convert_to_tensor(t) for t in input]
    if not tensors:
        raise ValueError("identity_n needs at least one tensor")
    attrs = {"T": [t.dtype for t in tensors]}  # as TF's NodeDef (GraphDefs written for TF need it)
    return list(tensors[0].graph.create_op("IdentityN", tuple(tensors), attrs, name or "IdentityN")._outputs)


def _ensure_shape_infer(inputs, attrs):
    x = inputs[0]
    expected = attrs["shape"]
    if not x._shape.is_compatible_with(expected):
        raise ValueError(f"Shape {x._shape._bracket_str()} is not compatible with the expected shape "
                         f"{expected._bracket_str()} of tf.ensure_shape")
    return [(x._dtype, x._shape.merge_with(expected))]


define_op("EnsureShape", infer=_ensure_shape_infer)


@register_gradient("EnsureShape")
def _ensure_shape_grad(op, grad):
    return [grad]


def ensure_shape(x, shape, name=None):
    """x, with the static shape `shape` (None entries: any size) and a check when the graph runs
    that the value has it (InvalidArgumentError otherwise).

    >>> images = tf.ensure_shape(decoded, [None, 28, 28, 1])
    """
    t = convert_to_tensor(x, name="x")
    expected = as_shape(shape)
    if expected.ndims is None:
        return t.graph.create_op("Identity", (t,), None, name or "EnsureShape")._outputs[0]  # nothing to check
    return t.graph.create_op("EnsureShape", (t,), {"shape": expected, "T": t.dtype}, name or "EnsureShape")._outputs[0]
