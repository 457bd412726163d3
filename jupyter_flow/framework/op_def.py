"""The op registry: one OpDef per op type, holding its shape/dtype rule and gradient rule.

An op is defined once, in jupyter_flow/ops/<family>.py, next to its Python function:

    define_op("Square", infer=unary_same(NUMERIC, op_type="Square"))
    @register_gradient("Square")
    def _square_grad(op, grad):
        return [multiply(grad, multiply(op.inputs[0], 2))]

Its C++ kernel is registered under the same name in src_cpp/kernels/<family>.cc, with the
same ref inputs (inputs that name a variable rather than read it); op_contract.py checks the two
registries against each other. An op no plan ever runs is declared `python_only=True`.
"""


class OpDef:
    __slots__ = ("type", "infer", "grad", "ref_inputs", "stateful", "differentiable", "python_only")

    def __init__(self, type, infer, ref_inputs=(), stateful=False, python_only=False):
        self.type = type
        self.infer = infer  # (inputs, attrs) -> [(dtype, TensorShape)] per output
        self.grad = None  # (op, *output_grads) -> [grad per input or None]
        self.ref_inputs = tuple(ref_inputs)
        self.stateful = stateful
        self.differentiable = None  # None: unknown yet, False: declared not differentiable
        self.python_only = python_only  # no C++ kernel: the graph holds it, no plan runs it

    def __repr__(self):
        return f"OpDef({self.type!r})"


OP_DEFS = {}


def define_op(type, infer, ref_inputs=(), stateful=False, python_only=False):
    """Declare an op type with its static shape/dtype rule; `ref_inputs` must match the ref
    inputs its kernel registers, `stateful` ops are never constant-folded.

    >>> define_op("Square", infer=unary_same(NUMERIC, op_type="Square"))
    >>> define_op("Assign", infer=_assign_infer, ref_inputs=(0,), stateful=True)
    """
    if type in OP_DEFS:
        raise ValueError(f"op type {type!r} is defined twice")
    d = OpDef(type, infer, ref_inputs, stateful, python_only)
    OP_DEFS[type] = d
    return d


def register_gradient(type):
    """Decorator attaching the gradient rule of an op type (as TF's RegisterGradient)."""

    def deco(fn):
        d = OP_DEFS[type]
        d.grad = fn
        d.differentiable = True
        return fn

    return deco


def not_differentiable(*types):
    """Declare op types that have no gradient (comparisons, integer ops, state...)."""
    for t in types:
        OP_DEFS[t].differentiable = False
