"""Validation of a meta graph before any of it is built: a shared or doctored `.meta` file is
checked node by node against what this process defines, so a bad file is an error naming the
node, never a graph the engine would run over the wrong memory.

Checked here: node records are well formed; names are non-empty, usable in tensor names and
unique; op types are defined; inputs name existing nodes and outputs; there is no cycle;
attributes have the kind their name stands for across the registry (dtypes, shapes, booleans,
integers...); output specs name known dtypes and valid shapes; a Const's stored array has the
dtype of its `dtype` attribute and the shape of its output; the Saver's settings are sane.
The op's own shape rule then checks the rest when the node is built (meta_graph.py).
"""
import numbers

import numpy as np

from ..framework import dtypes, errors
from ..framework.op_def import OP_DEFS
from ..framework.tensor_shape import TensorShape

_DTYPE = "a dtype"
_BOOL = "a boolean"
_INT = "an integer"
_COUNT = "a non-negative integer"
_NUMBER = "a number"
_STR = "a string"
_SHAPE = "a shape"
_INTS = "a list of integers"
_SEED = "an integer or None"
_AXIS = "an integer, a list of integers or None"
_STRS = "a list of strings"

# What each attribute name holds, the same for every op that has it (TF1's conventions). An
# attribute not listed is checked by its op's shape rule only.
ATTRIBUTE_KINDS = {
    "dtype": _DTYPE, "T": _DTYPE, "SrcT": _DTYPE, "DstT": _DTYPE, "out_type": _DTYPE, "output_type": _DTYPE,
    "adjoint": _BOOL, "keep_dims": _BOOL, "transpose_a": _BOOL, "transpose_b": _BOOL, "update_slots": _BOOL,
    "use_locking": _BOOL, "use_nesterov": _BOOL, "validate_shape": _BOOL,
    "N": _COUNT, "num": _COUNT, "num_split": _COUNT, "k": _INT, "dim": _INT, "batch_dims": _INT,
    "begin_mask": _COUNT, "end_mask": _COUNT, "ellipsis_mask": _COUNT, "new_axis_mask": _COUNT,
    "shrink_axis_mask": _COUNT,
    "seed": _SEED, "seed2": _SEED, "axis": _AXIS,
    "a": _NUMBER, "b": _NUMBER, "alpha": _NUMBER,
    "container": _STR, "shared_name": _STR, "mode": _STR, "tag": _STR,
    "shape": _SHAPE, "perm": _INTS, "squeeze_dims": _INTS, "var_names": _STRS,
}


def _is_int(v):
    return isinstance(v, numbers.Integral) and not isinstance(v, bool)


def _is_ints(v):
    return isinstance(v, (list, tuple)) and all(_is_int(x) for x in v)


_KIND_TESTS = {
    _DTYPE: lambda v: isinstance(v, dtypes.DType),
    _BOOL: lambda v: isinstance(v, bool),
    _INT: _is_int,
    _COUNT: lambda v: _is_int(v) and v >= 0,
    _NUMBER: lambda v: isinstance(v, numbers.Real) and not isinstance(v, bool),
    _STR: lambda v: isinstance(v, str),
    _SHAPE: lambda v: isinstance(v, TensorShape),
    _INTS: _is_ints,
    _SEED: lambda v: v is None or _is_int(v),
    _AXIS: lambda v: v is None or _is_int(v) or _is_ints(v),
    _STRS: lambda v: isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v),
}


class _Refusal(Exception):
    """A problem in the file; import_meta_graph turns it into InvalidArgumentError."""


def refuse(message):
    raise _Refusal(message)


def invalid_meta_graph(source, message):
    return errors.InvalidArgumentError(None, None, f"Cannot import {source}: {message}")


def ordered_nodes(graph_def):
    """The node records of `graph_def`, checked for shape, names, op types and references,
    each after the nodes it reads (files need not list them in that order)."""
    nodes = graph_def.get("node") if isinstance(graph_def, dict) else None
    if not isinstance(nodes, list):
        refuse("graph_def.node must be a list of node records")
    by_name = {}
    for i, node in enumerate(nodes):
        _check_record(node, i)
        name = node["name"]
        if name in by_name:
            refuse(f"two nodes are named '{name}'; node names must be unique")
        by_name[name] = node
    deps = {}
    for node in nodes:
        deps[node["name"]] = [_producer(ref, node, by_name) for ref in node["input"]]
        if node["op"] not in OP_DEFS:
            refuse(f"op '{node['name']}' has type '{node['op']}', which is not defined in this process; import the "
                   f"jupyter_flow module that defines it (e.g. jupyter_flow.train or jupyter_flow.summary) before "
                   f"import_meta_graph.")
        for spec in node["output"]:
            _check_output_spec(spec, node)
    return [by_name[n] for n in _topological(deps, [n["name"] for n in nodes])]


def _check_record(node, i):
    if not isinstance(node, dict):
        refuse(f"node {i} is a {type(node).__name__}, not a node record")
    name = node.get("name")
    if not isinstance(name, str) or not name:
        refuse(f"node {i} has no name (got {name!r}); every node needs a non-empty name")
    if ":" in name or name.startswith("^") or name.endswith("/"):
        refuse(f"node name {name!r} cannot be used in tensor names (no ':', no leading '^', no trailing '/')")
    if not isinstance(node.get("op"), str):
        refuse(f"node '{name}' has no op type ('op' is {node.get('op')!r})")
    for key, kind in (("input", list), ("attr", dict), ("output", list)):
        if not isinstance(node.get(key), kind):
            refuse(f"node '{name}': '{key}' must be a {kind.__name__}, got {node.get(key)!r}")
    if not all(isinstance(ref, str) for ref in node["input"]):
        refuse(f"node '{name}': inputs must be tensor names ('op:0') or control inputs ('^op'), "
               f"got {node['input']!r}")
    if not all(isinstance(k, str) for k in node["attr"]):
        refuse(f"node '{name}': attribute names must be strings")


def _producer(ref, node, by_name):
    """The name of the node that input `ref` of `node` reads (checking the output exists)."""
    if ref.startswith("^"):
        producer = ref[1:]
        if producer not in by_name:
            refuse(f"op '{node['name']}' has a control input '{producer}', which the meta graph does not define")
        return producer
    producer, sep, index = ref.rpartition(":")
    if not sep or not index.isdigit():
        refuse(f"op '{node['name']}' has input {ref!r}, which is not a tensor name like 'op:0'")
    if producer not in by_name:
        refuse(f"op '{node['name']}' uses '{producer}', which the meta graph does not define")
    if int(index) >= len(by_name[producer]["output"]):
        refuse(f"op '{node['name']}' reads {ref}, but '{producer}' has {len(by_name[producer]['output'])} output(s)")
    return producer


def _check_output_spec(spec, node):
    if not isinstance(spec, dict) or not isinstance(spec.get("dtype"), str):
        refuse(f"op '{node['name']}': output spec {spec!r} must be {{'dtype': ..., 'shape': ...}}")
    try:
        dtypes.as_dtype(spec["dtype"])
    except (TypeError, ValueError):
        refuse(f"op '{node['name']}': output dtype {spec['dtype']!r} is not a dtype this process knows")
    shape = spec.get("shape")
    if shape is not None and not (isinstance(shape, list)
                                  and all(d is None or (_is_int(d) and d >= 0) for d in shape)):
        refuse(f"op '{node['name']}': output shape {shape!r} must be null or a list of sizes (null: unknown)")


def _topological(deps, names):
    """`names` ordered so that each comes after its dependencies; a cycle is refused."""
    done, order = set(), []
    for root in names:
        if root in done:
            continue
        on_path, stack = {root}, [(root, iter(deps[root]))]
        while stack:
            name, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                on_path.discard(name)
                done.add(name)
                order.append(name)
            elif nxt in on_path:
                refuse(f"the graph has a cycle through op '{nxt}' (it depends on itself through its inputs)")
            elif nxt not in done:
                on_path.add(nxt)
                stack.append((nxt, iter(deps[nxt])))
    return order


def check_attrs(name, op_type, attrs, output_specs):
    """Decoded attributes of node `name` against the kinds their names stand for; a Const's
    array against its declared dtype and shape."""
    for key, value in attrs.items():
        kind = ATTRIBUTE_KINDS.get(key)
        if kind is not None and not _KIND_TESTS[kind](value):
            refuse(f"attribute '{key}' of op '{name}' ({op_type}) must be {kind}, got {value!r}")
    if op_type == "Const":
        _check_const(name, attrs, output_specs)


def _check_const(name, attrs, output_specs):
    value, dtype = attrs.get("value"), attrs.get("dtype")
    if not isinstance(value, np.ndarray) or not isinstance(dtype, dtypes.DType):
        refuse(f"constant '{name}' needs an array 'value' and a 'dtype' attribute, got {type(value).__name__} and "
               f"{dtype!r}")
    stored = "string" if value.dtype == object else str(value.dtype)
    expected = "string" if dtype is dtypes.string else np.dtype(dtype.as_numpy_dtype).name
    if stored != expected:
        refuse(f"constant '{name}' is declared {dtype.name} but its stored array is {stored}; the file was damaged "
               f"or edited")
    if len(output_specs) != 1 or output_specs[0]["dtype"] != dtype.name:
        refuse(f"constant '{name}' of dtype {dtype.name} must have one output of that dtype, not {output_specs!r}")
    shape = output_specs[0].get("shape")
    if shape is not None and (len(shape) != value.ndim
                              or any(d is not None and d != s for d, s in zip(shape, value.shape))):
        refuse(f"constant '{name}' is declared with shape {shape} but its stored array has shape "
               f"{list(value.shape)}; the file was damaged or edited")


def checked_saver_def(saver_def):
    """The Saver settings of a meta graph, checked (None when it has none)."""
    if saver_def is None:
        return None
    if not isinstance(saver_def, dict):
        refuse(f"saver_def must be an object with 'var_names', got {saver_def!r}")
    names = saver_def.get("var_names")
    if not isinstance(names, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in names.items()):
        refuse(f"saver_def.var_names must map checkpoint keys to variable names, got {names!r}")
    keep = saver_def.get("max_to_keep", 5)
    if keep is not None and not (_is_int(keep) and keep >= 0):
        refuse(f"saver_def.max_to_keep must be None or a non-negative integer, got {keep!r}")
    hours = saver_def.get("keep_checkpoint_every_n_hours", 10000.0)
    if not (isinstance(hours, numbers.Real) and not isinstance(hours, bool) and hours >= 0):
        refuse(f"saver_def.keep_checkpoint_every_n_hours must be a non-negative number, got {hours!r}")
    return saver_def
