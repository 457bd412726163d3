"""tf.space_to_depth / tf.depth_to_space (also in tf.nn): NHWC blocks of block_size x block_size
pixels moved into the channels and back, as TF 1.x. Each is the other's inverse, so each one's
gradient is the other applied to the incoming gradient.

Declared once here (shape rule + gradient rule); kernels in src_cpp/kernels/space_depth.cc.
"""
import numbers

from ..framework.op_def import define_op, register_gradient
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor


def _block_size(block_size, op_type):
    if not isinstance(block_size, numbers.Integral) or isinstance(block_size, bool) or block_size < 2:
        raise ValueError(f"{op_type}: block_size must be an int of at least 2, got {block_size!r}")
    return int(block_size)


def _check_format(data_format, op_type):
    if data_format != "NHWC":
        raise ValueError(f"{op_type} supports data_format='NHWC' only, as TF 1.x does on CPU; got {data_format!r}. "
                         f"Transpose the input with tf.transpose(x, [0, 2, 3, 1]).")


def _dims(x, op_type):
    shape = x._shape
    if shape.ndims is None:
        return [None] * 4
    if shape.ndims != 4:
        raise ValueError(f"{op_type}: the input must be 4-D (NHWC), got shape {shape} ('{x.name}')")
    return [d.value for d in shape.dims]


def _space_to_depth_infer(inputs, attrs):
    x, bs = inputs[0], attrs["block_size"]
    n, h, w, c = _dims(x, "SpaceToDepth")
    for size, axis in ((h, "height"), (w, "width")):
        if size is not None and size % bs:
            raise ValueError(f"SpaceToDepth: the image {axis} {size} must be divisible by block_size {bs} "
                             f"(input shape {x._shape}, '{x.name}')")
    out = [n, None if h is None else h // bs, None if w is None else w // bs, None if c is None else c * bs * bs]
    return [(x._dtype, TensorShape(out))]


def _depth_to_space_infer(inputs, attrs):
    x, bs = inputs[0], attrs["block_size"]
    n, h, w, c = _dims(x, "DepthToSpace")
    if c is not None and c % (bs * bs):
        raise ValueError(f"DepthToSpace: the input depth {c} must be divisible by block_size squared, {bs * bs} "
                         f"(input shape {x._shape}, '{x.name}')")
    out = [n, None if h is None else h * bs, None if w is None else w * bs, None if c is None else c // (bs * bs)]
    return [(x._dtype, TensorShape(out))]


define_op("SpaceToDepth", infer=_space_to_depth_infer)
define_op("DepthToSpace", infer=_depth_to_space_infer)


def _create(op_type, x, block_size, data_format, name):
    _check_format(data_format, op_type)
    x = convert_to_tensor(x)
    attrs = {"block_size": _block_size(block_size, op_type), "data_format": data_format}
    return x.graph.create_op(op_type, (x,), attrs, name or op_type)._outputs[0]


@register_gradient("SpaceToDepth")
def _space_to_depth_grad(op, grad):
    return [_create("DepthToSpace", grad, op.get_attr("block_size"), "NHWC", None)]


@register_gradient("DepthToSpace")
def _depth_to_space_grad(op, grad):
    return [_create("SpaceToDepth", grad, op.get_attr("block_size"), "NHWC", None)]


def space_to_depth(input, block_size, name=None, data_format="NHWC"):  # noqa: A002 - TF1's parameter name
    """Moves each block_size x block_size block of pixels into the channels: [n, h, w, c] becomes
    [n, h / block_size, w / block_size, c * block_size ** 2].

    >>> y = tf.space_to_depth(x, 2)  # x: [1, 4, 4, 1] -> y: [1, 2, 2, 4]
    """
    return _create("SpaceToDepth", input, block_size, data_format, name)


def depth_to_space(input, block_size, name=None, data_format="NHWC"):  # noqa: A002 - TF1's parameter name
    """The inverse of space_to_depth: [n, h, w, c] becomes [n, h * block_size, w * block_size,
    c / block_size ** 2].

    >>> x = tf.depth_to_space(y, 2)  # y: [1, 2, 2, 4] -> x: [1, 4, 4, 1]
    """
    return _create("DepthToSpace", input, block_size, data_format, name)
