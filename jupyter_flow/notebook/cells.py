"""CellTracker: which graph nodes each notebook cell made, and what re-running a cell does.

Re-running a cell removes the nodes its previous run made (so names come out the same and the
graph does not grow), re-links other cells' consumers to the new nodes of the same names, and
decides which variable values the sessions keep. A cell that raises is undone: the graph, its
names, collections and the cell's namespace bindings are as they were before the run.
"""
from ..framework.graph import Operation, Tensor
from .relink import relink_dangling_inputs


class CellRef:
    """The cell an op came from (`op.cell`): `key` identifies the cell across re-runs (its NAME,
    the front end's cell id, or In[n]); str() is the label error messages show.

    >>> op.cell == "loss", str(op.cell)
    (True, "'loss'")
    """

    __slots__ = ("key", "label", "cell_id", "line_offset")

    def __init__(self, key, label=None, cell_id=None, line_offset=0):
        self.key = key
        self.label = label or str(key)
        self.cell_id = cell_id  # the front end's cell id, for links from the graph view
        self.line_offset = line_offset  # lines before the code (1 for the %%graph line)

    def __eq__(self, other):
        if isinstance(other, CellRef):
            return self.key == other.key
        return self.key == other

    def __hash__(self):
        return hash(self.key)

    def __str__(self):
        return self.label

    def __repr__(self):
        return f"<cell {self.label}>"


class _CellRecord:
    """What the last successful run of a cell made."""

    __slots__ = ("ref", "ops", "variables", "scope_counts")

    def __init__(self, ref, ops, variables, scope_counts):
        self.ref = ref
        self.ops = ops
        self.variables = variables  # name -> Variable
        self.scope_counts = scope_counts  # variable_scope name counts this run added


class CellTracker:
    """Tags the nodes a cell creates and replaces them when the cell runs again.

    >>> run = tracker.begin(CellRef("loss"))      # before the cell body
    >>> ...; tracker.commit(run)                   # or tracker.rollback(run) if it raised
    """

    def __init__(self, graph):
        self.graph = graph
        self._cells = {}  # key -> _CellRecord
        # cell whose ops a re-run re-linked -> the cell that was re-run (until it runs itself)
        self.relinked_by = {}

    def ops_of(self, key):
        """The live ops the last run of cell `key` made."""
        record = self._cells.get(key)
        if record is None:
            return []
        return [op for op in record.ops if self.graph.contains(op)]

    def begin(self, ref, fresh=False, namespace=None):
        """Start a run of cell `ref`: take out its previous nodes and tag the new ones."""
        return _CellRun(self, ref, fresh, namespace)

    def commit(self, run):
        """The cell ran: keep its nodes, re-link consumers, settle variable values."""
        change, g = run.change, self.graph
        new_ops = change.created_ops()
        removed_any = bool(run.old_ops)
        if run.old_ops and isinstance(run.old_ops[0].cell, CellRef):
            run.old_ops[0].cell.label = run.ref.label  # messages about the old nodes name the cell as shown now
        stale = g.stale_ops()
        relinked = []
        if removed_any or stale:
            relinked = relink_dangling_inputs(change, g.get_operations() if removed_any else stale)
        recreated = {name for name, v in run.new_variables.items() if g.contains(v.op)}
        for name in run.old_variables:
            if name not in recreated:
                change.drop_variable_value(name)
        scope_counts = change.variable_scope_counts_added()
        change.commit()
        self._cells[run.ref.key] = _CellRecord(run.ref, new_ops, run.new_variables, scope_counts)
        self.relinked_by.pop(run.ref, None)
        for op in relinked:
            if isinstance(op.cell, CellRef) and op.cell != run.ref:
                self.relinked_by[op.cell] = run.ref
        return new_ops

    def rollback(self, run):
        """The cell raised: remove what it built and put the graph back as it was before."""
        new_ops = run.change.rollback()
        run.restore_namespace(set(new_ops))
        return new_ops


class _CellRun:
    """One run of a cell, from begin to commit or rollback."""

    def __init__(self, tracker, ref, fresh, namespace):
        self.graph = tracker.graph
        self.tracker = tracker
        self.ref = ref
        self.fresh = fresh
        self.namespace = namespace
        self._namespace_before = dict(namespace) if namespace is not None else None
        record = tracker._cells.get(ref.key)
        self.old_ops = tracker.ops_of(ref.key)
        self.old_variables = dict(record.variables) if record is not None else {}
        self.new_variables = {}
        self.change = self.graph.edit(cell=ref, on_variable_created=self._variable_created)
        if self.old_ops:
            self.change.remove_ops(self.old_ops)
            self.change.forget_variable_scopes(record.scope_counts)

    def _variable_created(self, var):
        """Called by tf.Variable as it is created: only an unchanged re-created variable keeps
        the value the sessions hold under its name."""
        if var.graph is not self.graph:
            return
        name = var.op.name
        self.new_variables[name] = var
        old = self.old_variables.get(name)
        if self.fresh or old is None or old._definition != var._definition:
            self.change.drop_variable_value(name)

    def restore_namespace(self, removed_ops):
        """Names the failed run bound to nodes it built get their previous values back."""
        ns, before = self.namespace, self._namespace_before
        if ns is None:
            return
        for name, value in list(ns.items()):
            if _op_of(value) in removed_ops and getattr(value, "graph", None) is self.graph:
                if name in before:
                    ns[name] = before[name]
                else:
                    del ns[name]


def _op_of(item):
    """The op behind a Tensor, Operation or Variable (None for anything else)."""
    if isinstance(item, Operation):
        return item
    if isinstance(item, Tensor):
        return item.op
    op = getattr(item, "op", None) if hasattr(item, "_as_graph_element") else None
    return op if isinstance(op, Operation) else None
