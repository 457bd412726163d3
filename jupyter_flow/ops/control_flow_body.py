"""What a loop body or a conditional branch is in the graph: the ops its Python function created
that its results depend on. A While or If op lists the body's results and the outer tensors the
body reads (its captures) as attributes; the engine compiles them into sub-plans (src_cpp/subplan.h)
that the op's kernel runs, so the body never runs from Python.

Ops created while a body function runs but that do not belong in it stay outer: variables and
their `read` snapshots (get_variable inside an RNN cell's first call), initializers, and anything
the results do not depend on.
"""
import weakref

from ..framework.op_def import OP_DEFS

# op -> the Python-side description of the While/If op (its body sets), for its gradient.
CONTROL_FLOW_INFO = weakref.WeakKeyDictionary()

_CONTROL_FLOW_TYPES = ("While", "StatelessWhile", "If", "StatelessIf")


def _stays_outer(op):
    if op.type == "VariableV2":
        return True
    return op.type == "Identity" and op.inputs and op.inputs[0].op.type == "VariableV2"


class BodyRecorder:
    """Records the ops created between its start and `close()` in one graph; nested bodies
    register themselves so the parent can tell its own ops from theirs.

    >>> rec = BodyRecorder(g); out = fn(*args); rec.close()
    >>> ops = rec.ops_for(out)
    """

    def __init__(self, graph, include=()):
        self.graph = graph
        self.start = graph._next_id
        self.end = None
        self.include = set(include)  # ops of an earlier body that belong to this one too (a cond's gradient)
        self.nested = []  # ops sets of bodies built inside this one
        stack = graph.__dict__.setdefault("_body_recorders", [])
        self.parent = stack[-1] if stack else None
        stack.append(self)

    def close(self):
        self.end = self.graph._next_id
        self.graph._body_recorders.remove(self)

    def _mine(self, op):
        end = self.end if self.end is not None else self.graph._next_id
        return (self.start <= op._id < end or op in self.include) and not _stays_outer(op)

    def ops_for(self, outputs):
        """The body's ops: those of this body that `outputs` depend on (data or control)."""
        seen, stack = set(), [t.op for t in outputs if self._mine(t.op)]
        while stack:
            op = stack.pop()
            if op in seen:
                continue
            seen.add(op)
            stack.extend(t.op for t in op.inputs if t.op not in seen and self._mine(t.op))
            stack.extend(c for c in op.control_inputs if c not in seen and self._mine(c))
        if self.parent is not None:
            self.parent.nested.append(seen)
        return seen

    def immediate_ops(self):
        """Ops created so far in this body's range, less those inside bodies nested in it."""
        inner = set().union(*self.nested) if self.nested else set()
        end = self.end if self.end is not None else self.graph._next_id
        ops = self.graph._ops
        return [ops[i] for i in range(self.start, end) if i in ops and ops[i] not in inner]


def captures_of(ops, outputs):
    """Outer tensors the body reads, in first-use order: inputs of its ops made outside it
    (ref inputs, which name a variable rather than read it, excepted), and results made outside."""
    out, seen = [], set()

    def add(t):
        if t.op not in ops and t not in seen:
            seen.add(t)
            out.append(t)

    for op in sorted(ops, key=lambda o: o._id):
        refs = OP_DEFS[op.type].ref_inputs
        for i, t in enumerate(op.inputs):
            if i not in refs:
                add(t)
    for t in outputs:
        add(t)
    return out


def is_stateful(ops):
    """A body with a stateful op (random, variable update...) must run every time: no folding."""
    return any(OP_DEFS[op.type].stateful or op.type in ("While", "If") for op in ops)


def edges(tensors):
    """Tensors as the flat (op id, output index, ...) list the engine reads (src_cpp/subplan.h)."""
    flat = []
    for t in tensors:
        flat.extend(t._engine_edge())
    return flat


def tensor_at(graph, flat, k):
    """The k-th tensor of a flat edge list."""
    return graph._op_by_id(flat[2 * k])._outputs[flat[2 * k + 1]]
