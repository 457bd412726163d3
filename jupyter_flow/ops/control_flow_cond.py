"""tf.cond and tf.case: an If op whose branches are sub-graphs; its kernel
(src_cpp/kernels/control_flow.cc) runs only the branch the predicate picks. The gradient is an If
op over the branches' gradients, which recompute the taken branch's forward values."""
from ..framework import dtypes, nest
from ..framework.graph import Operation, get_default_graph
from ..framework.op_def import define_op, register_gradient
from ..framework.tensor_shape import UNKNOWN, TensorShape
from .constant_op import convert_to_tensor
from .control_flow_body import (CONTROL_FLOW_INFO, BodyRecorder, captures_of, edges, is_stateful,
                                tensor_at)


def _most_specific_compatible(a, b):
    if a.ndims is None or b.ndims is None or a.ndims != b.ndims:
        return UNKNOWN
    return TensorShape([x if x == y else None for x, y in zip(a.as_list(), b.as_list())])


def _if_infer(inputs, attrs):
    g = inputs[0].graph
    then_e, else_e = attrs["then_outputs"], attrs["else_outputs"]
    specs = []
    for k in range(len(then_e) // 2):
        a, b = tensor_at(g, then_e, k), tensor_at(g, else_e, k)
        specs.append((a._dtype, _most_specific_compatible(a._shape, b._shape)))
    return specs


define_op("If", infer=_if_infer, stateful=True)
define_op("StatelessIf", infer=_if_infer)


class _CondInfo:
    __slots__ = ("then_outputs", "else_outputs", "then_ops", "else_ops", "captures", "__weakref__")

    def __init__(self, then_outputs, else_outputs, then_ops, else_ops, captures):
        self.then_outputs = then_outputs
        self.else_outputs = else_outputs
        self.then_ops = then_ops
        self.else_ops = else_ops
        self.captures = captures


def _as_branch_value(v, g):
    """A branch result as a tensor; an Operation (an update to run) becomes a `True` that waits for it."""
    if isinstance(v, Operation):
        from .array_ops import identity
        with g.control_dependencies([v]):
            return identity(convert_to_tensor(True))
    return convert_to_tensor(v)


def _build_branch(g, fn, which, include):
    rec = BodyRecorder(g, include)
    try:
        result = fn()
        if result is None:
            raise ValueError(f"the {which} branch of tf.cond returned None; return a tensor (or a structure "
                             f"of tensors) from both true_fn and false_fn")
        flat = [_as_branch_value(v, g) for v in nest.flatten(result)]
    finally:
        rec.close()
    return result, flat, rec.ops_for(flat)


def _cond(pred, true_fn, false_fn, strict, name, include_then=(), include_else=()):
    if not callable(true_fn) or not callable(false_fn):
        raise TypeError("tf.cond: true_fn and false_fn must be callables (e.g. lambda: x * 2)")
    g = get_default_graph()
    with g.name_scope(name or "cond"):
        pred = convert_to_tensor(pred)
        if pred.dtype is not dtypes.bool or not pred.shape.is_compatible_with([]):
            raise TypeError(f"The predicate of tf.cond must be a boolean scalar, got {pred!r}")
        with g.control_dependencies(None):
            then_res, then_flat, then_ops = _build_branch(g, true_fn, "then", include_then)
            else_res, else_flat, else_ops = _build_branch(g, false_fn, "else", include_else)
        try:
            nest.assert_same_structure(then_res, else_res)
        except ValueError as e:
            raise ValueError(f"true_fn and false_fn of tf.cond must return the same structure: {e}") from None
        for a, b in zip(then_flat, else_flat):
            if a.dtype is not b.dtype:
                raise ValueError(f"Outputs of true_fn and false_fn must have the same type: {a.dtype.name}, "
                                 f"{b.dtype.name} ({a.name} and {b.name})")
        ops = then_ops | else_ops
        captures = captures_of(ops, then_flat + else_flat)
        attrs = {"captures": edges(captures), "then_outputs": edges(then_flat), "else_outputs": edges(else_flat)}
        op = g.create_op("If" if is_stateful(ops) else "StatelessIf", (pred,) + tuple(captures), attrs, "Merge")
        CONTROL_FLOW_INFO[op] = _CondInfo(then_flat, else_flat, then_ops, else_ops, captures)
        packed = nest.pack_sequence_as(then_res, list(op.outputs))
    if not strict and isinstance(packed, (list, tuple)) and len(packed) == 1 and not hasattr(packed, "_fields"):
        return packed[0]
    return packed


def cond(pred, true_fn=None, false_fn=None, strict=False, name=None, fn1=None, fn2=None):
    """`true_fn()` if `pred` is true, else `false_fn()`; only the taken branch runs.

    >>> y = tf.cond(x > 0, lambda: x * 2, lambda: -x)
    >>> sess.run(y, {x: 3.0})   # 6.0
    """
    true_fn = true_fn if true_fn is not None else fn1
    false_fn = false_fn if false_fn is not None else fn2
    if true_fn is None or false_fn is None:
        raise TypeError("tf.cond needs both true_fn and false_fn")
    return _cond(pred, true_fn, false_fn, strict, name)


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """The result of the first callable whose predicate is true (else `default`).

    >>> r = tf.case([(x < 0, lambda: -1), (x > 0, lambda: 1)], default=lambda: 0)
    """
    pairs = list(pred_fn_pairs.items()) if isinstance(pred_fn_pairs, dict) else list(pred_fn_pairs)
    if not pairs:
        if default is None:
            raise ValueError("tf.case needs at least one (predicate, fn) pair or a default")
        return default()
    for p in pairs:
        if not isinstance(p, tuple) or len(p) != 2 or not callable(p[1]):
            raise TypeError(f"tf.case: each item of pred_fn_pairs must be a (predicate, callable) pair, got {p!r}")
    if default is None:  # as TF1: the last callable serves as the default
        default = pairs[-1][1]
        pairs = pairs[:-1]
        if not pairs:
            return default()
    g = get_default_graph()
    with g.name_scope(name or "case"):
        def chain(k):
            if k == len(pairs):
                return default
            pred, fn = pairs[k]
            return lambda: _cond(pred, fn, chain(k + 1), True, f"If_{k}")
        result = chain(0)()
    if not strict and isinstance(result, (list, tuple)) and len(result) == 1 and not hasattr(result, "_fields"):
        return result[0]
    return result


def _if_grad(op, *grads):
    from ..gradients import gradients_within, needs_gradient
    from .array_ops import zeros_like
    info = CONTROL_FLOW_INFO[op]
    caps = info.captures
    cap_idx = [j for j, c in enumerate(caps) if c.dtype.is_floating and needs_gradient(c)]
    out_idx = [k for k, gk in enumerate(grads) if gk is not None and op.outputs[k].dtype.is_floating]
    if not cap_idx or not out_idx:
        return [None] * len(op.inputs)

    def branch(outputs, ops):
        def fn():
            dx = gradients_within(ops, [outputs[k] for k in out_idx], [caps[j] for j in cap_idx],
                                             [grads[k] for k in out_idx])
            return [d if d is not None else zeros_like(caps[j]) for d, j in zip(dx, cap_idx)]
        return fn

    res = _cond(op.inputs[0], branch(info.then_outputs, info.then_ops), branch(info.else_outputs, info.else_ops),
                True, "cond", include_then=info.then_ops, include_else=info.else_ops)
    out = [None] * len(op.inputs)
    for j, d in zip(cap_idx, res):
        out[1 + j] = d
    return out


register_gradient("If")(_if_grad)
register_gradient("StatelessIf")(_if_grad)
