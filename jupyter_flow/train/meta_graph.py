"""export_meta_graph / import_meta_graph: a graph's structure in a file, rebuilt in another
process without the code that built it.

The `.meta` file is a checksummed safetensors file (see checkpoint_format.py): its metadata
entry "meta_graph" is JSON shaped like TF1's MetaGraphDef,

    {"meta_info_def": {"producer": "jupyter_flow", "producer_version": "0.1.0", ...},
     "graph_def": {"seed": null, "node": [{"name": "theta", "op": "VariableV2",
                                          "input": ["x:0", "^init"],  # tensors; ^ = control input
                                          "attr": {"dtype": {"dtype": "float32"}, ...},
                                          "output": [{"dtype": "float32", "shape": [9, 1]}]}, ...]},
     "saver_def": {"var_names": {"theta": "theta"}, "max_to_keep": 5, ...} or null,
     "collection_def": {"variables": [{"variable": {...}}], "train_op": [{"operation": "..."}], ...}}

and its tensors are the NumPy arrays held by attributes (constants), referenced from the JSON as
{"tensor": "<op name>:<attr name>"}. Attribute values are JSON values or one-key objects tagging
what they are ({"dtype": ...}, {"shape": ...}, {"tuple": [...]}, {"strings": ...}, ...), so
loading rebuilds plain values only (attr_json.py): nothing in the file is ever executed.
"""
import base64
import json
import math
import numbers
import warnings

import numpy as np

from ..framework import errors
from ..framework.graph import GraphKeys, Operation, Tensor, get_default_graph
from ..framework.tensor_shape import TensorShape
from ..ops.variables import Variable
from .attr_json import decode_attr, encode_attr, shape_json
from .checkpoint_format import META_GRAPH_KIND, read_tensor_file, write_tensor_file
from .queue_runner import QueueRunner
from .meta_graph_check import _Refusal, check_attrs, checked_saver_def, invalid_meta_graph, ordered_nodes, refuse


class MetaGraphDef:
    """A graph's structure: nodes, collections, the Saver's settings, and the constants' arrays.

    >>> mg = tf.train.export_meta_graph()            # or export_meta_graph("/tmp/model.meta")
    >>> [n["name"] for n in mg.graph_def["node"]][:3]
    """

    def __init__(self, meta_info_def, graph_def, saver_def, collection_def, tensors):
        self.meta_info_def = meta_info_def
        self.graph_def = graph_def
        self.saver_def = saver_def
        self.collection_def = collection_def
        self.tensors = tensors  # tensor key -> ndarray (attribute values)

    def to_json(self):
        return json.dumps({"meta_info_def": self.meta_info_def, "graph_def": self.graph_def,
                           "saver_def": self.saver_def, "collection_def": self.collection_def},
                          allow_nan=False, separators=(",", ":"))

    def __repr__(self):
        return (f"<MetaGraphDef: {len(self.graph_def['node'])} nodes, collections "
                f"{sorted(self.collection_def)}, saver_def={'yes' if self.saver_def else 'no'}>")


# ----- export ----------------------------------------------------------------------------------


def export_meta_graph(filename=None, meta_info_def=None, graph_def=None, saver_def=None, collection_list=None,
                      as_text=False, graph=None, export_scope=None, clear_devices=False,
                      clear_extraneous_savers=False, strip_default_attrs=False, save_debug_info=False, **kwargs):
    """The MetaGraphDef of `graph` (default: the default graph), written to `filename` if given.

    >>> tf.train.export_meta_graph("/tmp/my_model.meta")
    >>> # later, in a fresh process: saver = tf.train.import_meta_graph("/tmp/my_model.meta")
    """
    if export_scope:
        raise NotImplementedError("export_meta_graph(export_scope=...) is not supported; export the whole graph "
                                  "and use import_meta_graph(import_scope=...) to place it under a scope.")
    if graph_def is not None:
        raise NotImplementedError("export_meta_graph(graph_def=...) is not supported; pass graph=... instead.")
    graph = graph if graph is not None else get_default_graph()
    from .. import __version__
    info = {"producer": "jupyter_flow", "producer_version": __version__}
    if meta_info_def:
        info.update({str(k): v for k, v in dict(meta_info_def).items()})
    tensors = {}
    nodes = [_encode_node(op, tensors) for op in _topological_order(graph)]
    mg = MetaGraphDef(info, {"seed": graph.seed, "node": nodes}, saver_def,
                      _encode_collections(graph, collection_list), tensors)
    if filename is not None:
        write_tensor_file(filename, tensors, {"meta_graph": mg.to_json()}, META_GRAPH_KIND)
    return mg


def _topological_order(graph):
    """The graph's ops, each after its inputs and control inputs (creation order where free).

    Creation order alone is not enough: the notebook's re-link can point an old op at a newer one."""
    ops = graph.get_operations()
    done, on_path, order = set(), set(), []
    for root in ops:
        if root in done:
            continue
        stack = [(root, iter(_dependencies(root, graph)))]
        on_path.add(root)
        while stack:
            op, deps = stack[-1]
            nxt = next(deps, None)
            if nxt is None:
                stack.pop()
                on_path.discard(op)
                done.add(op)
                order.append(op)
            elif nxt not in done:
                if nxt in on_path:
                    raise ValueError(f"Cannot export the graph: it has a cycle through op '{nxt.name}'.")
                on_path.add(nxt)
                stack.append((nxt, iter(_dependencies(nxt, graph))))
    return order


def _dependencies(op, graph):
    deps = [t.op for t in op.inputs] + list(op.control_inputs)
    for d in deps:
        if graph._op_by_id(d._id) is not d:
            raise ValueError(f"Cannot export the graph: op '{op.name}' uses op '{d.name}', which was removed from "
                             f"the graph (re-run the cell that defines '{op.name}').")
    return deps


def _encode_node(op, tensors):
    attrs = {}
    for name, value in op._attrs.items():
        try:
            attrs[name] = encode_attr(value, f"{op.name}:{name}", tensors)
        except TypeError as e:
            raise TypeError(f"Cannot export attribute '{name}' of op '{op.name}' ({op.type}) to a meta graph: {e}. "
                            f"Pass write_meta_graph=False to Saver.save to skip the meta graph.") from None
    return {"name": op.name, "op": op.type,
            "input": [t.name for t in op.inputs] + ["^" + c.name for c in op.control_inputs],
            "attr": attrs,
            "output": [{"dtype": t.dtype.name, "shape": shape_json(t.shape)} for t in op.outputs]}


def _encode_collections(graph, collection_list):
    keys = graph.get_all_collection_keys() if collection_list is None else list(collection_list)
    out = {}
    for key in keys:
        if not isinstance(key, str):
            continue  # private collections keyed by objects (as TF1 skips them)
        items = []
        for item in graph.get_collection(key):
            encoded = _encode_collection_item(item, graph)
            if encoded is None:
                warnings.warn(f"Collection '{key}': {type(item).__name__} {item!r} cannot be exported to a meta graph; "
                              f"it is left out.", stacklevel=3)
            else:
                items.append(encoded)
        out[key] = items
    return out


def _encode_collection_item(item, graph):
    if isinstance(item, Variable):
        if item.graph is not graph or graph._op_by_id(item.op._id) is not item.op:
            return None
        return {"variable": {"variable_name": item.name,
                             "initializer_name": item.initializer.name if item.initializer is not None else "",
                             "snapshot_name": item.value().name, "trainable": item.trainable}}
    if isinstance(item, Tensor):
        return {"tensor": item.name} if item.graph is graph and graph._op_by_id(item.op._id) is item.op else None
    if isinstance(item, Operation):
        return {"operation": item.name} if item.graph is graph and graph._op_by_id(item._id) is item else None
    if isinstance(item, QueueRunner):  # TF1's QueueRunnerDef, when its ops belong to this graph
        queue_op = item.queue.queue_ref.op if hasattr(item.queue, "queue_ref") else item.queue
        ops = [queue_op] + list(item.enqueue_ops) + [item.close_op, item.cancel_op]
        live = all(isinstance(o, Operation) and o.graph is graph and graph._op_by_id(o._id) is o for o in ops)
        return {"queue_runner": item.to_proto()} if live else None
    if isinstance(item, (bool, np.bool_)):
        return {"bool": bool(item)}
    if isinstance(item, numbers.Integral):
        return {"int": int(item)}
    if isinstance(item, numbers.Real) and math.isfinite(float(item)):
        return {"float": float(item)}
    if isinstance(item, str):
        return {"str": item}
    if isinstance(item, bytes):
        return {"bytes": base64.b64encode(item).decode("ascii")}
    return None


# ----- import ----------------------------------------------------------------------------------


def read_meta_graph_file(filename):
    """The MetaGraphDef stored in `filename` (checksum verified)."""
    _refuse_tensorflow_meta_graph(filename)
    arrays, metadata = read_tensor_file(filename, META_GRAPH_KIND)
    try:
        d = json.loads(metadata["meta_graph"])
        mg = MetaGraphDef(d["meta_info_def"], d["graph_def"], d["saver_def"], d["collection_def"], arrays)
        if not isinstance(mg.graph_def, dict) or not isinstance(mg.graph_def.get("node"), list) \
                or not isinstance(mg.collection_def, dict):
            raise ValueError("graph_def.node must be a list and collection_def an object")
    except (KeyError, TypeError, ValueError, RecursionError) as e:
        raise errors.DataLossError(None, None, f"Meta graph file {filename} is malformed: {e!r}.") from None
    return mg


def _refuse_tensorflow_meta_graph(filename):
    """A clear error for a `.meta` TensorFlow wrote (a binary MetaGraphDef protobuf: its first field,
    meta_info_def, is tag 0x0a), instead of calling it damaged. Ours start with a safetensors header
    length and then '{'."""
    try:
        with open(filename, "rb") as f:
            head = f.read(9)
    except OSError:
        return  # read_tensor_file reports it
    if len(head) == 9 and head[0] == 0x0A and head[8:9] != b"{":
        raise errors.UnimplementedError(None, None, (
            f"{filename} is a meta graph written by TensorFlow (a MetaGraphDef protobuf); jupyter_flow imports "
            f"only the meta graphs it writes. Build the model in Python (the code that made it) and restore its "
            f"variables with tf.train.Saver().restore(sess, prefix): checkpoints TensorFlow wrote "
            f"(<prefix>.index + .data-*) are read directly."))


def import_meta_graph(meta_graph_or_file, clear_devices=False, import_scope=None, **kwargs):
    """Rebuild a saved graph in the default graph and return a Saver for its variables
    (None if it has none). Tensors and ops are then found by name.

    >>> saver = tf.train.import_meta_graph("/tmp/my_model_final.ckpt.meta")
    >>> saver.restore(sess, "/tmp/my_model_final.ckpt"); theta = tf.get_default_graph().get_tensor_by_name("theta:0")
    """
    __tracebackhide__ = True
    if isinstance(meta_graph_or_file, MetaGraphDef):
        mg, source = meta_graph_or_file, "the MetaGraphDef"
    else:
        mg, source = read_meta_graph_file(meta_graph_or_file), f"meta graph {meta_graph_or_file}"
    graph = get_default_graph()
    try:
        nodes = ordered_nodes(mg.graph_def)
        saver_def = checked_saver_def(mg.saver_def)
    except _Refusal as e:
        raise invalid_meta_graph(source, e) from None
    _check_free_names(graph, nodes, import_scope)
    scope = graph.unique_name(import_scope) if import_scope else ""
    try:
        _import_nodes(graph, mg, nodes, scope)
        variables = _import_collections(graph, mg, scope)
    except (_Refusal, KeyError, TypeError, ValueError, IndexError, AttributeError, RecursionError) as e:
        # A malformed file names what is wrong; nothing in it is ever executed.
        raise invalid_meta_graph(source, str(e.args[0]) if isinstance(e, KeyError) and e.args else e) from None
    from .saver import Saver
    if saver_def:
        saver_def = dict(saver_def)
        saver_def["var_names"] = {k: _scoped(scope, n) for k, n in mg.saver_def["var_names"].items()}
        return Saver(var_list={k: variables[n] if n in variables else _lookup_variable(graph, n)
                               for k, n in saver_def["var_names"].items()},
                     max_to_keep=saver_def.get("max_to_keep", 5),
                     keep_checkpoint_every_n_hours=saver_def.get("keep_checkpoint_every_n_hours", 10000.0))
    if graph.get_collection(GraphKeys.GLOBAL_VARIABLES):
        return Saver()
    return None


def _scoped(scope, name):
    return f"{scope}/{name}" if scope else name


def _check_free_names(graph, nodes, import_scope):
    if import_scope:
        return
    clashes = [n["name"] for n in nodes if n["name"] in graph._ops_by_name]
    if clashes:
        raise ValueError(f"Cannot import the meta graph: the default graph already has operations named "
                         f"{clashes[:5]}; import into a fresh graph (tf.reset_default_graph() first) or pass "
                         f"import_scope='...'.")


def _import_nodes(graph, mg, nodes, scope):
    names = [_scoped(scope, n["name"]) for n in nodes]
    seed = mg.graph_def.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        refuse(f"graph_def.seed must be an integer or null, got {seed!r}")
    if graph.seed is None and seed is not None:
        graph.seed = seed
    created = {}
    with graph.control_dependencies(None):
        for node, name in zip(nodes, names):
            op_type = node["op"]
            inputs, control = [], []
            for ref in node["input"]:
                if ref.startswith("^"):
                    control.append(_created(created, scope, ref[1:], name))
                else:
                    op_name, _, index = ref.rpartition(":")
                    inputs.append(_created(created, scope, op_name, name).outputs[int(index)])
            attrs = {k: decode_attr(v, mg.tensors) for k, v in node["attr"].items()}
            check_attrs(name, op_type, attrs, node["output"])
            try:
                op = graph.create_op(op_type, inputs, attrs, name=name + "/", control_inputs=tuple(control))
            except (TypeError, ValueError) as e:
                raise type(e)(f"op '{name}' ({op_type}) cannot be rebuilt: {e}") from None
            _restore_output_specs(op, node["output"])
            created[node["name"]] = op
    _reserve_names(graph, names)


def _created(created, scope, ref_name, consumer):
    op = created.get(ref_name)
    if op is None:
        raise ValueError(f"op '{consumer}' uses '{_scoped(scope, ref_name)}', which is not defined before it in the "
                         f"meta graph")
    return op


def _restore_output_specs(op, outputs):
    if len(outputs) != len(op.outputs):
        raise ValueError(f"op '{op.name}' was saved with {len(outputs)} outputs but is rebuilt with "
                         f"{len(op.outputs)}; the meta graph comes from an incompatible jupyter_flow version.")
    for t, spec in zip(op.outputs, outputs):
        if t.dtype.name != spec["dtype"]:
            raise ValueError(f"output {t.name} was saved as {spec['dtype']} but is rebuilt as {t.dtype.name}; the meta "
                             f"graph comes from an incompatible jupyter_flow version.")
        t.set_shape(TensorShape(spec["shape"]))  # keep refinements made with set_shape


def _reserve_names(graph, names):
    """Mark imported names and their scopes as used, so new ops get fresh names ('x_1'), as TF1."""
    with graph._lock:
        for name in names:
            parts = name.split("/")
            for i in range(1, len(parts) + 1):
                graph._names_in_use.setdefault("/".join(parts[:i]).lower(), 1)


def _import_collections(graph, mg, scope):
    """Add the saved collections to `graph`; returns {variable op name: Variable}."""
    variables = {}
    for key, items in mg.collection_def.items():
        for item in items:
            (tag, x), = item.items()
            if tag == "variable":
                value = _import_variable(graph, x, scope, variables)
            elif tag == "tensor":
                value = graph.get_tensor_by_name(_scoped(scope, x))
            elif tag == "operation":
                value = graph.get_operation_by_name(_scoped(scope, x))
            elif tag == "queue_runner":
                value = QueueRunner(queue_runner_def=x, import_scope=scope or None)
            elif tag == "bytes":
                value = base64.b64decode(x, validate=True)
            elif tag in ("bool", "int", "float", "str"):
                value = {"bool": bool, "int": int, "float": float, "str": str}[tag](x)
            else:
                raise ValueError(f"unrecognised item {item!r} in collection '{key}'")
            graph.add_to_collection(key, value)
    return variables


def _import_variable(graph, d, scope, variables):
    op_name = _scoped(scope, d["variable_name"].rpartition(":")[0])
    var = variables.get(op_name)
    if var is None:
        var_op = graph.get_operation_by_name(op_name)
        if var_op.type != "VariableV2":
            raise ValueError(f"collection entry '{op_name}' is a {var_op.type} op, not a variable")
        init = graph.get_operation_by_name(_scoped(scope, d["initializer_name"])) if d["initializer_name"] else None
        snapshot = graph.get_tensor_by_name(_scoped(scope, d["snapshot_name"]))
        var = variables[op_name] = Variable._from_ops(var_op, init, snapshot, bool(d["trainable"]))
    return var


def _lookup_variable(graph, op_name):
    from .saver import _variables_named
    return _variables_named({op_name: op_name}, graph)[op_name]
