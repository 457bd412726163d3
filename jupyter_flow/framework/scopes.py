"""variable_scope and get_variable: TF1's way of sharing variables by name."""
import contextlib
import threading

from . import dtypes
from .graph import GraphKeys, get_default_graph
from .tensor_shape import as_shape


class _ReuseMode:
    def __repr__(self):
        return "tf.AUTO_REUSE"


AUTO_REUSE = _ReuseMode()


class VariableScope:
    """The state of a variable_scope: its name, whether get_variable reuses, defaults.

    >>> with tf.variable_scope("relu") as scope: scope.reuse_variables()
    """

    def __init__(self, reuse, name="", initializer=None, dtype=dtypes.float32, original_name_scope=""):
        self._name = name
        self._reuse = reuse
        self._initializer = initializer
        self._dtype = dtypes.as_dtype(dtype)
        self.original_name_scope = original_name_scope

    @property
    def name(self):
        return self._name

    @property
    def reuse(self):
        return self._reuse

    @property
    def initializer(self):
        return self._initializer

    @property
    def dtype(self):
        return self._dtype

    def reuse_variables(self):
        """From now on in this scope, get_variable returns existing variables."""
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def get_variable(self, name, shape=None, dtype=None, initializer=None, trainable=True, collections=None,
                     **kwargs):
        full = f"{self._name}/{name}" if self._name else name
        if initializer is None:  # not `or`: a tensor initializer has no truth value
            initializer = self._initializer
        if dtype is None and (initializer is None or callable(initializer)):
            dtype = self._dtype  # a value initializer keeps its own dtype (TF1)
        return _get_or_create(full, shape, dtype, initializer,
                              self._reuse, trainable, collections)


class _ScopeState(threading.local):
    def __init__(self):
        self.per_graph = {}

    @property
    def current(self):
        g = get_default_graph()
        stack = self.per_graph.setdefault(g._serial, [VariableScope(False)])
        return stack[-1]

    def stack(self):
        return self.per_graph.setdefault(get_default_graph()._serial, [VariableScope(False)])


_state = _ScopeState()


def get_variable_scope():
    """The current VariableScope."""
    return _state.current


@contextlib.contextmanager
def variable_scope(name_or_scope, default_name=None, values=None, initializer=None, regularizer=None,
                   caching_device=None, partitioner=None, custom_getter=None, reuse=None, dtype=None,
                   use_resource=None, constraint=None, auxiliary_name_scope=True):
    """A scope for get_variable names (relu/threshold) that also opens a name scope.

    >>> with tf.variable_scope("relu", reuse=True):
    ...     threshold = tf.get_variable("threshold")
    """
    g = get_default_graph()
    stack = _state.stack()
    parent = stack[-1]
    reentered = None
    if isinstance(name_or_scope, VariableScope):
        var_name = name_or_scope.name
        # As TF1: ops get a new name scope named after the scope's last part ('v' -> 'v_1'), made
        # under the current name scope; the VariableScope keeps its original_name_scope.
        name_scope_name = var_name.rsplit("/", 1)[-1] or None
        reentered = name_or_scope.original_name_scope
        base_reuse = name_or_scope.reuse
    else:
        if name_or_scope is None:
            if default_name is None:
                raise TypeError("If default_name is None then name_or_scope is required")
            unique = _unique_var_scope_name(parent.name, default_name)
            var_name = unique
            short = unique.rsplit("/", 1)[-1]
            name_scope_name = short
        else:
            var_name = f"{parent.name}/{name_or_scope}" if parent.name else name_or_scope
            name_scope_name = name_or_scope
        base_reuse = False
    new_reuse = reuse if reuse is not None else base_reuse
    # Reuse is inherited: once True in a scope, nested scopes reuse too.
    if parent.reuse is True and new_reuse is not AUTO_REUSE:
        new_reuse = True
    if parent.reuse is AUTO_REUSE and reuse is None:
        new_reuse = AUTO_REUSE
    opens_name_scope = auxiliary_name_scope and name_scope_name is not None
    with (g.name_scope(name_scope_name) if opens_name_scope else contextlib.nullcontext()) as ns:
        original = reentered if reentered is not None else (ns or _current_name_scope(g))
        scope = VariableScope(new_reuse, var_name, initializer or parent.initializer, dtype or parent.dtype, original)
        stack.append(scope)
        saved_counts = dict(g._variable_scope_counts) if isinstance(name_or_scope, VariableScope) else None
        _count_scope(var_name)
        try:
            yield scope
        finally:
            stack.pop()
            # As TF1: leaving a scope forgets the default names used inside it, so building the
            # same model again under variable_scope(name, reuse=True) finds dense, dense_1... again.
            if saved_counts is not None:
                g._variable_scope_counts.clear()
                g._variable_scope_counts.update(saved_counts)
            else:
                _close_subscopes(var_name)


def _current_name_scope(g):
    current = g.get_name_scope()
    return current + "/" if current else ""


def _counts():
    """variable_scope name -> times opened, kept on the graph (as TF1 keeps its scope store)."""
    return get_default_graph()._variable_scope_counts


def _count_scope(name):
    counts = _counts()
    counts[name] = counts.get(name, 0) + 1


def _close_subscopes(name):
    counts, prefix = _counts(), name + "/"
    for key in [k for k in counts if k.startswith(prefix)]:
        del counts[key]


def _unique_var_scope_name(parent, base):
    counts = _counts()
    full = f"{parent}/{base}" if parent else base
    if full not in counts:
        return full
    i = 1
    while f"{full}_{i}" in counts:
        i += 1
    return f"{full}_{i}"


def _get_or_create(full_name, shape, dtype, initializer, reuse, trainable, collections):
    from ..ops import init_ops
    from ..ops.variables import Variable
    g = get_default_graph()
    store = g._variable_store
    existing = store.get(full_name)
    if existing is not None and existing.graph is g:
        if reuse is False or reuse is None:
            raise ValueError(f"Variable {full_name} already exists, disallowed. Did you mean to set reuse=True "
                             f"or reuse=tf.AUTO_REUSE in VarScope?")
        if shape is not None and not existing.shape.is_compatible_with(as_shape(shape)):
            raise ValueError(f"Trying to share variable {full_name}, but specified shape {as_shape(shape)} and "
                             f"found shape {existing.shape}.")
        if dtype is not None and existing.dtype is not dtypes.as_dtype(dtype):
            raise ValueError(f"Trying to share variable {full_name}, but specified dtype {dtypes.as_dtype(dtype).name}"
                             f" and found dtype {existing.dtype.name}.")
        return existing
    if reuse is True:
        raise ValueError(f"Variable {full_name} does not exist, or was not created with tf.get_variable(). "
                         f"Did you mean to set reuse=tf.AUTO_REUSE in VarScope?")
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    if shape is None and (initializer is None or callable(initializer)):
        raise ValueError(f"Shape of a new variable ({full_name}) must be fully defined, but instead was None.")
    if initializer is not None and not callable(initializer):
        if shape is not None:
            raise ValueError(f"If initializer is a constant, do not specify shape (variable {full_name}).")
    elif dtype is None:  # else a variable initialized from a value takes the value's dtype (TF1)
        dtype = dtypes.float32
    if shape is not None and (initializer is None or callable(initializer)):
        if any(type(d) is int and d < 0 for d in (shape if isinstance(shape, (list, tuple)) else ())) or \
                not as_shape(shape).is_fully_defined():
            raise ValueError(f"Shape of a new variable ({full_name}) must be fully defined with sizes >= 0, "
                             f"but instead was {list(shape) if isinstance(shape, (list, tuple)) else shape}.")
    if initializer is None:
        initializer = init_ops.GlorotUniform() if dtype.is_floating else init_ops.Zeros()
    with g.name_scope(None), g.name_scope(full_name + "/"):
        with g.name_scope("Initializer"):
            if callable(initializer):
                init_value = lambda: initializer(as_shape(shape).as_list(), dtype=dtype)  # noqa: E731
            else:
                init_value = initializer
            value = init_value() if callable(init_value) else init_value
    with g.name_scope(None):
        var = Variable(value, trainable=trainable, collections=collections, name=full_name, dtype=dtype)
    store[full_name] = var
    return var


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=True,
                 collections=None, caching_device=None, partitioner=None, validate_shape=True,
                 use_resource=None, custom_getter=None, constraint=None):
    """The variable `<scope>/<name>`: created if new, returned if the scope reuses.

    >>> threshold = tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
    """
    scope = get_variable_scope()
    if regularizer is None:
        return scope.get_variable(name, shape, dtype, initializer, trainable, collections)
    graph = get_default_graph()
    before = {id(v) for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES)}
    var = scope.get_variable(name, shape, dtype, initializer, trainable, collections)
    if id(var) not in before:
        # As TF1: a newly created variable adds its penalty to REGULARIZATION_LOSSES.
        with graph.name_scope(var.op.name + "/Regularizer/"):
            penalty = regularizer(var)
        if penalty is not None:
            graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, penalty)
    return var
