"""tf.summary: summary ops (computed by the engine) and TensorBoard event files (FileWriter).

    >>> mse_summary = tf.summary.scalar('MSE', mse)
    >>> file_writer = tf.summary.FileWriter(logdir, tf.get_default_graph())
"""

from ..ops.summary_ops import histogram, image, merge, merge_all, scalar, text
from . import summary_proto
from .file_writer import FileWriter
from .graph_def import to_graph_def

__all__ = ["FileWriter", "summary_proto", "to_graph_def", "scalar", "histogram", "image", "text", "merge", "merge_all"]
