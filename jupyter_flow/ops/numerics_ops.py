"""NaN and Inf checks: TF1's `tf.check_numerics` (an identity that fails the run when its input holds
NaN or Inf) and `tf.add_check_numerics_ops()` (one check per float tensor of the graph). The kernel is
in src_cpp/kernels/numerics.cc; the engine-wide check of `%flow_debug nan on` (every step's float
outputs, no ops added) is `tf.debugging.enable_check_numerics()` here and src_cpp/run_trace.h there.
"""
from .. import _engine
from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.op_def import OP_DEFS, define_op, register_gradient
from .constant_op import convert_to_tensor
from .control_flow_ops import group

_FLOATS = (dtypes.float32, dtypes.float64)


def _check_numerics_infer(inputs, attrs):
    x = inputs[0]
    if x._dtype not in _FLOATS:
        raise TypeError(f"CheckNumerics checks float tensors; '{x.name}' is {x._dtype.name} (cast it first, "
                        f"or check the float tensor it was computed from)")
    return [(x._dtype, x._shape)]


# Stateful as in TF1: a check must run every time, never be folded into a cached constant.
define_op("CheckNumerics", infer=_check_numerics_infer, stateful=True)


@register_gradient("CheckNumerics")
def _check_numerics_grad(op, grad):
    # The gradient passes through, checked too (TF1's message).
    message = "Not a number (NaN) or infinity (Inf) values detected in gradient. " + op.get_attr("message")
    return [check_numerics(grad, message)]


def check_numerics(tensor, message, name=None):
    """`tensor` unchanged; the run fails with InvalidArgumentError "<message> : Tensor had NaN values"
    (or Inf) when it holds NaN or Inf.

    >>> loss = tf.check_numerics(loss, "loss")
    """
    x = convert_to_tensor(tensor)
    return x.graph.create_op("CheckNumerics", (x,), {"message": str(message)}, name or "CheckNumerics")._outputs[0]


def _ops_in_control_flow_bodies(graph):
    from .control_flow_body import CONTROL_FLOW_INFO
    inside = set()
    for op, info in list(CONTROL_FLOW_INFO.items()):
        if op.graph is graph:
            for attr in ("ops", "then_ops", "else_ops"):
                inside |= set(getattr(info, attr, ()) or ())
    return inside


def _outputs_a_ref(op):
    """A variable, or an op updating one (Assign, Apply*): TF1 types its output *_ref, which the
    check skips."""
    if op.type == "VariableV2":
        return True
    op_def = OP_DEFS.get(op.type)
    return op_def is not None and bool(op_def.ref_inputs)


def add_check_numerics_ops():
    """One check_numerics per float tensor of the default graph, chained by control dependencies;
    returns the op that runs them all (as TF1; the message names each tensor, "op_name:index").

    >>> check = tf.add_check_numerics_ops()
    >>> sess.run([train_op, check], feed_dict=...)
    """
    graph = get_default_graph()
    in_bodies = _ops_in_control_flow_bodies(graph)
    checks = []
    for op in graph.get_operations():
        if _outputs_a_ref(op):
            continue
        for output in op.outputs:
            if output.dtype not in _FLOATS:
                continue
            if op in in_bodies:
                raise ValueError("tf.add_check_numerics_ops() is not compatible with TensorFlow control flow "
                                 "operations such as `tf.cond()` or `tf.while_loop()`. (Use %flow_debug nan on, "
                                 "or tf.debugging.enable_check_numerics(), which checks inside loops too.)")
            with graph.control_dependencies(checks):
                checks = [check_numerics(output, f"{op.name}:{output.value_index}")]
    return group(*checks)


def enable_check_numerics(stack_height_limit=30, path_length_limit=50):
    """Check every float value every run computes, in the engine, until disabled: the first op whose
    output holds NaN or Inf fails the run with InvalidArgumentError naming it, its inputs' ranges and
    the line that made it. (The limits are TF2's arguments, accepted and unused.)

    >>> tf.debugging.enable_check_numerics()
    """
    set_check_numerics(True)


def disable_check_numerics():
    """Stop the check enable_check_numerics() started.

    >>> tf.debugging.disable_check_numerics()
    """
    set_check_numerics(False)


def set_check_numerics(on):
    """Turn the engine's NaN/Inf check of every run on or off. Plans built while it is on are not fused
    (a fused chain has no intermediate values to check), so the cached plans are dropped either way."""
    from ..client.session import forget_all_plans
    if bool(on) != _engine.check_numerics():
        _engine.set_check_numerics(bool(on))
        forget_all_plans()
