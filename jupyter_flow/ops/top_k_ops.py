"""tf.nn.top_k (op TopKV2): the k largest entries of the last axis, largest first, and their int32 indices.
Its gradient sends each value's gradient back to the entry it came from (a scatter, as TF1)."""
import collections
import numbers

from ..framework import dtypes
from ..framework.op_def import define_op, register_gradient
from ..framework.shape_rules import require_dtypes
from ..framework.tensor_shape import TensorShape
from ..framework.tensor_util import constant_value
from .constant_op import convert_to_tensor

TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])  # what TF1's tf.nn.top_k returns
_TOP_K_DTYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64)


def _top_k_infer(inputs, attrs):
    x, k = inputs
    require_dtypes(x, _TOP_K_DTYPES, "TopKV2")
    if k._dtype is not dtypes.int32 or k._shape.ndims not in (None, 0):
        raise TypeError(f"top_k's k must be an int32 scalar, got '{k.name}' {k._dtype.name} of shape {k._shape}")
    k_value = constant_value(k)
    shape = x._shape
    if shape.ndims is None:
        out = TensorShape(None)
    else:
        if shape.ndims == 0:
            raise ValueError(f"top_k needs an input of rank >= 1; '{x.name}' is a scalar")
        last = shape.dims[-1].value
        if k_value is not None:
            k_value = int(k_value)
            if k_value < 0:
                raise ValueError(f"top_k: Need k >= 0, got {k_value}")
            if last is not None and last < k_value:
                raise ValueError(f"input must have last dimension >= k = {k_value} but is {last}")
        out = TensorShape(shape.as_list()[:-1] + [k_value])
    return [(x._dtype, out), (dtypes.int32, out)]


define_op("TopKV2", infer=_top_k_infer)


@register_gradient("TopKV2")
def _top_k_grad(op, grad_values, grad_indices):
    from .array_ops import zeros_like
    from .scatter_ops import scatter_nd
    from .sequence_ops import range as range_
    from .shape_ops import expand_dims, reshape, shape, size
    x, indices = op.inputs[0], op.outputs[1]
    if grad_values is None:
        return [zeros_like(x), None]
    in_shape = shape(x)
    n = in_shape[-1]
    k = shape(indices)[-1]
    rows_indices = reshape(indices, [-1, k])
    rows = shape(rows_indices)[0]
    flat = rows_indices + expand_dims(range_(rows) * n, -1)
    grad = scatter_nd(reshape(flat, [-1, 1]), reshape(grad_values, [-1]), expand_dims(size(x), 0))
    return [reshape(grad, in_shape), None]


def top_k(input, k=1, sorted=True, name=None):  # noqa: A002 - TF1's parameter names
    """(values, indices) of the k largest entries along the last axis, largest first; equal values keep
    their index order.

    >>> values, indices = tf.nn.top_k(logits, k=5)
    """
    if isinstance(k, bool) or not (isinstance(k, numbers.Integral) or hasattr(k, "dtype")):
        raise TypeError(f"top_k's k must be an int or an int32 scalar tensor, got {k!r}")
    x = convert_to_tensor(input, name="input")
    g = x.graph
    with g.as_default():
        k_t = convert_to_tensor(k, dtype=dtypes.int32, name="k")
        op = g.create_op("TopKV2", (x, k_t), {"sorted": bool(sorted)}, name or "TopKV2")
        return TopKV2(op.outputs[0], op.outputs[1])
