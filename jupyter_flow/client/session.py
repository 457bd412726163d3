"""Session, InteractiveSession and the default-session stack.

Session.run is the hot path: it looks up a cached runner for the (fetches, feed keys)
signature and makes exactly one call into the C++ engine; no per-node Python work.
"""
import collections
import threading
import weakref

from .. import _engine
from . import config as _config
from . import feed_nest
from ..framework import errors
from ..framework import graph as _graph
from ..framework.default_session import _session_stack, get_default_session  # noqa: F401 - re-exported
from ..framework.engine_records import EngineFeed
from ..framework.graph import Operation, Tensor
from ..framework.traceback_capture import defining_line

_live_sessions = weakref.WeakSet()  # for forget_all_plans()


def forget_all_plans():
    """Drop every session's cached plans, so the next runs plan again: plans are built under the engine's
    switches of the moment (the NaN/Inf check turns element-wise fusion off, so it can name the first op
    that made a NaN), and a switch changed later must reach the plans cached before."""
    for session in list(_live_sessions):
        session._runners.clear()


class _Runner:
    """A compiled Session.run signature: the engine plan plus how to shape the results."""

    __slots__ = ("plan", "feed_keys", "build", "expand")

    def __init__(self, plan, feed_keys, build, expand=None):
        self.plan = plan
        self.feed_keys = feed_keys
        self.build = build
        self.expand = expand  # None, or a FeedExpansion when a feed key is a tuple or SparseTensor


def _flatten_fetches(fetches, graph, flat):
    """Flatten a nested fetch structure; returns a builder mapping engine outputs back into it."""
    if isinstance(fetches, (Tensor, Operation, str)) or hasattr(fetches, "_as_graph_element"):
        try:
            el = graph.as_graph_element(fetches)
        except (KeyError, ValueError) as e:
            # TF1 raises ValueError for both (a missing name is a KeyError inside the graph).
            msg = e.args[0] if isinstance(e, KeyError) and e.args else e
            raise ValueError(f"Fetch argument {fetches!r} cannot be interpreted as a Tensor. ({msg})") from None
        if isinstance(el, Operation):
            flat.append(el)
            return None
        flat.append(el)
        return len(flat) - 1
    if hasattr(fetches, "_fetch_components"):  # a SparseTensor: its tensors, fetched as a SparseTensorValue
        parts, kind = fetches._fetch_components()
        return (kind, [_flatten_fetches(f, graph, flat) for f in parts])
    if isinstance(fetches, (list, tuple)):
        parts = [_flatten_fetches(f, graph, flat) for f in fetches]
        return (list if isinstance(fetches, list) else type(fetches), parts)
    if isinstance(fetches, dict):
        # TF1 builds the result as the fetch's own mapping type (OrderedDict, defaultdict keep theirs).
        kind = dict if type(fetches) is dict else _mapping_factory(fetches)
        return (kind, {k: _flatten_fetches(v, graph, flat) for k, v in fetches.items()})
    if fetches is None:
        raise TypeError("Fetch argument None has invalid type <class 'NoneType'>")
    raise TypeError(f"Fetch argument {fetches!r} has invalid type {type(fetches)}, must be a string, "
                    f"a Tensor or an Operation (or a list, tuple or dict of them).")


def _mapping_factory(fetches):
    """A function making an empty mapping of the fetch's type (a defaultdict keeps its default factory)."""
    kind = type(fetches)
    if isinstance(fetches, collections.defaultdict):
        factory = fetches.default_factory
        return lambda: kind(factory)
    return kind


def _check_runnable(graph, elements, fed):
    """Before building a plan: no fetch or feed was removed from the graph, and no op the plan
    needs is stale (both only happen after notebook cell re-runs)."""
    __tracebackhide__ = True
    live = graph._ops
    for el in elements:
        op = el if isinstance(el, Operation) else el._op
        if live.get(op._id) is not op:
            where = f" when cell {op._cell} was re-run" if op._cell is not None else ""
            raise errors.FailedPreconditionError(
                None, op, f"'{el.name}' was removed from the graph{where}; run the one the cell created "
                          f"now (e.g. tf.get_default_graph().as_graph_element('{el.name}')), or re-run the "
                          f"cell that holds this old reference.")
    stale = graph._stale_ops
    if not stale:
        return
    stack = [el if isinstance(el, Operation) else el._op for el in elements if el not in fed]
    seen = set()
    while stack:
        op = stack.pop()
        if op._id in seen:
            continue
        seen.add(op._id)
        if op._id in stale:
            raise errors.FailedPreconditionError(None, op, stale[op._id])
        stack.extend(t._op for t in op._inputs if t not in fed)
        stack.extend(op._control_inputs)


def _make_builder(spec, out_index):
    """Turn a flatten spec into a function engine_outputs -> nested results."""
    if spec is None:
        return lambda out: None
    if isinstance(spec, int):
        i = out_index[spec]
        return lambda out: out[i]
    kind, parts = spec
    if kind is dict:
        builders = {k: _make_builder(v, out_index) for k, v in parts.items()}
        return lambda out: {k: b(out) for k, b in builders.items()}
    if isinstance(parts, dict):  # a dict subclass: filled in order into a new mapping of its type
        builders = [(k, _make_builder(v, out_index)) for k, v in parts.items()]

        def build_mapping(out):
            result = kind()
            for k, b in builders:
                result[k] = b(out)
            return result
        return build_mapping
    builders = [_make_builder(p, out_index) for p in parts]
    if kind is list:
        return lambda out: [b(out) for b in builders]
    if kind is tuple:
        return lambda out: tuple(b(out) for b in builders)
    return lambda out: kind(*[b(out) for b in builders])  # namedtuple


def _freeze(fetches):
    """A hashable cache key for a fetch structure (lists and dicts become tuples)."""
    if isinstance(fetches, list):
        return (list,) + tuple(_freeze(f) for f in fetches)
    if isinstance(fetches, tuple):
        return (type(fetches),) + tuple(_freeze(f) for f in fetches)
    if isinstance(fetches, dict):
        return (type(fetches), getattr(fetches, "default_factory", None)) + tuple(
            (k, _freeze(v)) for k, v in fetches.items())
    return fetches


class BaseSession:
    def __init__(self, target="", graph=None, config=None):
        _config.apply_config(config, _engine)
        self._graph = graph if graph is not None else _graph.get_default_graph()
        self._engine = _engine.Session(self._graph._engine_graph())
        self._graph._sessions.add(self)
        self._runners = {}
        self._runner_lock = threading.Lock()  # flush + runner creation (see _runner_for)
        _live_sessions.add(self)
        self._edit_version = self._graph._edit_version
        self._closed = False
        self._default_ctx = None

    @property
    def graph(self):
        return self._graph

    @property
    def graph_def(self):
        """The session's graph as TF1's GraphDef (what freezing tutorials pass to convert_variables_to_constants)."""
        return self._graph.as_graph_def()

    @property
    def sess_str(self):
        return ""

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Evaluate `fetches` (tensors, ops, names, or nested lists/tuples/dicts of them).

        >>> sess.run([y, z])            # one run evaluating both
        >>> sess.run(B, feed_dict={A: [[1, 2, 3]]})
        """
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        graph = self._graph
        __tracebackhide__ = True  # IPython: the learner's line is the one that matters
        runner = None
        if not graph._pending and graph._edit_version == self._edit_version:
            # A tuple of fetches is looked up frozen: as is, `(a, b)` is also the key of fetching `a`
            # while feeding `b`.
            try:
                runner = self._runners[(fetches if type(fetches) is not tuple else _freeze(fetches))
                                       if feed_dict is None else (fetches, *feed_dict)]
            except (KeyError, TypeError):
                pass  # a cache miss: built below, outside this handler, so errors chain nothing
        if runner is None:
            runner = self._runner_for(fetches, feed_dict)
        feeds = [feed_dict[k] for k in runner.feed_keys] if feed_dict else ()
        if runner.expand is not None:
            feeds = runner.expand(feeds)
        try:
            if options is None:
                out = runner.plan.run(self._engine, feeds)
            else:
                out = self._run_with_options(runner.plan, feeds, options, run_metadata)
        except _engine.EngineError as e:
            raise self._op_error(e) from None
        return runner.build(out)

    def _runner_for(self, fetches, feed_dict):
        """The cached runner of this signature, made if missing, with the graph's new ops sent to the
        engine first. Queue runner threads call Session.run while the main thread adds ops and runs:
        the flush, the cache check against the graph's edit version and the runner's creation happen
        under the session's lock (never held while a plan runs), and a runner planned while the graph
        changed is used once but not cached."""
        __tracebackhide__ = True
        graph = self._graph
        with self._runner_lock:
            if graph._pending:
                graph._flush()
            version = graph._edit_version
            if version != self._edit_version:
                self._runners.clear()
                self._edit_version = version
            key = _freeze(fetches) if feed_dict is None else (_freeze(fetches), *feed_dict)
            runner = self._runners.get(key)
            if runner is None:
                runner = self._make_runner(fetches, feed_dict)
                if graph._edit_version == version:
                    self._runners[key] = runner
            return runner

    def _run_with_options(self, plan, feeds, options, run_metadata):
        """TF1's RunOptions: with trace_level above NO_TRACE and a run_metadata to fill, every step
        is timed (Plan.run_traced) and run_metadata.step_stats filled as TF1 does."""
        trace_level = getattr(options, "trace_level", None)
        if trace_level is None:
            raise TypeError(f"options must be a tf.RunOptions, got {type(options).__name__}")
        if not trace_level or run_metadata is None:
            return plan.run(self._engine, feeds)
        out, trace = plan.run_traced(self._engine, feeds)
        from .step_stats import fill_step_stats
        run_metadata.Clear()
        fill_step_stats(run_metadata.step_stats, trace, self._graph)
        return out

    def partial_run_setup(self, *args, **kwargs):
        raise NotImplementedError("partial_run is not supported by jupyter_flow")

    def _make_runner(self, fetches, feed_dict):
        __tracebackhide__ = True
        graph = self._graph
        flat = []
        spec = _flatten_fetches(fetches, graph, flat)
        fetch_edges, targets, out_index = [], [], {}
        seen = {}
        for i, el in enumerate(flat):
            if isinstance(el, Operation):
                targets.append(el._id)
            else:
                if el not in seen:
                    seen[el] = len(fetch_edges)
                    fetch_edges.append(el._engine_edge())
                out_index[i] = seen[el]
        feed_keys = list(feed_dict or ())
        expand = None
        if any(not isinstance(k, (Tensor, str)) and feed_nest.needs_expansion(k) for k in feed_keys):
            expand = feed_nest.FeedExpansion(feed_keys)
        feed_specs, fed = [], set()
        for k in (expand.flat_keys if expand is not None else feed_keys):
            t = self._feed_target(k)
            fed.add(t)
            shape = t._shape
            feed_specs.append(EngineFeed(t._op._id, t._value_index, shape._engine_dims(), t.name,
                                         str(shape) if shape.ndims is not None else ""))
        _check_runnable(graph, flat + list(fed), fed)
        try:
            plan = self._engine.make_plan(fetch_edges, feed_specs, targets)
        except _engine.EngineError as e:
            raise self._op_error(e) from None
        return _Runner(plan, feed_keys, _make_builder(spec, out_index), expand)

    def _feed_target(self, key):
        try:
            el = self._graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
        except (KeyError, ValueError, TypeError) as e:
            raise TypeError(f"Cannot interpret feed_dict key {key!r} as a Tensor: {e}") from None
        return el

    def _op_error(self, e):
        code, node_id, message = e.args
        if code == errors.CANCELLED:
            if self._closed:
                message = "Session has been closed while this run was in progress."
            else:
                self._engine.clear_cancel()
        op = self._graph._op_by_id(node_id) if node_id >= 0 else None
        if op is not None:
            where = f"\n\t [[node {op.name} (op: {op.type})"
            line = defining_line(op)
            if line is not None:
                where += f", defined at {line}"
            elif op.cell is not None:
                where += f", defined in cell {op.cell}"
            message = f"{message}{where}]]"
        return errors.error_for_code(code, op, message)

    # ----- variables (used by Saver, the notebook extension and Variable.load) -----------------
    def _read_variable(self, name):
        """The value of variable `name` (its op name) in this session, or None if uninitialized."""
        return self._engine.read_variable(name)

    def _write_variable(self, name, value, dtype):
        self._engine.write_variable(name, value, dtype._enum)

    def _drop_variable(self, name):
        self._engine.drop_variable(name)

    def _initialized_variable_names(self):
        return set(self._engine.initialized_variables())

    def cancel(self):
        """Stop the run in progress (from another thread) with tf.errors.CancelledError."""
        self._engine.cancel()

    # ----- lifetime --------------------------------------------------------------------------
    def close(self):
        """Release the engine's state of this session now: iterators end and their prefetch
        threads are joined; a run in progress on another thread fails with CancelledError."""
        self._closed = True
        self._runners.clear()
        self._graph._sessions.discard(self)
        self._engine.close()

    def as_default(self):
        """Make this the default session inside a `with` block (does not close it)."""
        return _DefaultSessionContext(self)

    def __enter__(self):
        self._default_ctx = _DefaultSessionContext(self)
        self._default_ctx.__enter__()
        self._graph_ctx = self._graph.as_default()
        self._graph_ctx.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        self._graph_ctx.__exit__(exc_type, exc, tb)
        self._default_ctx.__exit__(exc_type, exc, tb)
        self.close()
        return False


class _DefaultSessionContext:
    def __init__(self, session):
        self._session = session

    def __enter__(self):
        _session_stack.stack.append(self._session)
        return self._session

    def __exit__(self, *exc):
        stack = _session_stack.stack
        if self._session in stack:
            idx = len(stack) - 1 - stack[::-1].index(self._session)
            del stack[idx]
        return False


class Session(BaseSession):
    """Runs a graph and holds the values of its variables.

    >>> with tf.Session() as sess:
    ...     init.run(); result = f.eval()
    """


class InteractiveSession(BaseSession):
    """A session that makes itself the default on creation, for notebooks and shells.

    >>> sess = tf.InteractiveSession(); init.run(); f.eval(); sess.close()
    """

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        _session_stack.stack.append(self)

    def close(self):
        super().close()
        stack = _session_stack.stack
        if self in stack:
            stack.remove(self)
