"""tf.count_up_to / Variable.count_up_to: increment an integer variable until a limit, then raise
tf.errors.OutOfRangeError (tf.train.limit_epochs counts epochs with it). Kernel:
src_cpp/kernels/count_up_to.cc.

>>> v = tf.Variable(0); step = v.count_up_to(2)   # runs give 0, 1, then OutOfRangeError
"""
from ..framework import dtypes
from ..framework.op_def import define_op, not_differentiable
from ..framework.tensor_shape import TensorShape
from .state_ops import _ref_of


def _count_up_to_infer(inputs, attrs):
    ref = inputs[0]
    if ref.op.type != "VariableV2":
        raise TypeError(f"CountUpTo's input must be a variable, not '{ref.name}' ({ref.op.type})")
    if ref._dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"CountUpTo needs an int32 or int64 variable, '{ref.op.name}' is {ref._dtype.name}")
    if not ref._shape.is_compatible_with(TensorShape([])):
        raise ValueError(f"CountUpTo needs a scalar variable, '{ref.op.name}' has shape {ref._shape}")
    return [(ref._dtype, TensorShape([]))]


define_op("CountUpTo", infer=_count_up_to_infer, ref_inputs=(0,), stateful=True)
not_differentiable("CountUpTo")


def count_up_to(ref, limit, name=None):
    """An op that increments variable `ref` and outputs its value before the increment; once the
    value has reached `limit` it raises OutOfRangeError instead.

    >>> counter = tf.count_up_to(epochs, 3)
    """
    r = _ref_of(ref)
    with r.graph.as_default():
        return r.graph.create_op("CountUpTo", (r,), {"limit": int(limit)}, name or "CountUpTo")._outputs[0]
