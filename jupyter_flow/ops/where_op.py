"""tf.where(condition) with neither x nor y: the coordinates of the true elements (TF1's Where op),
an int64 matrix with one row per true element and one column per dimension of `condition`.

    >>> tf.where([[True, False], [False, True]])   # [[0, 0], [1, 1]]
"""
from ..framework import dtypes
from ..framework.op_def import define_op, not_differentiable
from ..framework.tensor_shape import TensorShape


def _where_infer(inputs, attrs):
    condition = inputs[0]
    if condition._dtype.is_complex or condition._dtype is dtypes.string:
        raise TypeError(f"tf.where(condition) needs a bool or real condition, got {condition._dtype.name} "
                        f"('{condition.name}')")
    rank = condition._shape.ndims
    return [(dtypes.int64, TensorShape([None, rank]))]


define_op("Where", infer=_where_infer)
not_differentiable("Where")


def true_coordinates(condition, name=None):
    from .constant_op import convert_to_tensor
    c = convert_to_tensor(condition, preferred_dtype=dtypes.bool)
    return c.graph.create_op("Where", (c,), None, name or "Where")._outputs[0]
