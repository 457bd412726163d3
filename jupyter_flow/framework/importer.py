"""``tf.import_graph_def``: a GraphDef (ours or TF-written) -> operations of the default graph.

Each NodeDef's attributes map back through framework/graph_def_table.py: TF1's dtype attributes are
dropped (our shape rules derive them) and the Const inputs TF1 uses for our attributes are folded
back into them.

    >>> # y, = tf.import_graph_def(frozen_graph_def, return_elements=["y:0"], name="frozen")
    >>> callable(import_graph_def)
    True
"""

import numpy as np

from ..summary.proto_dtypes import DTYPE_NAMES, data_type
from . import dtypes
from .graph import get_default_graph, name_scope
from .graph_def_random import OUR_RANDOM_TYPE, our_random_attrs
from .graph_def_table import ATTR_AS_INPUT, IMPLIED_ATTRS, IMPORTED_OP_TYPE, tf_only_attr_names
from .op_def import OP_DEFS
from .tensor_shape import TensorShape

_DTYPE_OF_ENUM = {data_type(name): name for name in DTYPE_NAMES}


def import_graph_def(graph_def, input_map=None, return_elements=None, name=None, op_dict=None,
                     producer_op_list=None):
    """Add the nodes of ``graph_def`` to the default graph under ``name`` + '/' (default "import");
    ``input_map`` {"x:0": tensor} replaces tensors, ``return_elements`` names the tensors ("y:0")
    or operations ("train") to return.

        >>> # out, = tf.import_graph_def(gd, input_map={"X:0": images}, return_elements=["probs:0"])
        >>> import_graph_def.__name__
        'import_graph_def'
    """
    del op_dict, producer_op_list  # TF1 deprecated both; our op registry is the only one
    if not hasattr(graph_def, "node"):
        raise TypeError(f"import_graph_def expects a GraphDef, got {type(graph_def).__name__}")
    input_map = {_tensor_key(key): value for key, value in (input_map or {}).items()}
    graph = get_default_graph()
    nodes = {node.name: node for node in graph_def.node}
    constants = {n.name: _attr_value(n.attr["value"]) for n in graph_def.node if n.op == "Const"}
    graph._check_can_add("import_graph_def", (), ()) if graph._finalized else None
    created = {}
    prefix = "import" if name is None else name
    with name_scope(prefix) if prefix else _nothing() as scope:
        for node in _in_dependency_order(graph_def.node, nodes):
            created[node.name] = _import_node(graph, node, scope or "", created, constants, input_map)
    missing = set(input_map) - {key for key in input_map if key[0] in nodes}
    if missing:
        raise ValueError(f"input_map names tensors not in the graph_def: {sorted(':'.join(map(str, k)) for k in missing)}")
    if return_elements is None:
        return None
    return [_element(created, element) for element in return_elements]


def _import_node(graph, node, scope, created, constants, input_map):
    op_type = OUR_RANDOM_TYPE.get(node.op) or IMPORTED_OP_TYPE.get(node.op, node.op)
    if op_type not in OP_DEFS:
        raise ValueError(f"import_graph_def: node '{node.name}' has op type '{op_type}', which jupyter_flow "
                         "does not define; rebuild that part of the model with jupyter_flow ops")
    data_inputs, controls = [], []
    for spec in node.input:
        if spec.startswith("^"):
            controls.append(created[spec[1:]])
            continue
        key = _tensor_key(spec)
        data_inputs.append(key)
    dropped = tf_only_attr_names(op_type)
    attrs = {key: _attr_value(value) for key, value in node.attr.items() if key not in dropped}
    if node.op in OUR_RANDOM_TYPE:
        attrs = our_random_attrs(node.op, attrs)
    for attr_name in ("shapes", "output_shapes"):
        if attr_name in attrs:  # queues and iterators keep their component shapes as one flat int list
            from ..ops.dataset_ops import encode_shapes
            attrs[attr_name] = encode_shapes(attrs[attr_name])
    for attr_name, implied in IMPLIED_ATTRS.get(op_type, {}).items():
        attrs.setdefault(attr_name, implied)
    if op_type in ATTR_AS_INPUT and len(data_inputs) > _min_inputs(op_type):
        attr_name, position, _ = ATTR_AS_INPUT[op_type]
        source = data_inputs.pop(position)
        if source[0] not in constants or source[1] != 0:
            raise ValueError(f"import_graph_def: node '{node.name}' ({op_type}) takes its '{attr_name}' from "
                             f"'{source[0]}', which is not a Const; jupyter_flow needs it constant")
        value = constants[source[0]]
        attrs[attr_name] = np.atleast_1d(value).tolist() if op_type not in ("ConcatV2", "ArgMax", "ArgMin", "ExpandDims", "GatherV2") \
            else int(value)
    inputs = [input_map[key] if key in input_map else created[key[0]].outputs[key[1]] for key in data_inputs]
    with graph.control_dependencies(controls) if controls else _nothing():
        return graph.create_op(op_type, inputs, attrs, name=scope + node.name + "/" if scope else node.name + "/")


def _min_inputs(op_type):
    # The data inputs our op keeps besides the attribute TF passes as an input.
    return 2 if op_type == "GatherV2" else 1


def _in_dependency_order(node_list, nodes):
    """Nodes after their inputs (TF-written GraphDefs are usually, not always, in that order)."""
    order, state = [], {}
    for root in node_list:
        stack = [(root.name, False)]
        while stack:
            name, done = stack.pop()
            if done:
                if state.get(name) != 2:
                    state[name] = 2
                    order.append(nodes[name])
                continue
            if state.get(name) == 2:
                continue
            if state.get(name) == 1:
                raise ValueError(f"import_graph_def: the graph_def has a cycle through node '{name}'")
            if name not in nodes:
                raise ValueError(f"import_graph_def: an input names node '{name}', which the graph_def lacks")
            state[name] = 1
            stack.append((name, True))
            for spec in nodes[name].input:
                dep = _tensor_key(spec.lstrip("^"))[0]
                if state.get(dep) != 2:
                    stack.append((dep, False))
        # nodes entered but not finished belong to a cycle found above
    return order


def _tensor_key(spec):
    """("op", index) of "op", "op:1" or a Tensor's name."""
    spec = getattr(spec, "name", spec)
    name, _, index = spec.partition(":")
    return name, int(index) if index else 0


def _element(created, element):
    element = getattr(element, "name", element)
    name, colon, index = element.partition(":")
    if name not in created:
        raise ValueError(f"import_graph_def: return_elements names '{element}', which the graph_def lacks")
    op = created[name]
    return op.outputs[int(index)] if colon else op


def _attr_value(attr):
    kind = attr.WhichOneof("value")
    if kind == "type":
        return dtypes.as_dtype(_DTYPE_OF_ENUM[attr.type].replace("_ref", ""))
    if kind == "shape":
        return _shape(attr.shape)
    if kind == "tensor":
        return np.asarray(_ndarray(attr.tensor))
    if kind == "s":
        return attr.s.decode("utf-8")
    if kind in ("i", "f", "b"):
        return getattr(attr, kind)
    if kind == "list":
        lst = attr.list
        for field in ("s", "i", "f", "b", "type", "shape", "tensor"):
            items = list(getattr(lst, field))
            if items:
                if field == "s":
                    return [item.decode("utf-8") for item in items]
                if field == "type":
                    return [dtypes.as_dtype(_DTYPE_OF_ENUM[item]) for item in items]
                if field == "shape":
                    return [_shape(item) for item in items]
                if field == "tensor":
                    return [np.asarray(_ndarray(item)) for item in items]
                return items
        return []
    raise ValueError(f"import_graph_def: an attribute of kind {kind!r} is not supported")


def _shape(proto):
    if proto.unknown_rank:
        return TensorShape(None)
    return TensorShape([None if d.size < 0 else d.size for d in proto.dim])


_VAL_FIELD = {"float32": "float_val", "float64": "double_val", "int64": "int64_val", "bool": "bool_val",
              "string": "string_val", "float16": "half_val", "bfloat16": "half_val", "complex64": "scomplex_val",
              "complex128": "dcomplex_val", "uint32": "uint32_val", "uint64": "uint64_val"}


def _ndarray(proto):
    """The NumPy array of a TensorProto (tensor_content bytes, or typed values repeated to fill)."""
    dtype_name = _DTYPE_OF_ENUM[proto.dtype].replace("_ref", "")
    dtype = dtypes.as_dtype(dtype_name)
    np_dtype = np.dtype(dtype._np)
    shape = [d.size for d in proto.tensor_shape.dim]
    count = int(np.prod(shape)) if shape else 1
    if proto.tensor_content:
        return np.frombuffer(proto.tensor_content, dtype=np_dtype.newbyteorder("<")).astype(np_dtype).reshape(shape)
    values = list(getattr(proto, _VAL_FIELD.get(dtype_name, "int_val")))
    if dtype_name in ("float16", "bfloat16"):
        flat = np.asarray(values, np.uint16).view(np_dtype)
    elif dtype_name.startswith("complex"):
        flat = np.asarray(values, np.float32 if dtype_name == "complex64" else np.float64).view(np_dtype)
    elif dtype_name == "string":
        flat = np.asarray(values, dtype=object)
    else:
        flat = np.asarray(values, dtype=np_dtype)
    if flat.size == count:
        return flat.reshape(shape)
    if flat.size == 0:
        return np.zeros(shape, np_dtype)
    # TF writes a repeated last value once ("fill" encoding); repeat it to the full size
    return np.concatenate([flat, np.repeat(flat[-1:], count - flat.size)]).reshape(shape)


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False
