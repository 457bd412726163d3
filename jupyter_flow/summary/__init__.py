"""TensorBoard summaries: event files (FileWriter), Summary builders and the GraphDef export.

    >>> import tempfile; from jupyter_flow.summary import FileWriter, summary_proto
    >>> with FileWriter(tempfile.mkdtemp()) as writer: writer.add_summary(summary_proto.scalar("mse", 0.5), 1)
"""

from . import summary_proto
from .file_writer import FileWriter
from .graph_def import to_graph_def

__all__ = ["FileWriter", "summary_proto", "to_graph_def"]
