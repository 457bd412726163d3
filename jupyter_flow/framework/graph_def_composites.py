"""Our one-kernel ops that TF1 writes as several nodes, exported in TF1's form so that TensorFlow can
import the GraphDef (a frozen model with a dropout or a flatten layer, a sigmoid cross-entropy loss): Dropout becomes TF 1.x's
`where(uniform >= 1 - keep_prob, x / keep_prob, 0)`, Flatten a Reshape to [-1, features]. Import needs no
mapping back: those nodes are ordinary ops of ours.

    >>> sorted(COMPOSITE_EXPORTS)
    ['Dropout', 'Flatten', 'SigmoidCrossEntropyWithLogits']
"""

import numpy as np

from ..summary.attr_value import to_attr_value
from ..summary.graph_def import node_def_input_name
from ..summary.protos import NodeDef
from ..summary.tensor_proto import make_tensor_proto


def input_name(tensor):
    """How a NodeDef names ``tensor``, the second output of Dropout (its scaled mask, read by the
    gradient) being the node export adds for it."""
    if tensor.value_index == 1 and tensor.op.type == "Dropout":
        return f"{tensor.op.name}/mask"
    return node_def_input_name(tensor)


def _dropout(op):
    x, keep_prob = (input_name(t) for t in op.inputs)
    dtype = op.inputs[0].dtype.name
    attrs = op.node_def_attrs()
    name = op.name
    if attrs.get("noise_shape") is not None:
        nodes = [_const(f"{name}/noise_shape", np.asarray(attrs["noise_shape"], np.int32), "int32")]
    else:
        nodes = [_node("Shape", f"{name}/Shape", [x], T=dtype, out_type="int32")]
    one = _const(f"{name}/one", np.asarray(1, dtype), dtype)
    zero = _const(f"{name}/zero", np.asarray(0, dtype), dtype)
    nodes += [one, zero,
              _node("RandomUniform", f"{name}/random_uniform", [nodes[0].name], T="int32", dtype=dtype,
                    seed=attrs["seed"], seed2=attrs["seed2"]),
              _node("Sub", f"{name}/rate", [one.name, keep_prob], T=dtype)]
    keep = _node("GreaterEqual", f"{name}/GreaterEqual", [f"{name}/random_uniform", f"{name}/rate"], T=dtype)
    scale = _node("RealDiv", f"{name}/scale", [one.name, keep_prob], T=dtype)
    scaled = _node("Mul", f"{name}/Mul", [x, scale.name], T=dtype)
    return nodes + [keep, scale, scaled, _node("SelectV2", name, [keep.name, scaled.name, zero.name], T=dtype),
                    _node("SelectV2", f"{name}/mask", [keep.name, scale.name, zero.name], T=dtype)]


def _flatten(op):
    shape = op.outputs[0].shape
    if shape.ndims is None or shape[1].value is None:
        raise ValueError(f"op '{op.name}' (Flatten): a GraphDef writes flatten as a Reshape to [-1, features], "
                         f"which needs the input's non-batch sizes; '{op.inputs[0].name}' has shape "
                         f"{op.inputs[0].shape}: give the placeholder a full shape except the batch size")
    target = _const(f"{op.name}/shape", np.asarray([-1, shape[1].value], np.int32), "int32")
    return [target, _node("Reshape", op.name, [input_name(op.inputs[0]), target.name], T=op.inputs[0].dtype.name,
                          Tshape="int32")]


def _sigmoid_cross_entropy(op):
    """TF1's stable form: max(x, 0) - x * z + log1p(exp(-|x|)), written with selects as TF1 does."""
    logits, labels = (input_name(t) for t in op.inputs)
    dtype = op.inputs[0].dtype.name
    n = op.name
    nodes = [_node("ZerosLike", f"{n}/zeros_like", [logits], T=dtype),
             _node("GreaterEqual", f"{n}/GreaterEqual", [logits, f"{n}/zeros_like"], T=dtype),
             _node("SelectV2", f"{n}/Select", [f"{n}/GreaterEqual", logits, f"{n}/zeros_like"], T=dtype),
             _node("Neg", f"{n}/Neg", [logits], T=dtype),
             _node("SelectV2", f"{n}/Select_1", [f"{n}/GreaterEqual", f"{n}/Neg", logits], T=dtype),
             _node("Mul", f"{n}/mul", [logits, labels], T=dtype),
             _node("Sub", f"{n}/sub", [f"{n}/Select", f"{n}/mul"], T=dtype),
             _node("Exp", f"{n}/Exp", [f"{n}/Select_1"], T=dtype),
             _node("Log1p", f"{n}/Log1p", [f"{n}/Exp"], T=dtype)]
    return nodes + [_node("AddV2", n, [f"{n}/sub", f"{n}/Log1p"], T=dtype)]


COMPOSITE_EXPORTS = {"Dropout": _dropout, "Flatten": _flatten, "SigmoidCrossEntropyWithLogits": _sigmoid_cross_entropy}
# The node of each composite that carries the op's control inputs (its output node).
_OUTPUT_NODE = {"Dropout": -2, "Flatten": -1, "SigmoidCrossEntropyWithLogits": -1}


def composite_node_defs(op):
    nodes = COMPOSITE_EXPORTS[op.type](op)
    nodes[_OUTPUT_NODE[op.type]].input.extend("^" + c.name for c in op.control_inputs)
    return nodes


def _node(op_type, name, inputs, **attrs):
    node = NodeDef(name=name, op=op_type)
    node.input.extend(inputs)
    for key, value in sorted(attrs.items()):
        node.attr[key].CopyFrom(to_attr_value(key, value, op_name=name))
    return node


def _const(name, array, dtype):
    node = NodeDef(name=name, op="Const")
    node.attr["dtype"].CopyFrom(to_attr_value("dtype", dtype))
    node.attr["value"].tensor.CopyFrom(make_tensor_proto(array))
    return node
