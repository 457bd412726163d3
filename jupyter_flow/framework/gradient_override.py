"""Python gradient functions registered by name (tf.RegisterGradient) and chosen per op with
Graph.gradient_override_map: guided backprop, gradient reversal and tf.custom_gradient.

    @tf.RegisterGradient("ReverseGrad")
    def _reverse(op, grad):
        return [-grad]
    with g.gradient_override_map({"Identity": "ReverseGrad"}):
        y = tf.identity(x)            # tf.gradients(y, x) is now -1

An op created inside the block whose type is a key of the map is tagged with the mapped name
(TF1's `_gradient_op_type`, which GraphDefs carry both ways), and tf.gradients uses the function
registered under that name.
The tags live on the graph (a dict op id -> name): taken when the block closes, and looked up
from the open blocks for ops tf.gradients reaches while a block is still open.
"""
import contextlib
import traceback

from .op_def import OP_DEFS

_REGISTRY = {}  # name -> (gradient function or None for "not differentiable", where it was registered)


def _check_new(name):
    if not isinstance(name, str):
        raise TypeError(f"RegisterGradient expects an op type name (a string), got {name!r}")
    if name in _REGISTRY:
        raise KeyError(f"Registering two gradient with name '{name}'! (Previous registration was in "
                       f"{_REGISTRY[name][1]})")
    opdef = OP_DEFS.get(name)
    if opdef is not None and opdef.grad is not None:
        raise KeyError(f"Registering two gradient with name '{name}'! ({name} is an op type with a built-in "
                       f"gradient; register yours under a new name and select it with g.gradient_override_map"
                       f"({{'{name}': 'YourName'}}))")


def _where():
    frame = traceback.extract_stack(limit=4)[0]
    return f"{frame.filename}:{frame.name}:{frame.lineno}"


class RegisterGradient:
    """Decorator registering `fn(op, *output_grads) -> input grads` under `op_type`: a new name
    (selected per op with Graph.gradient_override_map) or an op type that has no gradient yet.

    >>> @tf.RegisterGradient("ReverseGrad")
    ... def _reverse(op, grad): return [tf.negative(grad)]
    """

    def __init__(self, op_type):
        _check_new(op_type)
        self._op_type = op_type

    def __call__(self, fn):
        if not callable(fn):
            raise TypeError(f"RegisterGradient('{self._op_type}') decorates a function, got {fn!r}")
        _check_new(self._op_type)
        _REGISTRY[self._op_type] = (fn, _where())
        return fn


def NotDifferentiable(op_type):  # noqa: N802 - TF1's name
    """Declare that ops of `op_type` (or a gradient name) have no gradient: tf.gradients treats
    them as constants instead of failing.

    >>> tf.NotDifferentiable("MyLookup")
    """
    _check_new(op_type)
    _REGISTRY[op_type] = (None, _where())


NoGradient = NotDifferentiable
no_gradient = NotDifferentiable


def _as_list_result(fn):
    def call(op, *grads):
        result = fn(op, *grads)
        return list(result) if isinstance(result, (list, tuple)) else [result]
    return call


def _lookup(name):
    """(gradient function or None, differentiable: True/False/None unknown) of a name."""
    entry = _REGISTRY.get(name)
    if entry is not None:
        fn = entry[0]
        return (None, False) if fn is None else (_as_list_result(fn), True)
    opdef = OP_DEFS.get(name)
    if opdef is None:
        return None, None
    return opdef.grad, opdef.differentiable


def gradient_op_type(op):
    """The name whose gradient applies to `op`: its override (gradient_override_map) or its type."""
    imported = op._attrs.get("_gradient_op_type")  # a GraphDef node that carried TF1's attr
    if imported:
        return imported.decode() if isinstance(imported, bytes) else imported
    g = op.graph
    tags = getattr(g, "_gradient_op_types", None)
    if tags:
        name = tags.get(op._id)
        if name is not None:
            return name
    for start, op_type_map in reversed(getattr(g, "_gradient_override_blocks", ())):
        if op._id >= start:
            return op_type_map.get(op.type, op.type)
    return op.type


def gradient_function(op):
    """(fn, differentiable) for tf.gradients: fn(op, *output_grads) -> input grads, or None;
    differentiable is False for ops declared without gradient."""
    name = gradient_op_type(op)
    fn, differentiable = _lookup(name)
    if fn is None and differentiable is None and name != op.type:
        raise LookupError(f"No gradient defined for operation '{op.name}' (op type: {op.type}): "
                          f"gradient_override_map maps it to '{name}', which no tf.RegisterGradient registered")
    return fn, differentiable


@contextlib.contextmanager
def gradient_override_map(graph, op_type_map):
    """Graph.gradient_override_map: ops of a mapped type created inside use the gradient
    registered under the mapped name."""
    if not isinstance(op_type_map, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                    for k, v in op_type_map.items()):
        raise TypeError(f"gradient_override_map expects a dict mapping op type strings to gradient names "
                        f"(e.g. {{'Identity': 'ReverseGrad'}}), got {op_type_map!r}")
    blocks = graph.__dict__.setdefault("_gradient_override_blocks", [])
    merged = dict(blocks[-1][1]) if blocks else {}
    merged.update(op_type_map)
    start = graph._next_id
    blocks.append((start, merged))
    try:
        yield
    finally:
        blocks.pop()
        tags = graph.__dict__.setdefault("_gradient_op_types", {})
        for op_id in range(start, graph._next_id):
            op = graph._ops.get(op_id)
            if op is not None and op_id not in tags and op.type in merged:
                tags[op_id] = merged[op.type]
