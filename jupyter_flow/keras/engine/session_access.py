"""The session Keras models run in: the Keras backend's session when keras.backend provides one, with the
model's not-yet-initialized variables initialized on first use (as TF1's keras.backend.get_session() does)."""
import jupyter_flow as tf

_fallback = {}


def _backend_session():
    try:
        from .. import backend
    except ImportError:
        backend = None
    if backend is not None and hasattr(backend, "get_session"):
        return backend.get_session()
    sess = tf.get_default_session()
    if sess is not None:
        return sess
    graph = tf.get_default_graph()
    if graph not in _fallback:
        _fallback.clear()
        _fallback[graph] = tf.Session(graph=graph)
    return _fallback[graph]


def session(variables=()):
    """The session, after initializing those of `variables` it has not initialized yet."""
    sess = _backend_session()
    known = sess.__dict__.setdefault("_keras_initialized_variables", set())
    pending = [v for v in variables if id(v) not in known]
    if pending:
        flags = sess.run([tf.is_variable_initialized(v) for v in pending])
        fresh = [v for v, ok in zip(pending, flags) if not ok]
        if fresh:
            sess.run(tf.variables_initializer(fresh))
        known.update(id(v) for v in pending)
    return sess


def learning_phase_feed(value):
    """{learning_phase: value} when the Keras backend has a learning-phase tensor, else {}."""
    try:
        from .. import backend
    except ImportError:
        return {}
    if not hasattr(backend, "learning_phase"):
        return {}
    phase = backend.learning_phase()
    if isinstance(phase, int):
        return {}
    return {phase: bool(value) if phase.dtype == tf.bool else int(value)}
