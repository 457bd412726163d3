"""The default-session stack (TF1 keeps it beside the default graph): which session `t.eval()`
and `op.run()` use when none is given. Sessions push themselves here; the framework never
imports the client."""
import threading


class _SessionStack(threading.local):
    def __init__(self):
        self.stack = []


_session_stack = _SessionStack()


def get_default_session():
    """The innermost session of a `with sess:` block or an open InteractiveSession.

    >>> sess = tf.InteractiveSession(); tf.get_default_session() is sess
    True
    """
    return _session_stack.stack[-1] if _session_stack.stack else None


def session_for(session, element, kind="tensor"):
    """The session that evaluates graph `element` (a tensor or, with kind="operation", an op):
    `session` when given, else the default session, which must run the element's graph."""
    if session is not None:
        return session
    s = get_default_session()
    if s is None:
        raise ValueError(f"Cannot evaluate {kind} using `eval()`/`run()`: No default session is registered. "
                         "Use `with sess.as_default()` (or `with tf.Session() as sess:`), open a "
                         "tf.InteractiveSession(), or pass an explicit session to `eval(session=sess)`.")
    if s.graph is not element.graph:
        raise ValueError("Cannot use the given session to evaluate tensor: the tensor's graph is different "
                         "from the session's graph. Create the session on the tensor's graph.")
    return s
