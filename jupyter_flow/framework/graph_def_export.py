"""Graph -> TF1's ``GraphDef`` message (``Graph.as_graph_def``): nodes with TF1's op names and attributes.

The message classes are TF's own definitions (wire compatible, see summary/protos.py), so the bytes
``SerializeToString`` gives are what TF1's ``GraphDef.ParseFromString`` reads, and back.

    >>> # tf.get_default_graph().as_graph_def().node[0].attr["dtype"].type == types_pb2.DT_FLOAT
    >>> callable(graph_def_of)
    True
"""

import numpy as np

from ..summary.attr_value import SHAPE_ATTR_NAMES, to_attr_value
from ..summary.protos import GraphDef, NodeDef
from ..summary.tensor_proto import make_tensor_proto, shape_proto
from .gradient_override import gradient_op_type
from .graph_def_composites import COMPOSITE_EXPORTS, composite_node_defs, input_name
from .graph_def_random import TF_RANDOM_TYPE, random_node_defs
from .graph_def_table import ATTR_AS_INPUT, DTYPE_FROM_INPUT, EXPORTED_OP_TYPE, FIXED_ATTRS, IMPLIED_ATTRS, OPS_WITH_T, _NO_T

_PRODUCER = 1882  # the GraphDef version TF 2.21 writes; readers check it is not newer than theirs


def graph_def_of(graph, from_version=None, add_shapes=False):
    """The ``GraphDef`` of ``graph``; with ``from_version``, only ops added after that version
    (``graph.version``); with ``add_shapes``, each node's ``_output_shapes``.

        >>> # [n.op for n in graph_def_of(g).node] -> ['Placeholder', 'VariableV2', 'Assign', ...]
        >>> graph_def_of.__name__
        'graph_def_of'
    """
    graph_def = GraphDef()
    graph_def.versions.producer = _PRODUCER
    ops = graph.get_operations()
    if from_version is not None:
        ops = [op for op in ops if op._id > from_version]
    for op in ops:
        graph_def.node.extend(node_defs_of(op, add_shapes))
    return graph_def


def node_defs_of(op, add_shapes=False):
    """The NodeDefs of one op: its own, preceded by the Const nodes of attributes TF1 takes as inputs."""
    if op.type in TF_RANDOM_TYPE:
        return random_node_defs(op, input_name(op.inputs[0]) if op.inputs else None)
    if op.type in COMPOSITE_EXPORTS:
        return composite_node_defs(op)
    node = NodeDef(name=op.name, op=op.type)
    if op.type in EXPORTED_OP_TYPE and op.outputs[0].dtype.name != "string":
        node.op = EXPORTED_OP_TYPE[op.type]
    inputs = [input_name(tensor) for tensor in op.inputs]
    attrs = op.node_def_attrs()
    for name, implied in IMPLIED_ATTRS.get(op.type, {}).items():
        if attrs.get(name) == implied:
            del attrs[name]
    extra_nodes = []
    if op.type in ATTR_AS_INPUT:
        attr_name, position, suffix = ATTR_AS_INPUT[op.type]
        value = _attr_input_value(op, attrs.pop(attr_name, None), attr_name)
        const = _const_node(f"{op.name}/{suffix}", value)
        extra_nodes.append(const)
        inputs.insert(len(inputs) if position == -1 else position, const.name)
    node.input.extend(inputs)
    node.input.extend("^" + control.name for control in op.control_inputs)
    attrs.update(FIXED_ATTRS.get(op.type, {}))
    for attr_name, index in DTYPE_FROM_INPUT.get(op.type, ()):
        tensor = op.outputs[0] if index == "out" else op.inputs[index]
        attrs[attr_name] = tensor.dtype.name.replace("_ref", "")
    if op.type in OPS_WITH_T and op.type not in _NO_T and "T" not in attrs and op.inputs:
        attrs["T"] = op.inputs[0].dtype.name.replace("_ref", "")
    override = gradient_op_type(op)
    if override != op.type:  # chosen with gradient_override_map: TF1 records it on the node
        attrs["_gradient_op_type"] = override
    variable = _variable_input(op)
    if variable is not None:
        attrs["_class"] = [f"loc:@{variable}"]
    for name, value in sorted(attrs.items()):
        if value is None and name not in SHAPE_ATTR_NAMES:
            continue  # an unset optional attr: a NodeDef leaves it out
        node.attr[name].CopyFrom(to_attr_value(name, value, op_name=op.name))
    if add_shapes and op.outputs:
        node.attr["_output_shapes"].list.shape.extend(shape_proto(t.shape) for t in op.outputs)
    return extra_nodes + [node]


def _attr_input_value(op, value, attr_name):
    if value is None and attr_name == "axis" and op.type not in ("ConcatV2",):  # a reduction over all axes
        rank = op.inputs[0].shape.ndims
        if rank is None:
            raise ValueError(f"op '{op.name}' ({op.type}) reduces over all axes of an input of unknown rank; "
                             "a GraphDef needs the axes as a constant: pass axis=... explicitly")
        value = list(range(rank))
    return np.asarray(value, dtype=np.int32)


def _const_node(name, array):
    node = NodeDef(name=name, op="Const")
    node.attr["dtype"].CopyFrom(to_attr_value("dtype", "int32"))
    node.attr["value"].tensor.CopyFrom(make_tensor_proto(array))
    return node


def _variable_input(op):
    """The variable an op reads or updates in place (TF1 colocates it there: attr _class)."""
    if op.type == "Identity" or op.type.startswith(("Assign", "Apply", "ScatterUpdate")):
        if op.inputs and op.inputs[0].op.type == "VariableV2" and op.name != op.inputs[0].op.name:
            if op.type != "Identity" or op.name == op.inputs[0].op.name + "/read":
                return op.inputs[0].op.name
    return None
