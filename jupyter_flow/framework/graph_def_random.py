"""Random ops <-> TF1's NodeDefs. Ours are one op holding its shape (when static) and its range or
mean/stddev as attributes; TF1's take the shape as an int32 input and scale a standard sample with
separate Mul/Add nodes (`random_uniform(shape, lo, hi)` is `RandomUniform(shape) * (hi - lo) + lo`).
Export writes TF1's form under the names TF1 gives (u/shape, u/RandomUniform, u/mul, u), so a
consumer of `u:0` reads the scaled sample; import maps TF1's nodes back to our ops with the range
(0, 1) / (mean 0, stddev 1), and the Mul/Add stay ordinary ops. The exported form scales a float32
sample in float32, as TF1 does; our kernel scales in double and rounds once, so a round trip of a scaled
op gives the same draws to 2 ulp.

    >>> sorted(TF_RANDOM_TYPE.values())
    ['RandomStandardNormal', 'RandomUniform', 'RandomUniformInt', 'TruncatedNormal']
"""

import numpy as np

from ..summary.attr_value import to_attr_value
from .graph_def_composites import input_name
from ..summary.protos import NodeDef
from ..summary.tensor_proto import make_tensor_proto

# Our op type -> TF1's.
TF_RANDOM_TYPE = {"RandomUniform": "RandomUniform", "RandomNormal": "RandomStandardNormal",
                  "TruncatedNormal": "TruncatedNormal", "RandomUniformInt": "RandomUniformInt"}
# TF1's op type -> ours, for import.
OUR_RANDOM_TYPE = {tf_type: ours for ours, tf_type in TF_RANDOM_TYPE.items()}
# The names TF1 gives the Const nodes of the two parameters.
_PARAMETER_NAMES = {"RandomUniform": ("min", "max"), "RandomNormal": ("mean", "stddev"),
                    "TruncatedNormal": ("mean", "stddev")}


def random_node_defs(op, shape_input):
    """The NodeDefs of one random op of ours, in TF1's form; ``shape_input`` is the name of its
    shape tensor when it has one (None: the shape is a static attribute)."""
    attrs = op.node_def_attrs()
    nodes = []
    name = op.name
    scaled = op.type != "RandomUniformInt" and (attrs.get("a", 0.0), attrs.get("b", 1.0)) != (0.0, 1.0)
    sample_name = f"{name}/{TF_RANDOM_TYPE[op.type]}" if scaled else name
    if shape_input is None:
        shape = np.asarray(attrs["shape"], dtype=np.int32)
        nodes.append(_const(f"{name}/shape", shape, "int32"))
        shape_input = nodes[-1].name
        shape_dtype = "int32"
    else:
        shape_dtype = op.inputs[0].dtype.name
    sample = NodeDef(name=sample_name, op=TF_RANDOM_TYPE[op.type])
    sample.input.append(shape_input)
    sample.input.extend(input_name(t) for t in op.inputs[1:])
    sample.input.extend("^" + control.name for control in op.control_inputs)
    dtype = attrs["dtype"]
    tf_attrs = {"seed": attrs["seed"], "seed2": attrs["seed2"], "T": shape_dtype}
    tf_attrs["Tout" if op.type == "RandomUniformInt" else "dtype"] = dtype
    for key, value in sorted(tf_attrs.items()):
        sample.attr[key].CopyFrom(to_attr_value(key, value, op_name=name))
    if not scaled:
        return nodes + [sample]
    return nodes + [sample] + _scaling_nodes(op.type, name, sample_name, attrs["a"], attrs["b"], dtype)


def _scaling_nodes(op_type, name, sample_name, a, b, dtype):
    """TF1's `sample * width + offset` (the width of a uniform range is a Sub of its Consts)."""
    np_dtype = np.dtype(dtype)
    first, second = _PARAMETER_NAMES[op_type]
    nodes = [_const(f"{name}/{first}", np.asarray(a, np_dtype), dtype),
             _const(f"{name}/{second}", np.asarray(b, np_dtype), dtype)]
    width = nodes[1].name
    if op_type == "RandomUniform":
        nodes.append(_binary("Sub", f"{name}/sub", nodes[1].name, nodes[0].name, dtype))
        width = nodes[-1].name
    nodes.append(_binary("Mul", f"{name}/mul", sample_name, width, dtype))
    nodes.append(_binary("AddV2", name, nodes[-1].name, nodes[0].name, dtype))
    return nodes


def our_random_attrs(tf_type, attrs):
    """A TF1 random NodeDef's attributes (dtype names already decoded) -> our op's."""
    ours = {"seed": attrs.get("seed", 0), "seed2": attrs.get("seed2", 0)}
    if tf_type == "RandomUniformInt":
        ours["dtype"] = attrs["Tout"]
    else:
        ours.update(dtype=attrs["dtype"], a=attrs.get("a", 0.0), b=attrs.get("b", 1.0))
    return ours


def _const(name, array, dtype):
    node = NodeDef(name=name, op="Const")
    node.attr["dtype"].CopyFrom(to_attr_value("dtype", dtype))
    node.attr["value"].tensor.CopyFrom(make_tensor_proto(array))
    return node


def _binary(op_type, name, x, y, dtype):
    node = NodeDef(name=name, op=op_type)
    node.input.extend([x, y])
    node.attr["T"].CopyFrom(to_attr_value("T", dtype))
    return node
