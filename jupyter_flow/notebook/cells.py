"""CellTracker: which graph nodes each notebook cell made, and what re-running a cell does.

Re-running a cell removes the nodes its previous run made (so names come out the same and the
graph does not grow), re-links other cells' consumers to the new nodes of the same names, and
decides which variable values the sessions keep. A cell that raises is undone: the graph, its
names, collections and the cell's namespace bindings are as they were before the run.
"""
from ..framework import dtypes
from ..framework import scopes
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

    def ops_of(self, key):
        """The live ops the last run of cell `key` made."""
        record = self._cells.get(key)
        if record is None:
            return []
        live = self.graph._ops
        return [op for op in record.ops if live.get(op._id) is op]

    def cells(self):
        return list(self._cells)

    def begin(self, ref, fresh=False, namespace=None):
        """Start a run of cell `ref`: take out its previous nodes and tag the new ones."""
        return _CellRun(self, ref, fresh, namespace)

    def commit(self, run):
        """The cell ran: keep its nodes, re-link consumers, settle variable values."""
        new_ops = run.finish()
        g = self.graph
        removed_any = bool(run.old_ops)
        if run.old_ops and isinstance(run.old_ops[0]._cell, CellRef):
            run.old_ops[0]._cell.label = run.ref.label  # messages about the old nodes name the cell as shown now
        if removed_any or g._stale_ops:
            if g._engine is not None:
                g._flush()  # re-linking checks each consumer against the pending list: keep it short
            candidates = g._ops.values() if removed_any else [g._ops[i] for i in g._stale_ops]
            relink_dangling_inputs(g, list(candidates))
        recreated = {name for name, v in run.new_variables.items() if g._ops.get(v.op._id) is v.op}
        for name in run.old_variables:
            if name not in recreated:
                _drop_everywhere(g, name)
        self._cells[run.ref.key] = _CellRecord(run.ref, new_ops, run.new_variables, run.scope_count_delta())
        return new_ops

    def rollback(self, run):
        """The cell raised: remove what it built and put the graph back as it was before."""
        new_ops = run.finish()
        g = self.graph
        g._remove_ops(new_ops)
        g._restore_ops(run.old_ops)
        run.restore_snapshot()
        run.restore_namespace({op._id for op in new_ops})
        return new_ops


class _CellRun:
    """One run of a cell, from begin to commit or rollback."""

    def __init__(self, tracker, ref, fresh, namespace):
        g = self.graph = tracker.graph
        self.tracker = tracker
        self.ref = ref
        self.fresh = fresh
        self.namespace = namespace
        self._namespace_before = dict(namespace) if namespace is not None else None
        self._names_before = dict(g._names_in_use)
        self._collections_before = {k: list(v) for k, v in g._collections.items()}
        self._store_before = dict(g._variable_store)
        self._stale_before = dict(g._stale_ops)
        self._scope_counts_before = _scope_counts(g)
        self._stashed = []  # (session, name, value) of values dropped during the run
        record = tracker._cells.get(ref.key)
        self.old_ops = tracker.ops_of(ref.key)
        self.old_variables = dict(record.variables) if record is not None else {}
        self.new_variables = {}
        if self.old_ops:
            self._take_out_old(record)
        self._saved_cell, self._saved_hook = g._current_cell, g._on_variable_created
        g._current_cell = ref
        g._on_variable_created = self._variable_created
        self.first_new_id = g._next_id

    def _take_out_old(self, record):
        g = self.graph
        g._remove_ops(self.old_ops)
        old_ids = {op._id for op in self.old_ops}
        for items in g._collections.values():
            items[:] = [i for i in items if _op_id_of(i) not in old_ids]
        for name in [n for n, v in g._variable_store.items() if _op_id_of(v) in old_ids]:
            del g._variable_store[name]
        g._forget_names(_names_to_free(g, self.old_ops))
        counts = _scope_counts_dict()
        for key, n in record.scope_counts.items():
            left = counts.get(key, 0) - n
            if left > 0:
                counts[key] = left
            else:
                counts.pop(key, None)

    def _variable_created(self, var):
        """Called by tf.Variable as it is created: only an unchanged re-created variable keeps
        the value the sessions hold under its name."""
        if var.graph is not self.graph:
            return
        name = var.op.name
        self.new_variables[name] = var
        old = self.old_variables.get(name)
        if self.fresh or old is None or old._definition != var._definition:
            for s in _open_sessions(self.graph):
                value = s._read_variable(name)
                if value is not None:
                    self._stashed.append((s, name, value))
                    s._drop_variable(name)

    def finish(self):
        """Stop tagging; the ops this run created."""
        g = self.graph
        g._current_cell, g._on_variable_created = self._saved_cell, self._saved_hook
        first = self.first_new_id
        new_ops = []
        for op in reversed(g._ops.values()):
            if op._id < first:
                break
            new_ops.append(op)
        new_ops.reverse()
        return new_ops

    def scope_count_delta(self):
        before = self._scope_counts_before
        return {k: n - before.get(k, 0) for k, n in _scope_counts(self.graph).items() if n > before.get(k, 0)}

    def restore_snapshot(self):
        g = self.graph
        g._names_in_use.clear()
        g._names_in_use.update(self._names_before)
        for key in [k for k in g._collections if k not in self._collections_before]:
            del g._collections[key]
        for key, items in self._collections_before.items():
            g._collections.setdefault(key, [])[:] = items  # in place: callers may hold the list
        g._variable_store.clear()
        g._variable_store.update(self._store_before)
        g._stale_ops.clear()
        g._stale_ops.update(self._stale_before)
        counts = _scope_counts_dict()
        for key in [k for k in counts if k[0] == g._serial]:
            del counts[key]
        counts.update(self._scope_counts_before)
        for s, name, value in self._stashed:
            if not s._closed:
                s._write_variable(name, value, dtypes.as_dtype(value.dtype))

    def restore_namespace(self, removed_ids):
        """Names the failed run bound to nodes it built get their previous values back."""
        ns, before = self.namespace, self._namespace_before
        if ns is None:
            return
        for name, value in list(ns.items()):
            if _op_id_of(value) in removed_ids and _graph_of(value) is self.graph:
                if name in before:
                    ns[name] = before[name]
                else:
                    del ns[name]


def _op_id_of(item):
    """The id of the op behind a Tensor, Operation or Variable (None for anything else)."""
    if isinstance(item, Operation):
        return item._id
    if isinstance(item, Tensor):
        return item._op._id
    var = getattr(item, "_variable", None)
    if isinstance(var, Tensor):
        return var._op._id
    return None


def _graph_of(item):
    if isinstance(item, Operation):
        return item._graph
    if isinstance(item, Tensor):
        return item._op._graph
    return getattr(item, "_graph", None)


def _open_sessions(graph):
    return [s for s in list(graph._sessions) if not s._closed]


def _drop_everywhere(graph, name):
    for s in _open_sessions(graph):
        s._drop_variable(name)


def _implied_names(name):
    """The unique-name keys an op name holds: itself and its scopes ('loss', 'loss/mse')."""
    parts = name.lower().split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _names_to_free(graph, removed_ops):
    """Names (and scopes) the removed ops held that no remaining op still uses."""
    free = {key for op in removed_ops for key in _implied_names(op._name)}
    for op in graph._ops.values():
        if not free:
            break
        for key in _implied_names(op._name):
            free.discard(key)
    return free


def _scope_counts_dict():
    counts = getattr(scopes._scope_counts, "counts", None)
    if counts is None:
        counts = scopes._scope_counts.counts = {}
    return counts


def _scope_counts(graph):
    gid = graph._serial
    return {k: n for k, n in _scope_counts_dict().items() if k[0] == gid}
