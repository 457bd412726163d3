"""``tf.graph_util``: freezing a trained graph (variables -> constants) and pruning a GraphDef.

    >>> # frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["probs"])
    >>> callable(convert_variables_to_constants)
    True
"""

import copy

from ..summary.attr_value import to_attr_value
from ..summary.protos import GraphDef, NodeDef
from ..summary.tensor_proto import make_tensor_proto

_VARIABLE_OPS = frozenset(["VariableV2", "Variable", "VarHandleOp"])
_TRAINING_ONLY_OPS = frozenset(["Identity", "CheckNumerics", "StopGradient"])


def _node_name(spec):
    return spec.lstrip("^").split(":")[0]


def extract_sub_graph(graph_def, dest_nodes):
    """The nodes of ``graph_def`` that ``dest_nodes`` (names) depend on, in their original order.

        >>> # extract_sub_graph(gd, ["loss"]).node -> only what 'loss' needs
        >>> extract_sub_graph(GraphDef(), []).node[:]
        []
    """
    if not isinstance(graph_def, GraphDef):
        raise TypeError("graph_def must be a GraphDef proto (use graph.as_graph_def())")
    if isinstance(dest_nodes, str):
        raise TypeError("dest_nodes must be a list of node names, not a string")
    by_name = {node.name: node for node in graph_def.node}
    for name in dest_nodes:
        if name not in by_name:
            raise AssertionError(f"{name} is not in graph")
    keep, todo = set(), list(dest_nodes)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        todo.extend(_node_name(spec) for spec in by_name[name].input)
    out = GraphDef()
    out.versions.CopyFrom(graph_def.versions)
    out.node.extend(copy.deepcopy(node) for node in graph_def.node if node.name in keep)
    return out


def tensor_shape_from_node_def_name(graph, input_name):
    """The static shape of the tensor ``input_name`` ("op" means "op:0") in ``graph``.

        >>> # tensor_shape_from_node_def_name(g, "X") -> TensorShape([None, 3])
        >>> callable(tensor_shape_from_node_def_name)
        True
    """
    name = input_name if ":" in input_name else input_name + ":0"
    return graph.get_tensor_by_name(name).get_shape()


def must_run_on_cpu(node, pin_variables_on_cpu=False):
    """Whether TF would pin ``node`` (a NodeDef or Operation) on the CPU; we have only the CPU, the
    answer follows TF's rule: string tensors, and variables when asked.

        >>> must_run_on_cpu(NodeDef(name="v", op="VariableV2"), pin_variables_on_cpu=True)
        True
    """
    op_type = node.op if isinstance(node, NodeDef) else node.type
    if pin_variables_on_cpu and op_type in _VARIABLE_OPS:
        return True
    if op_type == "Placeholder" or op_type == "Const":
        attrs = node.attr if isinstance(node, NodeDef) else None
        if attrs is not None:
            return attrs["dtype"].type == to_attr_value("dtype", "string").type
        return node.outputs[0].dtype.name == "string"
    return op_type in ("Print", "PrintV2", "StringFormat")


def remove_training_nodes(input_graph, protected_nodes=None):
    """``input_graph`` without Identity/CheckNumerics/StopGradient nodes (their inputs wired through),
    except ``protected_nodes`` and those holding control inputs.

        >>> remove_training_nodes(GraphDef()).node[:]
        []
    """
    protected = set(protected_nodes or ())
    types_to_remove = {"CheckNumerics"}
    removed = {}  # name -> the input that replaces it
    for node in input_graph.node:
        if node.name in protected:
            continue
        if node.op in types_to_remove or (node.op in _TRAINING_ONLY_OPS and
                                          not any(spec.startswith("^") for spec in node.input)):
            if node.op == "Identity" and _is_variable_read(node, input_graph):
                continue  # a variable's read stays: freezing keys on it
            removed[node.name] = node.input[0]
    out = GraphDef()
    out.versions.CopyFrom(input_graph.versions)
    for node in input_graph.node:
        if node.name in removed:
            continue
        new = copy.deepcopy(node)
        del new.input[:]
        for spec in node.input:
            control = spec.startswith("^")
            while _node_name(spec) in removed:
                spec = ("^" if control else "") + removed[_node_name(spec)].lstrip("^") \
                    if control or ":" not in spec else removed[_node_name(spec)]
            new.input.append(spec)
        out.node.append(new)
    return out


def _is_variable_read(node, graph_def):
    source = _node_name(node.input[0]) if node.input else ""
    return any(n.name == source and n.op in _VARIABLE_OPS for n in graph_def.node)


def convert_variables_to_constants(sess, input_graph_def, output_node_names, variable_names_whitelist=None,
                                   variable_names_blacklist=None):
    """``input_graph_def`` pruned to ``output_node_names``, each variable replaced by a Const holding its
    current value in ``sess`` (and its reads by Identity of that Const): the frozen graph to deploy.

        >>> # frozen = convert_variables_to_constants(sess, sess.graph_def, ["output"])
        >>> callable(convert_variables_to_constants)
        True
    """
    inference = extract_sub_graph(input_graph_def, output_node_names)
    names = [node.name for node in inference.node if node.op in _VARIABLE_OPS
             and (variable_names_whitelist is None or node.name in variable_names_whitelist)
             and (variable_names_blacklist is None or node.name not in variable_names_blacklist)]
    values = dict(zip(names, sess.run([name + ":0" for name in names]))) if names else {}
    out = GraphDef()
    out.versions.CopyFrom(inference.versions)
    for node in inference.node:
        if node.name in values:
            const = NodeDef(name=node.name, op="Const")
            const.attr["dtype"].CopyFrom(node.attr["dtype"])
            const.attr["value"].tensor.CopyFrom(make_tensor_proto(values[node.name]))
            out.node.append(const)
            continue
        new = copy.deepcopy(node)
        if new.input and _node_name(new.input[0]) in values:
            if new.op in ("Identity",):
                new.attr.pop("_class", None)
            elif new.op in ("Assign", "AssignAdd", "AssignSub") or new.op.startswith("Apply"):
                raise ValueError(f"convert_variables_to_constants: output '{node.name}' ({node.op}) writes variable "
                                 f"'{_node_name(new.input[0])}'; freeze the inference outputs only")
        out.node.append(new)
    return out
