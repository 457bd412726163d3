"""tf.train.write_graph: a graph's GraphDef to a file, as text (.pbtxt) or binary (.pb), in the
same protocol-buffer format TensorFlow writes (the GraphDef TensorBoard's graph tab reads).

>>> tf.train.write_graph(sess.graph, "/tmp/model", "graph.pbtxt")
'/tmp/model/graph.pbtxt'
"""
import os

from google.protobuf import text_format

from ..gfile import GFile, makedirs
from ..summary.graph_def import to_graph_def
from ..summary.protos import GraphDef


def _plain_graph_def(graph):
    # Graph.as_graph_def() in TF1 leaves out the _output_shapes attr unless add_shapes=True.
    graph_def = to_graph_def(graph)
    for node in graph_def.node:
        if "_output_shapes" in node.attr:
            del node.attr["_output_shapes"]
    return graph_def


def write_graph(graph_or_graph_def, logdir, name, as_text=True):
    """Write the graph (a tf.Graph or a GraphDef) to logdir/name, creating logdir if needed;
    returns the path.

    >>> tf.train.write_graph(tf.get_default_graph(), logdir, "train.pb", as_text=False)
    """
    if isinstance(graph_or_graph_def, GraphDef):
        graph_def = graph_or_graph_def
    else:
        graph_def = _plain_graph_def(graph_or_graph_def)
    makedirs(logdir)
    path = os.path.join(logdir, name)
    with GFile(path, "w" if as_text else "wb") as f:
        f.write(text_format.MessageToString(graph_def) if as_text else
                graph_def.SerializeToString())
    return path
