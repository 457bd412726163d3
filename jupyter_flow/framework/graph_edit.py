"""GraphEdit: one undoable change to a Graph (the notebook's re-run of a cell).

An edit owns every piece of per-graph state a change can touch, so a failed change is put back
whole: the ops (removed and created), unique names and name-scope counters, collections,
get_variable's store and the variable-scope counters, stale marks, and the variable values that
the graph's open sessions hold. New per-graph state belongs in the snapshot below; code outside
framework/ edits a graph only through this class and the Graph's public accessors.
"""
from .graph import Operation, Tensor


class GraphEdit:
    """A change to `graph`, from `graph.edit()` to `commit()` or `rollback()`.

    >>> change = g.edit(cell=ref); change.remove_ops(old_ops); ...build new ops...
    >>> change.commit()      # or change.rollback() if building failed
    """

    def __init__(self, graph, cell=None, on_variable_created=None):
        g = self.graph = graph
        self._names = dict(g._names_in_use)
        self._collections = {k: list(v) for k, v in g._collections.items()}
        self._store = dict(g._variable_store)
        self._stale = dict(g._stale_ops)
        self._scope_counts = dict(g._variable_scope_counts)
        self._removed = []  # ops this edit took out, to put back on rollback
        self._stashed = []  # (session, name, value) of variable values this edit dropped
        self._saved_tags = (g._current_cell, g._on_variable_created)
        g._current_cell, g._on_variable_created = cell, on_variable_created
        self._first_new_id = g._next_id
        self._open = True

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if self._open:
            self.rollback() if exc_type is not None else self.commit()
        return False

    # ----- what the edit did -----------------------------------------------------------------
    def created_ops(self):
        """The live ops created since the edit began, in creation order."""
        first = self._first_new_id
        new_ops = []
        for op in reversed(self.graph._ops.values()):
            if op._id < first:
                break
            new_ops.append(op)
        new_ops.reverse()
        return new_ops

    def variable_scope_counts_added(self):
        """The variable_scope name counts opened since the edit began (name -> how many)."""
        before = self._scope_counts
        return {k: n - before.get(k, 0) for k, n in self.graph._variable_scope_counts.items()
                if n > before.get(k, 0)}

    # ----- changes ---------------------------------------------------------------------------
    def remove_ops(self, ops):
        """Take `ops` out of the graph, its collections and get_variable's store, and free the
        names (and name scopes) no remaining op uses, so ops created next get the same names."""
        g = self.graph
        ops = list(ops)
        g._remove_ops(ops)
        self._removed.extend(ops)
        removed = set(ops)
        for items in g._collections.values():
            items[:] = [i for i in items if _op_of(i) not in removed]
        for name in [n for n, v in g._variable_store.items() if _op_of(v) in removed]:
            del g._variable_store[name]
        g._forget_names(_names_to_free(g, ops))

    def forget_variable_scopes(self, counts):
        """Undo variable_scope name counts (name -> how many) that the removed ops' code opened,
        so variable_scope(default_name=...) hands out the same names again."""
        scope_counts = self.graph._variable_scope_counts
        for key, n in counts.items():
            left = scope_counts.get(key, 0) - n
            if left > 0:
                scope_counts[key] = left
            else:
                scope_counts.pop(key, None)

    def drop_variable_value(self, name):
        """Drop variable `name`'s value in every open session of the graph (kept for rollback)."""
        for s in self.graph._open_sessions():
            value = s._read_variable(name)
            if value is not None:
                self._stashed.append((s, name, value))
                s._drop_variable(name)

    def replace_input(self, consumer, index, tensor):
        """Point data input `index` of `consumer` at `tensor` (re-linking after a re-run)."""
        g = self.graph
        if g._engine is not None:
            g._flush()  # the engine must hold the consumer before its input can change there
        g._replace_input(consumer, index, tensor)

    def replace_control_input(self, consumer, old_op, new_op):
        g = self.graph
        if g._engine is not None:
            g._flush()
        g._replace_control_input(consumer, old_op, new_op)

    def mark_stale(self, op, reason):
        """`op` cannot run until rebuilt: Session.run refuses plans needing it, saying `reason`."""
        self.graph._stale_ops[op._id] = reason

    def clear_stale(self, op):
        self.graph._stale_ops.pop(op._id, None)

    @staticmethod
    def infer_outputs(op, inputs):
        """The (dtype, shape) of each output `op`'s shape rule gives for other `inputs`; raises
        ValueError/TypeError as the rule does when it refuses them."""
        from .op_def import OP_DEFS
        return OP_DEFS[op._type].infer(inputs, op._attrs)

    # ----- ending ----------------------------------------------------------------------------
    def commit(self):
        """Keep the change; the ops it created."""
        new_ops = self._close()
        self._stashed = []
        return new_ops

    def rollback(self):
        """Undo the change: the ops it created go, the ops it removed come back with their ids,
        and names, collections, variable store and scopes, stale marks and dropped variable values
        are as they were when the edit began. Returns the ops it removed from the graph."""
        new_ops = self._close()
        g = self.graph
        g._remove_ops(new_ops)
        g._restore_ops([op for op in self._removed if op not in set(new_ops)])
        g._names_in_use.clear()
        g._names_in_use.update(self._names)
        for key in [k for k in g._collections if k not in self._collections]:
            del g._collections[key]
        for key, items in self._collections.items():
            g._collections.setdefault(key, [])[:] = items  # in place: callers may hold the list
        g._variable_store.clear()
        g._variable_store.update(self._store)
        g._stale_ops.clear()
        g._stale_ops.update(self._stale)
        g._variable_scope_counts.clear()
        g._variable_scope_counts.update(self._scope_counts)
        for s, name, value in self._stashed:
            if not s._closed:
                s._write_variable(name, value, _dtype_of(value))
        self._stashed = []
        return new_ops

    def _close(self):
        if not self._open:
            raise RuntimeError("this graph edit was already committed or rolled back")
        self._open = False
        g = self.graph
        g._current_cell, g._on_variable_created = self._saved_tags
        return self.created_ops()


def _op_of(item):
    """The op behind a Tensor, Operation or Variable (None for anything else)."""
    if isinstance(item, Operation):
        return item
    if isinstance(item, Tensor):
        return item._op
    var = getattr(item, "_variable", None)
    if isinstance(var, Tensor):
        return var._op
    return None


def _dtype_of(value):
    from . import dtypes
    return dtypes.as_dtype(value.dtype)


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
