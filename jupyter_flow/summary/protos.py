"""The protocol-buffer message classes that TensorBoard event files are made of.

This is the one place that knows where the generated classes come from, so swapping the provider
(e.g. to ``tensorboard.compat.proto``) is a one-file change. We use ``tensorboardX.proto``: the same
TensorFlow ``.proto`` definitions (wire compatible field by field), in a 0.7 MB package whose only
dependencies are numpy, packaging and protobuf, instead of the full ``tensorboard`` server.

    >>> from jupyter_flow.summary.protos import Summary
    >>> Summary(value=[Summary.Value(tag="loss", simple_value=0.5)]).value[0].tag
    'loss'
"""

from tensorboardX.proto.attr_value_pb2 import AttrValue
from tensorboardX.proto.event_pb2 import Event
from tensorboardX.proto.graph_pb2 import GraphDef
from tensorboardX.proto.node_def_pb2 import NodeDef
from tensorboardX.proto.summary_pb2 import HistogramProto, Summary, SummaryMetadata
from tensorboardX.proto.tensor_pb2 import TensorProto
from tensorboardX.proto.tensor_shape_pb2 import TensorShapeProto
from tensorboardX.proto.types_pb2 import DataType

__all__ = [
    "AttrValue",
    "DataType",
    "Event",
    "GraphDef",
    "HistogramProto",
    "NodeDef",
    "Summary",
    "SummaryMetadata",
    "TensorProto",
    "TensorShapeProto",
]
