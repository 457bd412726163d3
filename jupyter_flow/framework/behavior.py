"""The TF1/TF2 behaviour switches TF1 programs call first (`tf.disable_v2_behavior()`), and
TF's version constants.

jupyter_flow always runs TF1's graph mode: the disable_* switches are no-ops (that is already
how it behaves), the enable_* switches of eager/TF2 behaviour raise NotImplementedError, and
executing_eagerly() is False. The version constants are those of the TF 1.x we emulate (1.15.0,
as `import tensorflow` under install_as_tensorflow reports).

>>> tf.disable_v2_behavior()
>>> tf.executing_eagerly()    # False
"""
import logging

from .graph_def_export import _PRODUCER

VERSION = "1.15.0"  # the TF 1.x release whose API jupyter_flow follows (its own version: jupyter_flow.__version__)
GIT_VERSION = "unknown"  # what TF reports when not built from a git checkout
COMPILER_VERSION = "unknown"
GRAPH_DEF_VERSION = _PRODUCER  # the `versions.producer` of the GraphDefs jupyter_flow writes
GRAPH_DEF_VERSION_MIN_CONSUMER = 0
GRAPH_DEF_VERSION_MIN_PRODUCER = 0


def _not_supported(what):
    raise NotImplementedError(f"tf.{what}(): eager execution and TF 2 behaviour are not supported; jupyter_flow runs "
                              f"the TF1 graph-and-session API (build a graph, then Session.run). Remove the call, or "
                              f"call tf.disable_v2_behavior() instead.")


def disable_v2_behavior():
    """No-op: jupyter_flow always behaves as TF 1.x (graph mode, sessions).

    >>> tf.disable_v2_behavior()
    """


def enable_v2_behavior():
    """Raises NotImplementedError: TF 2 behaviour (eager execution) is not supported."""
    _not_supported("enable_v2_behavior")


def disable_eager_execution():
    """No-op: jupyter_flow never executes eagerly.

    >>> tf.disable_eager_execution()
    """


def enable_eager_execution(config=None, device_policy=None, execution_mode=None):
    """Raises NotImplementedError: eager execution is not supported (graph mode only)."""
    _not_supported("enable_eager_execution")


def executing_eagerly():
    """False: ops build graph nodes, Session.run computes them.

    >>> tf.executing_eagerly()   # False
    """
    return False


def executing_eagerly_outside_functions():
    """False, as executing_eagerly()."""
    return False


def disable_resource_variables():
    """No-op: variables are TF1's reference variables (what this switch selects in TF)."""


def enable_resource_variables():
    """No-op: jupyter_flow has one kind of variable (TF1's reference variables); programs that
    ask for resource variables get them, which behave the same for graph-mode reads and updates."""


def resource_variables_enabled():
    """False: variables are TF1's reference variables."""
    return False


def disable_control_flow_v2():
    """No-op: tf.cond and tf.while_loop always build jupyter_flow's single-node If/While ops."""


def enable_control_flow_v2():
    """No-op: tf.cond and tf.while_loop are already functional (If/While nodes with sub-plans)."""


def disable_tensor_equality():
    """No-op: `a == b` on tensors compares identity, as TF 1.x (use tf.equal for elementwise)."""


def disable_v2_tensorshape():
    """No-op: shapes hold Dimension objects, as TF 1.x (shape[0].value)."""


def get_logger():
    """The `tensorflow` logger of Python's logging (where tf.logging writes).

    >>> tf.get_logger().setLevel("ERROR")
    """
    return logging.getLogger("tensorflow")
