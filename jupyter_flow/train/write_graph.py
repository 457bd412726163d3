"""tf.train.write_graph: a graph's GraphDef to a file, as text (.pbtxt) or binary (.pb), in the
same protocol-buffer format TensorFlow writes: Graph.as_graph_def(), TF1's op names and attributes, so
TensorFlow's tf.import_graph_def reads it back.

>>> tf.train.write_graph(sess.graph, "/tmp/model", "graph.pbtxt")
'/tmp/model/graph.pbtxt'
"""
import os

from google.protobuf import text_format

from ..gfile import GFile, makedirs
from ..summary.protos import GraphDef


def write_graph(graph_or_graph_def, logdir, name, as_text=True):
    """Write the graph (a tf.Graph or a GraphDef) to logdir/name, creating logdir if needed;
    returns the path.

    >>> tf.train.write_graph(tf.get_default_graph(), logdir, "train.pb", as_text=False)
    """
    if isinstance(graph_or_graph_def, GraphDef):
        graph_def = graph_or_graph_def
    else:
        graph_def = graph_or_graph_def.as_graph_def()
    makedirs(logdir)
    path = os.path.join(logdir, name)
    with GFile(path, "w" if as_text else "wb") as f:
        f.write(text_format.MessageToString(graph_def) if as_text else
                graph_def.SerializeToString())
    return path
