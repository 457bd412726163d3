"""The kernel-wide session %load_ext opens, so `f.eval()` and `op.run()` work in any cell."""
from ..client.session import BaseSession, InteractiveSession
from ..framework.graph import get_default_graph, on_default_graph_reset


class KernelSession(InteractiveSession):
    """An InteractiveSession on the default graph that follows it: after tf.reset_default_graph()
    (or %graph_reset) it runs the new default graph, with no variable values, as a new session would.

    >>> tf.reset_default_graph(); x = tf.constant(2)
    >>> x.eval()   # the kernel session already runs the new graph
    """

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        on_default_graph_reset(self._follow_default_graph)

    def _follow_default_graph(self):
        graph = get_default_graph()
        if graph is self._graph or self._closed:
            return
        self._graph._sessions.discard(self)
        BaseSession.__init__(self, graph=graph)  # a fresh engine session: values belong to the old graph
