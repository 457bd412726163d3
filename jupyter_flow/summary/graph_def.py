"""A graph -> ``GraphDef``, the message TensorBoard's graph tab draws (``Graph.as_graph_def(add_shapes=True)``).

Works on any object with TF1's graph interface: ``get_operations()`` in creation order, each op with
``name``, ``type``, ``inputs`` (tensors with ``op.name`` and ``value_index``), ``control_inputs``,
``outputs`` (tensors with ``dtype.name`` and ``shape.as_list()``) and ``node_def_attrs()``. Name scopes
need nothing special: TensorBoard groups nodes by the '/' in their names.

    >>> # [node.name for node in to_graph_def(tf.get_default_graph()).node] -> ['X', 'theta', 'loss/mse', ...]
    >>> callable(to_graph_def)
    True
"""

from .attr_value import SHAPE_ATTR_NAMES, to_attr_value
from .protos import GraphDef, NodeDef
from .tensor_proto import shape_proto


def to_graph_def(graph):
    """The ``GraphDef`` of ``graph``, with each node's ``_output_shapes``.

        >>> class EmptyGraph:
        ...     def get_operations(self): return []
        >>> len(to_graph_def(EmptyGraph()).node)
        0
    """
    if not hasattr(graph, "get_operations"):
        raise TypeError(
            f"expected a Graph (with get_operations()), got {type(graph).__name__}; "
            "pass tf.get_default_graph() or a GraphDef"
        )
    graph_def = GraphDef()
    seen_names = set()
    for op in graph.get_operations():
        if op.name in seen_names:
            raise ValueError(f"the graph has two operations named '{op.name}'; op names must be unique")
        seen_names.add(op.name)
        graph_def.node.append(node_def(op))
    return graph_def


def node_def(op):
    """The ``NodeDef`` of one operation: name, op type, inputs ("x", "x:1", "^ctrl") and attributes.

        >>> # node_def(matmul_op).input -> ['X', 'theta'];  node_def(init_op).input -> ['^theta/Assign']
        >>> callable(node_def)
        True
    """
    node = NodeDef(name=op.name, op=op.type)
    node.input.extend(node_def_input_name(tensor) for tensor in op.inputs)
    node.input.extend("^" + control.name for control in op.control_inputs)
    for name, value in sorted(op.node_def_attrs().items()):
        if value is None and name not in SHAPE_ATTR_NAMES:
            continue  # unset optional attr (a reduction's axis=None: all axes); a NodeDef leaves it out
        node.attr[name].CopyFrom(to_attr_value(name, value, op_name=op.name))
    if op.outputs:
        shapes = node.attr["_output_shapes"].list.shape
        shapes.extend(shape_proto(tensor.shape) for tensor in op.outputs)
    return node


def node_def_input_name(tensor):
    """How a NodeDef names an input tensor: "op" for output 0, else "op:index".

        >>> from types import SimpleNamespace as Fake
        >>> node_def_input_name(Fake(op=Fake(name="split"), value_index=1))
        'split:1'
    """
    index = tensor.value_index
    return tensor.op.name if index == 0 else f"{tensor.op.name}:{index}"
