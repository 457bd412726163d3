"""arg_scope as TF1's contrib.framework: a stack of {function key: default kwargs}; a function
decorated with add_arg_scope takes the innermost scope's defaults, explicit arguments win.

>>> with arg_scope([fully_connected], activation_fn=tf.nn.elu):
...     h = fully_connected(X, 100)          # activation_fn=tf.nn.elu
"""
import contextlib
import functools
import inspect

_ARG_STACK = [{}]
_DECORATED = set()


def _key(func):
    return getattr(func, "_key_op", f"{func.__module__}.{func.__qualname__}")


def current_arg_scope():
    """The innermost scope: {function key: kwargs}.

    >>> sc = current_arg_scope()
    >>> with arg_scope(sc): ...
    """
    return _ARG_STACK[-1]


def has_arg_scope(func):
    """Whether `func` takes defaults from arg_scope (is decorated with add_arg_scope).

    >>> has_arg_scope(tf.contrib.layers.fully_connected)   # True
    """
    return _key(func) in _DECORATED


def arg_scoped_arguments(func):
    """The argument names `func` accepts (those arg_scope may set).

    >>> arg_scoped_arguments(fully_connected)
    """
    return list(inspect.signature(func).parameters)


def add_arg_scope(func):
    """Decorate `func` so arg_scope can give it default keyword arguments.

    >>> @add_arg_scope
    ... def my_layer(x, units=10): ...
    """
    key = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def with_scope_defaults(*args, **kwargs):
        scope = _ARG_STACK[-1]
        if key in scope:
            merged = dict(scope[key])
            merged.update(kwargs)
            kwargs = merged
        return func(*args, **kwargs)

    with_scope_defaults._key_op = key
    _DECORATED.add(key)
    return with_scope_defaults


@contextlib.contextmanager
def arg_scope(list_ops_or_scope, **kwargs):
    """Give the listed add_arg_scope functions default kwargs inside the block (nested scopes
    merge, inner values win); a dict from current_arg_scope() re-enters a saved scope.

    >>> with arg_scope([fully_connected, batch_norm], trainable=False):
    ...     h = fully_connected(X, 100)
    """
    if isinstance(list_ops_or_scope, dict):
        if kwargs:
            raise ValueError("When attempting to re-use a scope by suppling a dictionary, kwargs must be empty.")
        scope = dict(list_ops_or_scope)
    else:
        if not isinstance(list_ops_or_scope, (list, tuple)):
            raise TypeError("list_ops_or_scope must either be a list/tuple or reused scope (i.e. dict)")
        scope = dict(_ARG_STACK[-1])
        for op in list_ops_or_scope:
            if not has_arg_scope(op):
                name = getattr(op, "__name__", repr(op))
                raise ValueError(f"{name} is not decorated with @add_arg_scope: arg_scope applies to "
                                 f"tf.contrib.layers functions (fully_connected, batch_norm, dropout, flatten) "
                                 f"and functions decorated with tf.contrib.framework.add_arg_scope.")
            key = _key(op)
            merged = dict(scope.get(key, {}))
            merged.update(kwargs)
            scope[key] = merged
    _ARG_STACK.append(scope)
    try:
        yield scope
    finally:
        _ARG_STACK.pop()
