"""tf.keras.backend for TF1 graph programs: the session Keras runs in, the learning phase, per-graph
uid counters that make layer names unique (dense, dense_1, ...), and a few shape/dtype helpers.

>>> tf.keras.backend.set_session(sess)      # Keras' get_weights/set_weights then use sess
>>> tf.keras.backend.learning_phase()       # keras_learning_phase:0, a bool placeholder (default False)
"""
import collections
import weakref

from ..framework.graph import get_default_graph

_FLOATX = "float32"
_EPSILON = 1e-7
_SESSION = None
# Per graph: name prefix -> how many uids were handed out (TF1 keras' PER_GRAPH_OBJECT_NAME_UIDS).
_GRAPH_UIDS = weakref.WeakKeyDictionary()
# Per graph: the learning-phase placeholder, or a Python 0/1 set with set_learning_phase.
_GRAPH_LEARNING_PHASES = weakref.WeakKeyDictionary()


def floatx():
    """The default float dtype name of Keras layers and weights ('float32')."""
    return _FLOATX


def set_floatx(value):
    global _FLOATX
    if value not in ("float16", "float32", "float64"):
        raise ValueError(f"Unknown floatx type: {value!r}; use 'float16', 'float32' or 'float64'.")
    _FLOATX = str(value)


def epsilon():
    """The fuzz factor Keras adds to avoid divisions by zero (1e-7)."""
    return _EPSILON


def set_epsilon(value):
    global _EPSILON
    _EPSILON = float(value)


def get_uid(prefix=""):
    """1, 2, 3, ... per prefix and graph: `'input_' + str(get_uid('input'))` names input_1, input_2."""
    uids = _GRAPH_UIDS.setdefault(get_default_graph(), collections.defaultdict(int))
    uids[prefix] += 1
    return uids[prefix]


def reset_uids():
    _GRAPH_UIDS.pop(get_default_graph(), None)


def unique_object_name(base):
    """base, base_1, base_2, ... per graph (a layer's default name), counted by get_uid."""
    uid = get_uid(base)
    return base if uid == 1 else f"{base}_{uid - 1}"


def get_session():
    """The session Keras uses: the one given to set_session, else the default session (`with sess:` /
    InteractiveSession), else a new Session on the default graph, kept for later calls (as TF1 keras)."""
    global _SESSION
    from ..client.session import Session
    from ..framework.default_session import get_default_session
    default = get_default_session()
    if default is not None:
        return default
    if _SESSION is None or getattr(_SESSION, "graph", None) is not get_default_graph() or \
            getattr(_SESSION, "_closed", False):
        _SESSION = Session()
    return _SESSION


def set_session(session):
    """Make Keras (get_weights, set_weights, ...) run in `session`."""
    global _SESSION
    _SESSION = session


def learning_phase():
    """The learning phase of the default graph: a bool placeholder 'keras_learning_phase' (default False,
    feed True while training), or the 0/1 given to set_learning_phase."""
    g = get_default_graph()
    phase = _GRAPH_LEARNING_PHASES.get(g)
    if phase is None:
        from ..ops.array_ops import placeholder_with_default
        with g.name_scope(None):
            phase = placeholder_with_default(False, shape=(), name="keras_learning_phase")
        _GRAPH_LEARNING_PHASES[g] = phase
    return phase


def set_learning_phase(value):
    """Fix the learning phase of the default graph to 0 (test) or 1 (train)."""
    if value not in (0, 1):
        raise ValueError(f"Expected learning phase to be 0 or 1, got {value!r}.")
    _GRAPH_LEARNING_PHASES[get_default_graph()] = int(value)


def clear_session():
    """Forget Keras' state: a new default graph, the uid counters and learning phase restart, no session."""
    global _SESSION
    from ..framework.graph import reset_default_graph
    _SESSION = None
    reset_default_graph()


def int_shape(x):
    """The static shape as a tuple of ints and None: int_shape(placeholder [None, 3]) == (None, 3)."""
    shape = x.shape if hasattr(x, "shape") else x
    if getattr(shape, "ndims", 0) is None:
        return None
    return tuple(d.value if hasattr(d, "value") else d for d in shape)


def dtype(x):
    return x.dtype.base_dtype.name
