"""A graph <-> TF's MetaGraphDef protobuf (the message a SavedModel holds one of per tag set).

Export: the GraphDef with TF1's op names and attributes (framework/graph_def_export.py), each
node's `_output_shapes` as TF writes them, and the collections in TF's encodings: variables as
VariableDef bytes, tensors and ops as node names, numbers and strings as lists, protobuf messages
(an asset's AssetFileDef) as Any. No SaverDef is written: our Saver adds no ops, and TensorFlow's
loader makes its own Saver for the `variables` collection when the MetaGraphDef has none.
Ops TensorFlow has no op for (our gradient kernels: graph_def_table.OPS_TENSORFLOW_LACKS) are left
out with every op that depends on them (the train op, typically), so TensorFlow can import the
graph; the signatures, variables and init ops must not need them.

Import: the nodes are rebuilt by tf.import_graph_def under their own names, except the nodes of the
Saver a TensorFlow-written graph carries (SaveV2/RestoreV2 ... under its scope, named by the
SaverDef): our Saver needs none. Collections come back as Variables, tensors, ops and values.

    >>> mg = meta_graph_def_of(tf.get_default_graph())          # a MetaGraphDef protobuf
    >>> variables = import_meta_graph_def(mg, tf.Graph())       # {variable op name: Variable}
"""
import numbers
import warnings

from google.protobuf import any_pb2

from ..framework.graph import Operation, Tensor
from ..framework.behavior import GRAPH_DEF_VERSION
from ..framework.graph_def_export import node_defs_of
from ..framework.graph_def_table import OPS_TENSORFLOW_LACKS
from ..framework.importer import import_graph_def
from ..ops.variables import Variable
from ..summary.protos import GraphDef
from .protos import CollectionDef, MetaGraphDef, VariableDef

# The collections whose items are VariableDefs (TF1's ops.register_proto_function keys).
VARIABLE_COLLECTIONS = frozenset(["variables", "trainable_variables", "local_variables", "model_variables",
                                  "moving_average_variables", "metric_variables", "global_step"])
# TF collections of control-flow contexts and savers: about TF's own runtime, not rebuilt here.
_TF_RUNTIME_COLLECTIONS = frozenset(["cond_context", "while_context", "savers", "saveable_objects"])


# ----- export ----------------------------------------------------------------------------------
def meta_graph_def_of(graph, collection_list=None, clear_devices=False, required=()):
    """The MetaGraphDef protobuf of `graph`: its GraphDef and its collections (string keys), without
    the ops TensorFlow lacks and their dependents; `required` (tensors, ops) must not be among those.

    >>> meta_graph_def_of(g).collection_def["variables"].bytes_list.value[0]   # a VariableDef
    """
    from .. import __version__
    mg = MetaGraphDef()
    mg.meta_info_def.tensorflow_git_version = f"jupyter_flow {__version__}"
    left_out = _ops_tensorflow_cannot_import(graph)
    for item in required:
        op = item if isinstance(item, Operation) else item.op
        if op in left_out:
            raise ValueError(f"Cannot write '{item.name}' to a SavedModel: it depends on op '{left_out[op].name}' "
                             f"({left_out[op].type}), which TensorFlow has no op for (a gradient kernel of "
                             f"jupyter_flow's). Build the serving outputs from the forward ops only.")
    mg.graph_def.versions.producer = GRAPH_DEF_VERSION
    for op in graph.get_operations():
        if op not in left_out:
            mg.graph_def.node.extend(node_defs_of(op, add_shapes=True))
    if clear_devices:
        for node in mg.graph_def.node:
            node.device = ""
    keys = graph.get_all_collection_keys() if collection_list is None else list(collection_list)
    for key in keys:
        if isinstance(key, str):
            items = [i for i in graph.get_collection(key) if _op_of(i) not in left_out]
            collection = _collection_def(graph, key, items)
            if collection is not None:
                mg.collection_def[key].CopyFrom(collection)
    return mg


def _ops_tensorflow_cannot_import(graph):
    """{op: the op TensorFlow lacks that it depends on} (through data and control inputs)."""
    left_out = {op: op for op in graph.get_operations() if op.type in OPS_TENSORFLOW_LACKS}
    changed = bool(left_out)
    while changed:  # creation order is almost always dependency order; a re-linked notebook op may not be
        changed = False
        for op in graph.get_operations():
            if op not in left_out:
                dep = next((d for d in [t.op for t in op.inputs] + list(op.control_inputs) if d in left_out), None)
                if dep is not None:
                    left_out[op] = left_out[dep]
                    changed = True
    return left_out


def _op_of(item):
    if isinstance(item, Operation):
        return item
    if isinstance(item, Tensor):
        return item.op
    return item.op if isinstance(item, Variable) else None


def _collection_def(graph, key, items):
    """The CollectionDef of `items`, or None (with a warning, as TF1) when they have no one encoding."""
    if not items:
        return None
    kinds = {_item_kind(item) for item in items}
    if len(kinds) != 1 or None in kinds:
        warnings.warn(f"Collection '{key}' holds items that cannot be written to a MetaGraphDef together "
                      f"({sorted(type(i).__name__ for i in items)[:4]}); it is left out.", stacklevel=4)
        return None
    kind, = kinds
    collection = CollectionDef()
    if kind == "variable":
        collection.bytes_list.value.extend(_variable_def(v).SerializeToString() for v in items)
    elif kind == "node":
        names = [item.name for item in items if _in_graph(graph, item)]
        collection.node_list.value.extend(names)
    elif kind == "int":
        collection.int64_list.value.extend(int(i) for i in items)
    elif kind == "float":
        collection.float_list.value.extend(float(f) for f in items)
    elif kind == "bytes":
        collection.bytes_list.value.extend(i.encode("utf-8") if isinstance(i, str) else bytes(i) for i in items)
    else:
        for item in items:
            collection.any_list.value.add().CopyFrom(item)
    return collection


def _item_kind(item):
    if isinstance(item, Variable):
        return "variable"
    if isinstance(item, (Tensor, Operation)):
        return "node"
    if isinstance(item, bool) or not isinstance(item, (numbers.Number, str, bytes, any_pb2.Any)):
        return None
    if isinstance(item, numbers.Integral):
        return "int"
    if isinstance(item, numbers.Real):
        return "float"
    if isinstance(item, (str, bytes)):
        return "bytes"
    return "any" if isinstance(item, any_pb2.Any) else None


def _in_graph(graph, item):
    op = item if isinstance(item, Operation) else item.op
    return op.graph is graph and graph._op_by_id(op._id) is op


def _variable_def(var):
    d = VariableDef(variable_name=var.name, snapshot_name=var.value().name, trainable=var.trainable)
    if var.initializer is not None:
        d.initializer_name = var.initializer.name
    if var.initial_value is not None:
        d.initial_value_name = var.initial_value.name
    return d


# ----- import ----------------------------------------------------------------------------------
def import_meta_graph_def(mg, graph, import_scope=None):
    """Rebuild the nodes and collections of the MetaGraphDef `mg` in `graph` (node names kept, or
    under `import_scope`/); returns {variable op name: Variable} of its variable collections.

    >>> variables = import_meta_graph_def(mg, sess.graph)
    """
    graph_def = _without_saver_nodes(mg)
    with graph.as_default():
        import_graph_def(graph_def, name=import_scope or "")
        return _import_collections(graph, mg, import_scope)


def _without_saver_nodes(mg):
    """The GraphDef of `mg` without its SaverDef's nodes (TF's SaveV2/RestoreV2 ops under 'save/')."""
    scope = mg.saver_def.restore_op_name.rpartition("/")[0] if mg.HasField("saver_def") else ""
    graph_def = GraphDef()
    graph_def.versions.CopyFrom(mg.graph_def.versions)
    if not scope:
        graph_def.node.extend(mg.graph_def.node)
        return graph_def
    dropped = {n.name for n in mg.graph_def.node if n.name.startswith(scope + "/")}
    for node in mg.graph_def.node:
        if node.name in dropped:
            continue
        uses = [spec for spec in node.input if spec.lstrip("^").partition(":")[0] in dropped]
        if uses:
            raise ValueError(f"Cannot import the MetaGraphDef: node '{node.name}' reads '{uses[0]}' of the Saver "
                             f"the graph was saved with (scope '{scope}/'); jupyter_flow rebuilds graphs without "
                             f"TensorFlow's save/restore ops.")
        graph_def.node.append(node)
    return graph_def


def _import_collections(graph, mg, import_scope):
    def scoped(name):
        return f"{import_scope}/{name}" if import_scope else name

    variables = {}
    for key in sorted(mg.collection_def):
        if key in _TF_RUNTIME_COLLECTIONS:
            continue
        collection = mg.collection_def[key]
        kind = collection.WhichOneof("kind")
        if kind == "bytes_list" and key in VARIABLE_COLLECTIONS:
            for raw in collection.bytes_list.value:
                d = VariableDef()
                d.ParseFromString(raw)
                graph.add_to_collection(key, _variable(graph, d, scoped, variables))
        elif kind == "node_list":
            for name in collection.node_list.value:
                element = _graph_element(graph, scoped(name))
                if element is not None:
                    graph.add_to_collection(key, element)
        elif kind in ("bytes_list", "int64_list", "float_list"):
            for value in getattr(collection, kind).value:
                graph.add_to_collection(key, value)
        elif kind == "any_list":
            for value in collection.any_list.value:
                copy = any_pb2.Any()
                copy.CopyFrom(value)
                graph.add_to_collection(key, copy)
    return variables


def _graph_element(graph, name):
    """The tensor ("x:0") or op ("train") of that name, None if the import left it out (a Saver's)."""
    try:
        return graph.get_tensor_by_name(name) if ":" in name else graph.get_operation_by_name(name)
    except (KeyError, ValueError):
        return None


def _variable(graph, d, scoped, variables):
    if d.is_resource:
        raise ValueError(f"Cannot import variable '{d.variable_name}': it is a resource variable "
                         f"(tf.compat.v1 with resource variables); jupyter_flow imports reference variables "
                         f"(VariableV2), as TF1's tf.Variable makes them.")
    op_name = scoped(d.variable_name.rpartition(":")[0] if ":" in d.variable_name else d.variable_name)
    var = variables.get(op_name)
    if var is None:
        var_op = graph.get_operation_by_name(op_name)
        if var_op.type != "VariableV2":
            raise ValueError(f"Cannot import variable '{op_name}': it is a {var_op.type} op, not a VariableV2.")
        init = graph.get_operation_by_name(scoped(d.initializer_name)) if d.initializer_name else None
        snapshot = graph.get_tensor_by_name(scoped(d.snapshot_name)) if d.snapshot_name else var_op.outputs[0]
        var = variables[op_name] = Variable._from_ops(var_op, init, snapshot, bool(d.trainable))
    return var
