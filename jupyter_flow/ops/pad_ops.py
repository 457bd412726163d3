"""tf.pad: ops Pad (zeros), PadV2 (another constant) and MirrorPad (REFLECT / SYMMETRIC), as TF1 picks
them, with their shape rule and gradients (a slice of the padded gradient; MirrorPadGrad folds the
mirrored borders back onto the elements they copied).

>>> tf.pad(images, [[0, 0], [2, 2], [2, 2], [0, 0]])            # ResNet's explicit padding
>>> tf.pad(t, [[1, 1], [2, 2]], "REFLECT")
"""
import numpy as np

from ..framework import dtypes
from ..framework.op_def import define_op, register_gradient
from ..framework.tensor_shape import TensorShape
from ..framework.tensor_util import constant_value
from .constant_op import convert_to_tensor

_MODES = ("CONSTANT", "REFLECT", "SYMMETRIC")


def _padded_shape(x, paddings, op_type, shrink=False):
    if paddings._dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"{op_type}: paddings must be int32 or int64, got '{paddings.name}' {paddings._dtype.name}")
    rank = x._shape.ndims
    pshape = paddings._shape
    if pshape.ndims not in (None, 2) or (pshape.ndims == 2 and pshape.dims[1].value not in (None, 2)):
        raise ValueError(f"{op_type}: paddings must be a matrix with 2 columns, got shape {pshape}")
    if rank is None and pshape.ndims == 2 and pshape.dims[0].value is not None:
        rank = pshape.dims[0].value
    if rank is None:
        return TensorShape(None)
    if pshape.ndims == 2 and pshape.dims[0].value not in (None, rank):
        raise ValueError(f"{op_type}: paddings must have one row per dimension of '{x.name}' (rank {rank}), got "
                         f"shape {pshape}: e.g. [[0, 0]] * {rank}")
    values = constant_value(paddings)
    if values is None:
        return TensorShape([None] * rank)
    values = np.asarray(values).reshape(rank, 2)
    if (values < 0).any():
        raise ValueError(f"{op_type}: paddings must be non-negative, got {values.tolist()}")
    dims = x._shape.as_list() if x._shape.ndims is not None else [None] * rank
    sign = -1 if shrink else 1
    return TensorShape([None if d is None else d + sign * int(b + a) for d, (b, a) in zip(dims, values)])


def _pad_infer(inputs, attrs):
    return [(inputs[0]._dtype, _padded_shape(inputs[0], inputs[1], "Pad"))]


def _pad_v2_infer(inputs, attrs):
    x, _, c = inputs
    if c._dtype is not x._dtype or c._shape.ndims not in (None, 0):
        raise TypeError(f"tf.pad: constant_values must be a scalar of {x._dtype.name} like '{x.name}', got "
                        f"'{c.name}' {c._dtype.name} of shape {c._shape}")
    return [(x._dtype, _padded_shape(x, inputs[1], "PadV2"))]


def _mirror_infer(inputs, attrs):
    return [(inputs[0]._dtype, _padded_shape(inputs[0], inputs[1], "MirrorPad"))]


def _mirror_grad_infer(inputs, attrs):
    return [(inputs[0]._dtype, _padded_shape(inputs[0], inputs[1], "MirrorPadGrad", shrink=True))]


define_op("Pad", infer=_pad_infer)
define_op("PadV2", infer=_pad_v2_infer)
define_op("MirrorPad", infer=_mirror_infer)
define_op("MirrorPadGrad", infer=_mirror_grad_infer)


def _unpad(op, grad):
    # the gradient of the input is the padded gradient's middle: start at the "before" column
    from .indexing_ops import slice as slice_
    from .shape_ops import reshape, shape
    x, paddings = op.inputs[0], op.inputs[1]
    begin = reshape(slice_(paddings, [0, 0], [-1, 1]), [-1])
    return slice_(grad, begin, shape(x, out_type=paddings.dtype))


@register_gradient("Pad")
def _pad_grad(op, grad):
    return [_unpad(op, grad), None]


@register_gradient("PadV2")
def _pad_v2_grad(op, grad):
    return [_unpad(op, grad), None, None]  # TF1 gives constant_values no gradient either


@register_gradient("MirrorPad")
def _mirror_pad_grad(op, grad):
    mode = op.get_attr("mode")
    return [_create("MirrorPadGrad", [grad, op.inputs[1]], {"mode": mode}, None), None]


@register_gradient("MirrorPadGrad")
def _mirror_pad_grad_grad(op, grad):
    return [_create("MirrorPad", [grad, op.inputs[1]], {"mode": op.get_attr("mode")}, None), None]


def _create(op_type, inputs, attrs, name):
    g = inputs[0].graph
    return g.create_op(op_type, inputs, attrs, name or op_type).outputs[0]


def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0):
    """`tensor` with paddings[d] = [before, after] entries added around dimension d: constant_values
    (CONSTANT), the mirror image without the edge (REFLECT) or with it (SYMMETRIC)."""
    if not isinstance(mode, str) or mode.upper() not in _MODES:
        raise ValueError(f"tf.pad: mode must be one of {', '.join(_MODES)} (any case), got {mode!r}")
    mode = mode.upper()
    x = convert_to_tensor(tensor, name="tensor")
    g = x.graph
    with g.as_default():
        p = convert_to_tensor(paddings, name="paddings")
        if p.dtype not in (dtypes.int32, dtypes.int64):
            p = convert_to_tensor(paddings, dtype=dtypes.int32, name="paddings")
        if mode != "CONSTANT":
            return _create("MirrorPad", [x, p], {"mode": mode}, name)
        # TF1 keeps the plain Pad op for the default zero so graphs stay TF1's (and readable by old TF)
        if not hasattr(constant_values, "dtype") and np.all(np.asarray(constant_values) == 0):
            return _create("Pad", [x, p], {}, name)
        c = convert_to_tensor(constant_values, dtype=x.dtype, name="constant_values")
        return _create("PadV2", [x, p, c], {}, name)
