"""The global step: the int64 variable 'global_step' that counts training steps (TF1's
tf.train.get_or_create_global_step and friends)."""
from ..framework import dtypes
from ..framework.graph import GraphKeys, Tensor, get_default_graph
from ..framework.scopes import get_variable
from ..ops.init_ops import Zeros
from ..ops.variables import Variable


def get_global_step(graph=None):
    """The global step variable of `graph` (default graph), or None if it has none.

    >>> step = tf.train.get_global_step()
    """
    graph = graph or get_default_graph()
    found = graph.get_collection(GraphKeys.GLOBAL_STEP)
    if len(found) == 1:
        step = found[0]
    elif not found:
        try:
            step = graph.get_tensor_by_name("global_step:0")
        except KeyError:
            return None
    else:
        raise ValueError(f"Multiple tensors in the global_step collection: {[t.name for t in found]}; keep one.")
    assert_global_step(step)
    return step


def create_global_step(graph=None):
    """Create the global step (int64 scalar 'global_step', starting at 0, not trainable).

    >>> global_step = tf.train.create_global_step()
    """
    graph = graph or get_default_graph()
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    with graph.as_default(), graph.name_scope(None):
        return get_variable(GraphKeys.GLOBAL_STEP, shape=[], dtype=dtypes.int64, initializer=Zeros(dtypes.int64),
                            trainable=False, collections=[GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP])


def get_or_create_global_step(graph=None):
    """The global step variable, created first if the graph has none.

    >>> global_step = tf.train.get_or_create_global_step()
    >>> training_op = optimizer.minimize(loss, global_step=global_step)
    """
    graph = graph or get_default_graph()
    step = get_global_step(graph)
    return step if step is not None else create_global_step(graph)


def assert_global_step(global_step_tensor):
    """Raise TypeError unless `global_step_tensor` is an integer scalar variable or tensor."""
    if not isinstance(global_step_tensor, (Variable, Tensor)):
        raise TypeError(f"Existing \"global_step\" must be a Variable or Tensor: {global_step_tensor}.")
    if not global_step_tensor.dtype.is_integer:
        raise TypeError(f"Existing \"global_step\" does not have integer type: {global_step_tensor.dtype.name}")
    shape = global_step_tensor.shape
    if shape.ndims != 0 and shape.is_fully_defined():
        raise TypeError(f"Existing \"global_step\" is not scalar: {shape}")


def global_step(sess, global_step_tensor):
    """The global step's current value as a Python int.

    >>> print("step", tf.train.global_step(sess, global_step))
    """
    return int(sess.run(global_step_tensor))
