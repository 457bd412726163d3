"""Grouping and ordering: no_op, group, tuple, and a variable's initialized_value."""
from ..framework.graph import Tensor, get_default_graph
from ..framework.op_def import define_op, not_differentiable
from ..framework.shape_rules import no_outputs
from .constant_op import convert_to_tensor

define_op("NoOp", infer=no_outputs)
not_differentiable("NoOp")


def no_op(name=None):
    """An op that does nothing (a target for control dependencies)."""
    return get_default_graph().create_op("NoOp", (), None, name or "NoOp")


def group(*inputs, name=None):
    """An op that runs all `inputs` (ops or tensors) and outputs nothing.

    >>> train = tf.group(update_w, update_b)
    """
    if len(inputs) == 1 and isinstance(inputs[0], (list, tuple)):
        inputs = inputs[0]
    ops = []
    for i in inputs:
        if i is None:
            continue
        op = i.op if isinstance(i, Tensor) or hasattr(i, "_as_tensor") else i
        if op not in ops:
            ops.append(op)
    g = ops[0].graph if ops else get_default_graph()
    return g.create_op("NoOp", (), None, name or "group_deps", control_inputs=tuple(ops))


def tuple_(tensors, name=None, control_inputs=None):
    """The same tensors, each available only after all of them are computed."""
    from .array_ops import identity
    ts = [convert_to_tensor(t) for t in tensors if t is not None]
    gate = group(*ts, *(control_inputs or ()), name=name or "tuple")
    g = get_default_graph()
    out = []
    with g.control_dependencies([gate]):
        for t in tensors:
            out.append(None if t is None else identity(t))
    return out


def _initialized_value_infer(inputs, attrs):
    return [(inputs[1]._dtype, inputs[0]._shape)]


define_op("InitializedValue", infer=_initialized_value_infer, ref_inputs=(0,), stateful=True)
not_differentiable("InitializedValue")


def initialized_value(variable):
    """The variable's value if it has one, else its initial value (TF1's cond on
    is_variable_initialized)."""
    g = variable.graph
    return g.create_op("InitializedValue", (variable._variable, variable.initial_value), None,
                       variable.op.name + "/initialized_value")._outputs[0]
