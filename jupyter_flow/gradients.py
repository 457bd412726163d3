"""Reverse-mode autodiff: tf.gradients builds the gradient ops into the graph, using the
gradient rule each op type registered beside its definition (framework/op_def.py)."""
import threading

from .framework.graph import get_default_graph
from .framework.gradient_override import gradient_function
from .ops.array_ops import ones_like
from .ops.constant_op import convert_to_tensor
from .ops.math_ops import add_n


def _as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _to_tensor(x):
    conv = getattr(x, "_as_graph_element", None)  # a Variable: differentiate w.r.t. its value
    if conv is not None:
        x = conv()
    return convert_to_tensor(x)


def _backward_ops(ys, stop_ops, within=None):
    """Ops that ys depend on, in topological order (inputs first); only ops in `within` if given."""
    order, state = [], {}
    for y in ys:
        if y.op in state:
            continue
        stack = [(y.op, iter(y.op.inputs))]
        state[y.op] = 1
        while stack:
            op, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                state[op] = 2
                order.append(op)
                continue
            dep = nxt.op
            if dep in state or dep in stop_ops or (within is not None and dep not in within):
                continue
            state[dep] = 1
            stack.append((dep, iter(dep.inputs)))
    return order


def gradients(ys, xs, grad_ys=None, name="gradients", colocate_gradients_with_ops=False,
              gate_gradients=False, aggregation_method=None, stop_gradients=None):
    """Symbolic derivatives of sum(ys) with respect to each x in xs (None where unconnected).

    >>> gradients = tf.gradients(mse, [theta])[0]
    """
    ys = [_to_tensor(y) for y in _as_list(ys)]
    xs_list = _as_list(xs)
    xs = [_to_tensor(x) for x in xs_list]
    g = ys[0].graph if ys else get_default_graph()
    stop_tensors = {_to_tensor(s) for s in _as_list(stop_gradients)} if stop_gradients is not None else set()
    grad_ys = _as_list(grad_ys) if grad_ys is not None else [None] * len(ys)
    if len(grad_ys) != len(ys):
        raise ValueError(f"Passed {len(grad_ys)} grad_ys for {len(ys)} ys")

    with g.as_default(), g.name_scope(name):
        return _build_gradients(g, ys, xs, grad_ys, stop_tensors, None)


def gradients_within(ops, ys, xs, grad_ys):
    """Gradients of ys w.r.t. xs through the ops of one loop body or branch only (`ops`), built in
    the current name scope: the backward body of a While or If op (ops/control_flow_loop.py)."""
    ys = [y for y in ys]
    g = ys[0].graph if ys else get_default_graph()
    return _build_gradients(g, ys, list(xs), grad_ys, set(), set(ops))


# (xs, ops on a path from them) of the gradients being built, innermost last: a loop's gradient
# rule asks needs_gradient() to skip captured tensors whose gradient nobody would use.
_building = threading.local()


def needs_gradient(t):
    """Whether the gradient being built uses d/dt (t is an x or depends on one)."""
    stack = getattr(_building, "stack", None)
    if not stack:
        return True
    x_set, reaches_x = stack[-1]
    return t in x_set or t.op in reaches_x


def _build_gradients(g, ys, xs, grad_ys, stop_tensors, within):
    ops = _backward_ops([y for y in ys if within is None or y.op in within], {t.op for t in stop_tensors},
                        within)
    x_set = set(xs)
    # Only ops on a path from some x to some y need gradients.
    reaches_x = set()
    for op in ops:
        if any(t in x_set or t.op in reaches_x for t in op.inputs if t not in stop_tensors):
            reaches_x.add(op)
    stack = _building.__dict__.setdefault("stack", [])
    stack.append((x_set, reaches_x))
    try:
        return _propagate(g, ops, ys, xs, grad_ys, stop_tensors, x_set, reaches_x)
    finally:
        stack.pop()


def _propagate(g, ops, ys, xs, grad_ys, stop_tensors, x_set, reaches_x):
    grads = {}  # tensor -> list of gradient contributions

    for i, (y, gy) in enumerate(zip(ys, grad_ys)):
        if gy is None:
            if not y.dtype.is_floating:
                continue  # TF1: nothing flows back from an integer y (its gradients are None)
            gy = ones_like(y, name=f"grad_ys_{i}")
        else:
            gy = convert_to_tensor(gy, dtype=y.dtype)
        grads.setdefault(y, []).append(gy)

    for op in reversed(ops):
        if op not in reaches_x and not any(t in x_set for t in op.outputs):
            continue
        out_grads = []
        for t in op.outputs:
            contribs = grads.get(t)
            if not contribs:
                out_grads.append(None)
            elif len(contribs) == 1:
                out_grads.append(contribs[0])
            else:
                summed = add_n(contribs)  # TF1: aggregated in the gradients scope, 'gradients/AddN'
                grads[t] = [summed]
                out_grads.append(summed)
        if op not in reaches_x or all(og is None for og in out_grads):
            continue
        grad_fn, differentiable = gradient_function(op)  # its type's rule, or a gradient_override_map choice
        if grad_fn is None:
            if differentiable is False:
                continue
            raise LookupError(f"No gradient defined for operation '{op.name}' (op type: {op.type}); "
                              f"wrap it in tf.stop_gradient if it should be treated as a constant.")
        if any(og is None for og in out_grads):
            out_grads = [og if og is not None else _zeros_for(t) for og, t in zip(out_grads, op.outputs)]
        with g.name_scope(op.name + "_grad"):
            in_grads = grad_fn(op, *out_grads)
        if len(in_grads) != len(op.inputs):
            raise ValueError(f"Gradient rule of {op.type} returned {len(in_grads)} values for "
                             f"{len(op.inputs)} inputs")
        for t, gi in zip(op.inputs, in_grads):
            if gi is None or t in stop_tensors or not t.dtype.is_floating:
                continue
            if t.op not in reaches_x and t not in x_set:
                continue
            grads.setdefault(t, []).append(gi)

    result = []
    for x in xs:
        contribs = grads.get(x)
        if not contribs:
            result.append(None)
        elif len(contribs) == 1:
            result.append(contribs[0])
        else:
            result.append(add_n(contribs))
    return result


def _zeros_for(t):
    # A ZerosLike even when t's shape is known: gradient rules recognize the filler by its type
    # (normalization_ops._is_filler), and it reads t only if a rule does use it.
    from .ops.array_ops import zeros_like
    return zeros_like(t, optimize=False)

