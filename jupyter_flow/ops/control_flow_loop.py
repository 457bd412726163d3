"""tf.while_loop: a While op whose condition and body are sub-graphs run by its C++ kernel
(src_cpp/kernels/control_flow.cc), and its gradient, a backward While loop.

The body's ops live in the graph under the loop's name scope (`while/add`...). Inside, each loop
variable is a LoopArg op that the kernel feeds with the variable's value of the current
iteration. Outputs of the While op: the final loop variables, the number of iterations, and
(once a gradient asked for them) the per-iteration values of body tensors the backward loop
reads, stacked along a new first axis.
"""
from ..framework import dtypes, nest
from ..framework.graph import Tensor, get_default_graph
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.tensor_shape import TensorShape, as_shape
from .constant_op import convert_to_tensor
from .control_flow_body import (CONTROL_FLOW_INFO, BodyRecorder, captures_of, edges, is_stateful,
                                tensor_at)


def _loop_arg_infer(inputs, attrs):
    return [(attrs["dtype"], attrs["shape"])]


define_op("LoopArg", infer=_loop_arg_infer)
not_differentiable("LoopArg")  # a leaf of the body: its gradient is the loop's business (_while_grad)


def _while_infer(inputs, attrs):
    g = inputs[0].graph if inputs else get_default_graph()
    specs = []
    for arg_id in attrs["args"]:
        t = g._op_by_id(arg_id)._outputs[0]
        specs.append((t._dtype, t._shape))
    specs.append((dtypes.int32, TensorShape([])))
    keep = attrs["keep"]
    for k in range(len(keep) // 2):
        t = tensor_at(g, keep, k)
        specs.append((t._dtype, TensorShape([None]).concatenate(t._shape)))
    return specs


define_op("While", infer=_while_infer, stateful=True)
define_op("StatelessWhile", infer=_while_infer)


class _LoopInfo:
    """What the gradient needs to know about a While op (see _while_grad)."""

    __slots__ = ("args", "body_outputs", "captures", "ops", "history", "__weakref__")

    def __init__(self, args, body_outputs, captures, ops):
        self.args = args
        self.body_outputs = body_outputs
        self.captures = captures
        self.ops = ops  # the body's and condition's ops (LoopArgs included)
        self.history = {}  # body tensor -> the While output stacking its value per iteration


def _as_loop_value(v):
    from .tensor_array import TensorArray
    if isinstance(v, TensorArray):
        return v.flow
    return convert_to_tensor(v)


def _repack(template_flat, tensors):
    """Loop values back as the user's objects (a TensorArray flow becomes a TensorArray)."""
    from .tensor_array import TensorArray
    return [t_old._with_flow(t) if isinstance(t_old, TensorArray) else t for t_old, t in zip(template_flat, tensors)]


def _shape_error(enter, after, arg_name):
    return ValueError(f"Input tensor '{enter.name}' enters the loop with shape {enter.shape}, but has shape "
                      f"{after.shape} after one iteration. To allow the shape to vary across iterations, use the "
                      f"`shape_invariants` argument of tf.while_loop to specify a less-specific shape "
                      f"(loop variable '{arg_name}').")


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10, back_prop=True,
               swap_memory=False, name=None, maximum_iterations=None, return_same_structure=False):
    """Repeat `body` while `cond` is true, inside one Session.run (the engine runs the loop).

    >>> i, s = tf.while_loop(lambda i, s: i < 10, lambda i, s: (i + 1, s + i), (0, 0))
    >>> sess.run(s)   # 45
    """
    if not callable(cond) or not callable(body):
        raise TypeError("tf.while_loop: cond and body must be callables (e.g. lambdas taking the loop variables)")
    if parallel_iterations < 1:
        raise ValueError("parallel_iterations must be a positive integer.")
    g = get_default_graph()
    with g.name_scope(name or "while"):
        if maximum_iterations is not None:
            # As TF1: a hidden counter joins the loop variables and bounds the trip count.
            from .math_ops import logical_and, less
            max_iter = convert_to_tensor(maximum_iterations, name="maximum_iterations")
            user_cond, user_body, user_vars = cond, body, loop_vars

            def cond(n, v):
                return logical_and(less(n, max_iter), user_cond(*_call_args(v, user_vars)))

            def body(n, v):
                return n + 1, _body_result(user_body(*_call_args(v, user_vars)), user_vars)

            loop_vars = (convert_to_tensor(0, dtype=max_iter.dtype, name="iteration_counter"), loop_vars)
            if shape_invariants is not None:
                shape_invariants = (TensorShape([]), shape_invariants)
        flat_vars = nest.flatten(loop_vars)
        if not flat_vars:
            raise ValueError("No loop variables provided")
        enter = [_as_loop_value(v) for v in flat_vars]
        if shape_invariants is not None:
            inv = nest.flatten(shape_invariants)
            if len(inv) != len(enter):
                raise ValueError(f"shape_invariants has {len(inv)} shapes for {len(enter)} loop variables")
            invariants = [as_shape(s) for s in inv]
            for t, s in zip(enter, invariants):
                if not s.is_compatible_with(t.shape):
                    raise ValueError(f"The shape invariant {s} is not compatible with the initial shape "
                                     f"{t.shape} of loop variable '{t.name}'.")
        else:
            invariants = [t.shape for t in enter]

        with g.control_dependencies(None):  # the body does not inherit the caller's control dependencies
            rec = BodyRecorder(g)
            try:
                args = [g.create_op("LoopArg", (), {"dtype": t.dtype, "shape": s}, "Identity")._outputs[0]
                        for t, s in zip(enter, invariants)]
                packed = nest.pack_sequence_as(loop_vars, _repack(flat_vars, args))
                call = packed if isinstance(packed, (list, tuple)) and not _is_namedtuple(packed) else (packed,)
                cond_out = convert_to_tensor(cond(*call))
                if cond_out.dtype is not dtypes.bool or not cond_out.shape.is_compatible_with([]):
                    raise TypeError(f"The condition of tf.while_loop must return a boolean scalar, got {cond_out!r}")
                result = body(*call)
                result = _body_result(result, loop_vars)
                flat_out = nest.flatten(result)
                if len(flat_out) != len(args):
                    raise ValueError(f"The body of tf.while_loop returned {len(flat_out)} values for "
                                     f"{len(args)} loop variables; it must return the loop variables' structure")
                outs = []
                for arg, e, v, s in zip(args, enter, flat_out, invariants):
                    t = _as_loop_value(v)
                    if t.dtype is not e.dtype:
                        raise TypeError(f"Loop variable '{e.name}' enters the loop as {e.dtype.name} but the body "
                                        f"returns {t.dtype.name} ({t.name}); keep each loop variable's dtype")
                    if not s.is_compatible_with(t.shape):
                        raise _shape_error(e, t, arg.name)
                    outs.append(t)
            finally:
                rec.close()
            ops = rec.ops_for([cond_out] + outs) | {a.op for a in args}
        captures = captures_of(ops, [cond_out] + outs)
        attrs = {"args": [a.op._id for a in args], "captures": edges(captures), "cond_output": edges([cond_out]),
                 "body_outputs": edges(outs), "keep": [], "parallel_iterations": int(parallel_iterations)}
        op_type = "While" if is_stateful(ops) else "StatelessWhile"
        op = g.create_op(op_type, tuple(enter) + tuple(captures), attrs, "Exit")
        CONTROL_FLOW_INFO[op] = _LoopInfo(args, outs, captures, ops)
        exits = _repack(flat_vars, list(op.outputs[:len(args)]))
        packed = nest.pack_sequence_as(loop_vars, exits)
    if maximum_iterations is not None:
        packed = packed[1]
        flat_user = nest.flatten(packed)
        if not return_same_structure and len(flat_user) == 1:
            return flat_user[0]
        return packed
    if not return_same_structure and len(exits) == 1:
        return exits[0]
    return packed


def _is_namedtuple(x):
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def _call_args(v, template):
    return v if isinstance(template, (list, tuple)) and not _is_namedtuple(template) else (v,)


def _body_result(result, loop_vars):
    """TF1 accepts a body returning a bare value for a one-variable loop given as a list."""
    if isinstance(loop_vars, (list, tuple)) and not _is_namedtuple(loop_vars) and len(loop_vars) == 1 and \
            not isinstance(result, (list, tuple)):
        return type(loop_vars)([result]) if isinstance(loop_vars, list) else (result,)
    if isinstance(loop_vars, tuple) and not _is_namedtuple(loop_vars) and isinstance(result, list):
        return tuple(result)
    if isinstance(loop_vars, list) and isinstance(result, tuple) and not _is_namedtuple(result):
        return list(result)
    return result


# ----- gradient ------------------------------------------------------------------------------------

def history_of(op, t):
    """The While output holding body tensor `t`'s value of every iteration, [iterations, ...].

    The first request adds an output to the loop (its kernel starts keeping the values), as TF1's
    gradient adds stack pushes to the forward loop; plans built before are rebuilt.
    """
    info = CONTROL_FLOW_INFO[op]
    h = info.history.get(t)
    if h is not None:
        return h
    g = op.graph
    keep = list(op._attrs["keep"]) + list(t._engine_edge())
    op._attrs["keep"] = keep
    spec = _while_infer(op.inputs, op._attrs)[-1]
    h = Tensor(op, len(op._outputs), spec[0], spec[1])
    op._outputs = op._outputs + (h,)
    with g._lock:
        if op not in g._pending and g._engine is not None:
            g._engine.add_nodes([op._engine_node()])
        g._edit_version += 1
    info.history[t] = h
    return h


def _while_grad(op, *grads):
    from ..gradients import gradients_within, needs_gradient
    from .array_ops import zeros_like
    from .indexing_ops import gather
    info = CONTROL_FLOW_INFO[op]
    n = len(info.args)
    count = op.outputs[n]
    var_idx = [k for k in range(n) if info.args[k].dtype.is_floating]
    cap_idx = [j for j, c in enumerate(info.captures) if c.dtype.is_floating and needs_gradient(c)]
    forward_ops = info.ops  # by op: a nested loop in the body gains history outputs while this is built
    g = op.graph
    gv0 = [grads[k] if grads[k] is not None else zeros_like(op.outputs[k]) for k in var_idx]
    gc0 = [zeros_like(info.captures[j]) for j in cap_idx]

    def bcond(i, gv, gc):
        return i >= 0

    def bbody(i, gv, gc):
        rec = g._body_recorders[-1]
        ys = [info.body_outputs[k] for k in var_idx]
        xs = [info.args[k] for k in var_idx] + [info.captures[j] for j in cap_idx]
        dx = gradients_within(info.ops, ys, xs, grad_ys=list(gv))
        new_gv = [d if d is not None else zeros_like(v) for d, v in zip(dx[:len(var_idx)], gv)]
        new_gc = [acc + d if d is not None else acc for d, acc in zip(dx[len(var_idx):], gc)]
        # The backward ops just built read forward body tensors; each becomes its kept value of
        # iteration i.
        slices = {}
        for o in rec.immediate_ops():
            for pos, t in enumerate(o.inputs):
                if t.op in forward_ops:
                    if t not in slices:
                        slices[t] = gather(history_of(op, t), i)
                    g._replace_input(o, pos, slices[t])
        return i - 1, new_gv, new_gc

    shapes = (TensorShape([]), [info.args[k].shape for k in var_idx], [info.captures[j].shape for j in cap_idx])
    _, gv, gc = while_loop(bcond, bbody, (count - 1, gv0, gc0), shape_invariants=shapes,
                           return_same_structure=True, name="while")
    out = [None] * len(op.inputs)
    for k, d in zip(var_idx, gv):
        out[k] = d
    for j, d in zip(cap_idx, gc):
        out[n + j] = d
    return out


register_gradient("While")(_while_grad)
register_gradient("StatelessWhile")(_while_grad)
