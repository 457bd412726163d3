"""The structure of a graph view, computed once here and sent in the graph document: which boxes
exist (name scopes, series of alike scopes or ops, layers with their variables), how they nest,
and which top-level boxes are bookkeeping drawn aside. The JupyterLab extension and the static
SVG both draw this structure; neither has rules of its own.

Rules, in order:
- Every '/'-prefix of an op name is a scope; an op named like a scope (a variable beside its
  Assign/read) is that scope's own op, so the scope is drawn as the variable.
- Bookkeeping (see bookkeeping.py) is the only thing that goes aside; the data path never does.
- A scope holding only variables (tf.layers' `hidden1/kernel`, `hidden1/bias`) is drawn inside
  the scope whose ops read it (`dnn/hidden1`), so a layer is drawn once with its variables.
- Sibling scopes base, base_1, ... of the same inner structure, and five or more sibling ops
  base, base_1, ... of one type, fold into one series box.

    structure = graph_structure(check_document(doc))
    structure["roots"]        # ['op:X', 'scope:dnn', 'scope:loss', ...]
"""
import re
from collections import defaultdict
from dataclasses import dataclass, field

from .bookkeeping import bookkeeping_ops, producers_of
from .loop_frames import mark_loop_frames

SUPPORTED_VERSION = 2
NODE_KINDS = ("variable", "placeholder", "constant", "op")
SOURCE_KINDS = frozenset({"placeholder", "variable", "constant"})
OP_SERIES_MIN = 5  # as TensorBoard: fewer same-type ops stay apart, so short chains read as chains
_INDEXED_NAME = re.compile(r"^(.+?)(?:_(\d+))?(_grad)?$")


class GraphDocumentError(ValueError):
    """The graph document does not follow the jupyter-flow graph contract."""


def _producer(tensor_name, consumer):
    producer, sep, index = tensor_name.rpartition(":")
    if not sep or not producer or not index.isdigit():
        raise GraphDocumentError(
            f'node "{consumer}": input "{tensor_name}" is not of the form "producer_op_name:output_index"'
        )
    return producer, int(index)


def check_nodes(raw_nodes):
    """Raise GraphDocumentError naming the node at fault; return the nodes by name, in order."""
    nodes = {}
    for position, node in enumerate(raw_nodes):
        name = node.get("name") if isinstance(node, dict) else None
        if not isinstance(name, str) or not name:
            raise GraphDocumentError(f"nodes[{position}] needs a non-empty string 'name'")
        if name in nodes:
            raise GraphDocumentError(f'node name "{name}" appears twice')
        if node.get("kind") not in NODE_KINDS:
            raise GraphDocumentError(f'node "{name}": kind must be one of {", ".join(NODE_KINDS)}')
        nodes[name] = node
    for node in nodes.values():
        for tensor in node.get("inputs", []):
            producer, _ = _producer(tensor, node["name"])
            if producer not in nodes:
                raise GraphDocumentError(f'node "{node["name"]}" reads "{tensor}" but no node "{producer}" exists')
        for producer in node.get("control_inputs", []):
            if producer not in nodes:
                raise GraphDocumentError(
                    f'node "{node["name"]}" has control input "{producer}" which is not in the document'
                )
    return nodes


def check_document(document):
    """Raise GraphDocumentError naming the field at fault; return the nodes by name."""
    if not isinstance(document, dict):
        raise GraphDocumentError("the graph document must be a dict (the JSON object of the MIME bundle)")
    if document.get("version") != SUPPORTED_VERSION:
        raise GraphDocumentError(
            f"graph document version {document.get('version')!r} is not supported; expected {SUPPORTED_VERSION}"
        )
    return check_nodes(document.get("nodes", []))


def split_indexed_name(name):
    """'relu_3' -> ('relu', 3); 'relu' -> ('relu', 0); gradient scopes 'mul_3_grad' -> ('mul_grad', 3)."""
    match = _INDEXED_NAME.match(name)
    return match.group(1) + (match.group(3) or ""), int(match.group(2) or 0)


def series_label(base, indices):
    indices = sorted(indices)
    contiguous = all(b == a + 1 for a, b in zip(indices, indices[1:]))
    return f"{base}[{indices[0]}-{indices[-1]}]" if contiguous else f"{base} ({len(indices)})"


def _parent(path):
    return path.rpartition("/")[0]


def _last(path):
    return path.rpartition("/")[2]


@dataclass
class _Scope:
    path: str
    own_op: str | None = None
    scopes: list = field(default_factory=list)  # child scope paths, as drawn (after re-parenting)
    ops: list = field(default_factory=list)  # ops directly inside, own op excluded


class _ScopeTree:
    def __init__(self, nodes):
        self.nodes = nodes
        self.scopes = {"": _Scope("")}
        for name in nodes:
            path = _parent(name)
            while path and path not in self.scopes:
                self.scopes[path] = _Scope(path)
                path = _parent(path)
        self.parent = {path: _parent(path) for path in self.scopes if path}
        for path in sorted(self.scopes, key=lambda p: (p.count("/"), p)):
            if path:
                self.scopes[self.parent[path]].scopes.append(path)
        for name in nodes:
            if name in self.scopes:
                self.scopes[name].own_op = name
            else:
                self.scopes[_parent(name)].ops.append(name)

    def ops_under(self, path):
        scope = self.scopes[path]
        out = [scope.own_op] if scope.own_op else []
        out += scope.ops
        for child in scope.scopes:
            out += self.ops_under(child)
        return out

    def move(self, path, new_parent):
        self.scopes[self.parent[path]].scopes.remove(path)
        self.scopes[new_parent].scopes.append(path)
        self.parent[path] = new_parent

    def is_under(self, path, ancestor):
        while path:
            if path == ancestor:
                return True
            path = self.parent[path]
        return ancestor == ""


def _is_variable_scope(tree, path):
    """A scope made of variables only (tf.layers' `hidden1` with kernel and bias)."""
    scope = tree.scopes[path]
    if scope.own_op or scope.ops or not scope.scopes:
        return False
    return all(
        (own := tree.scopes[child].own_op) is not None and tree.nodes[own]["kind"] == "variable"
        for child in scope.scopes
    )


def _attach_variable_scopes(tree, consumers, bookkeeping):
    """Draw each variables-only scope inside the one scope whose data-path ops read it."""
    for path in [p for p in list(tree.scopes) if p and _is_variable_scope(tree, p)]:
        inside = set(tree.ops_under(path))
        readers = {c for op in inside for c in consumers[op] if c not in inside and c not in bookkeeping}
        places = {_parent(r) if r not in tree.scopes else r for r in readers}
        if not places:
            continue
        common = min(places, key=len)
        while any(not tree.is_under(p, common) for p in places):
            common = _parent(common)
        if not common or tree.is_under(common, path) or tree.parent[path] == common:
            continue
        if _last(common) == _last(path):
            for child in list(tree.scopes[path].scopes):
                tree.move(child, common)  # the layer's scope holds its kernel and bias directly
            tree.scopes[tree.parent[path]].scopes.remove(path)  # now empty: not drawn
        else:
            tree.move(path, common)


def _series_groups(tree, parent_path):
    """[(base, [(index, member)], kind)] of the series among the children of one scope."""
    scope = tree.scopes[parent_path]
    found = []
    by_base = defaultdict(list)
    for child in scope.scopes:
        base, index = split_indexed_name(_last(child))
        by_base[base].append((index, child))
    for base, candidates in by_base.items():
        if len(candidates) < 2:
            continue
        members = [m for _, m in candidates]
        member_ops = {m: tree.ops_under(m) for m in members}
        owner = {op: m for m, ops in member_ops.items() for op in ops}
        shared = {m: set() for m in members}
        # State a member shares with its siblings (relu/threshold) is not structure.
        for m, ops in member_ops.items():
            for op in ops:
                for producer in producers_of(tree.nodes[op]):
                    o = owner.get(producer)
                    if o is not None and o != m:
                        shared[o].add(_group_key(o, producer))
        by_signature = defaultdict(list)
        for index, m in candidates:
            signature = tuple(sorted(
                ("." if op == m else op[len(m) + 1:], tree.nodes[op]["op"])
                for op in member_ops[m] if _group_key(m, op) not in shared[m]
            ))
            if signature:
                by_signature[signature].append((index, m))
        found += [(base, sorted(g), "scope") for g in by_signature.values() if len(g) >= 2]
    by_type = defaultdict(list)
    for op in scope.ops:
        base, index = split_indexed_name(_last(op))
        by_type[(base, tree.nodes[op]["op"])].append((index, op))
    found += [(base, sorted(g), "op") for (base, _), g in by_type.items() if len(g) >= OP_SERIES_MIN]
    return found


def _group_key(member, op_name):
    return "" if op_name == member else op_name[len(member) + 1:].split("/", 1)[0]


class _Builder:
    def __init__(self, tree):
        self.tree = tree
        self.groups = []
        self.ops_of = {}  # group id -> every op inside it

    def contents(self, path, parent_id):
        """Unit ids directly inside scope `path`; adds the groups it makes to self.groups."""
        tree = self.tree
        scope = tree.scopes[path]
        ids = []
        if path and scope.own_op:
            ids.append(f"op:{scope.own_op}")
        in_series = set()
        prefix = f"{path}/" if path else ""
        for base, members, kind in _series_groups(tree, path):
            label = series_label(base, [i for i, _ in members])
            series_id = f"series:{prefix}{label}"
            if series_id in self.ops_of:  # scopes add, add_2, ... beside ops add_1, add_3, ...
                series_id += f" {kind}s"
            group = self._group(series_id, "series", prefix + base, label, parent_id, None, len(members))
            children = []
            for _, member in members:
                in_series.add(member)
                children.append(self.scope_unit(member, series_id) if kind == "scope" else f"op:{member}")
            group["children"] = children
            self.ops_of[series_id] = [op for c in children for op in self._ops_of_unit(c)]
            ids.append(series_id)
        for child in scope.scopes:
            if child not in in_series:
                ids.append(self.scope_unit(child, parent_id))
        ids += [f"op:{op}" for op in scope.ops if op not in in_series]
        return ids

    def scope_unit(self, path, parent_id):
        own = self.tree.scopes[path].own_op
        node = self.tree.nodes[own] if own else None
        unit_id = f"scope:{path}"
        group = self._group(unit_id, "scope", path, _last(path), parent_id,
                            node, 0)
        group["children"] = self.contents(path, unit_id)
        self.ops_of[unit_id] = self.tree.ops_under(path)
        return unit_id

    def _group(self, unit_id, kind, name, label, parent_id, own_node, series_size):
        group = {
            "id": unit_id, "kind": kind, "name": name, "label": label, "parent": parent_id,
            "node_kind": own_node["kind"] if own_node else None,
            "op_type": own_node["op"] if own_node else None,
            "series_size": series_size, "children": [],
        }
        self.groups.append(group)
        return group

    def _ops_of_unit(self, unit_id):
        return self.ops_of[unit_id] if unit_id in self.ops_of else [unit_id[3:]]


def graph_structure(nodes):
    """The view structure of checked nodes (see module docstring), as the document carries it:
    {"groups": [{id, kind, name, label, parent, node_kind, op_type, series_size, children}],
     "roots": [unit ids], "auxiliary": [ids of top-level units drawn aside]}. Op units are
    "op:<name>"; scopes "scope:<path>"; series "series:<parent/>label".
    >>> graph_structure(check_document(doc))["auxiliary"]
    ['op:init', 'scope:train']
    """
    tree = _ScopeTree(nodes)
    consumers = defaultdict(list)
    for node in nodes.values():
        for producer in producers_of(node):
            consumers[producer].append(node["name"])
    bookkeeping = bookkeeping_ops(nodes, consumers, tree.scopes)
    _attach_variable_scopes(tree, consumers, bookkeeping)
    builder = _Builder(tree)
    roots = builder.contents("", None)
    mark_loop_frames(builder.groups, nodes)
    aside = []
    for unit_id in roots:
        ops = builder._ops_of_unit(unit_id)
        own_kind = nodes[unit_id[3:]]["kind"] if unit_id.startswith("op:") else None
        if own_kind != "placeholder" and all(op in bookkeeping for op in ops):
            aside.append(unit_id)
    if len(aside) == len(roots):
        aside = []  # a graph made only of bookkeeping still needs something in the main area
    return {"groups": builder.groups, "roots": roots, "auxiliary": aside}


# ----- the collapsed top level, for the static SVG ---------------------------------------------
@dataclass
class Unit:
    """One box of the collapsed drawing."""

    id: str
    kind: str  # 'op', 'scope' or 'series'
    name: str  # op name, scope path or series path
    label: str
    node_kind: str | None  # kind of the op, or of the scope's own op
    op_type: str | None
    ops: list = field(default_factory=list)
    series_size: int = 0
    highlighted: bool = False


@dataclass
class Edge:
    source: str
    target: str
    control: bool
    shapes: list = field(default_factory=list)  # static shapes of the distinct tensors carried


@dataclass
class TopLevel:
    main: list
    auxiliary: list
    edges: list  # between main units only


def _edges(nodes, unit_of):
    edges = {}
    for node in nodes.values():
        target = unit_of[node["name"]]
        for tensor in node.get("inputs", []):
            producer, index = _producer(tensor, node["name"])
            source = unit_of[producer]
            if source != target:
                edge = edges.setdefault((source, target, False), Edge(source, target, False))
                outputs = nodes[producer].get("outputs", [])
                shape = outputs[index].get("shape") if index < len(outputs) else None
                if (tensor, shape) not in edge.shapes:
                    edge.shapes.append((tensor, shape))
        for producer in node.get("control_inputs", []):
            source = unit_of[producer]
            if source != target:
                edges.setdefault((source, target, True), Edge(source, target, True))
    for edge in edges.values():
        edge.shapes = [shape for _, shape in edge.shapes]
    return list(edges.values())


def document_structure(document):
    """The structure the document carries (computed here if a caller left it out)."""
    nodes = check_document(document)
    structure = document.get("structure")
    if structure is None:
        structure = graph_structure(nodes)
    return nodes, structure


def collapsed_top_level(document):
    """The boxes and edges of the fully collapsed graph, from the document's structure."""
    nodes, structure = document_structure(document)
    groups = {g["id"]: g for g in structure["groups"]}
    highlight = set(document.get("highlight", []))

    def ops_of(unit_id):
        if unit_id.startswith("op:"):
            return [unit_id[3:]]
        return [op for child in groups[unit_id]["children"] for op in ops_of(child)]

    units = []
    for unit_id in structure["roots"]:
        if unit_id.startswith("op:"):
            node = nodes[unit_id[3:]]
            unit = Unit(unit_id, "op", node["name"], _last(node["name"]), node["kind"], node["op"], [node["name"]])
        else:
            g = groups[unit_id]
            unit = Unit(unit_id, g["kind"], g["name"], g["label"], g["node_kind"], g["op_type"], ops_of(unit_id),
                        g["series_size"])
        unit.highlighted = any(op in highlight for op in unit.ops)
        units.append(unit)
    unit_of = {op: u.id for u in units for op in u.ops}
    aside = set(structure["auxiliary"])
    edges = _edges(nodes, unit_of)
    return TopLevel(
        main=[u for u in units if u.id not in aside],
        auxiliary=[u for u in units if u.id in aside],
        edges=[e for e in edges if e.source not in aside and e.target not in aside],
    )
