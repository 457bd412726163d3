"""The collapsed top level of a graph document, as the static SVG fallback draws it: name
scopes folded into boxes, series of identically structured scopes (relu, relu_1, ...)
folded into one stacked box, hubs such as init and gradients set aside, and the edges
between boxes with the static shapes they carry. Mirrors labextension/src (scopes.ts,
series.ts, units.ts, edges.ts, auxiliary.ts) so both views agree.

    top = collapsed_top_level(document)
    [u.label for u in top.main]   # ['relu[0-4]', 'X', 'output']
"""

import re
import statistics
from dataclasses import dataclass, field

SUPPORTED_VERSION = 1
NODE_KINDS = ("variable", "placeholder", "constant", "op")
# Names TF1 gives to graph bookkeeping; such top-level units go to the side area.
BOOKKEEPING_NAMES = frozenset({"init", "save", "gradients", "restore_all", "report_uninitialized_variables"})
HUB_MIN_NEIGHBOURS = 4
# Below this many top-level units the degree rule stays off, as in TensorBoard.
HUB_MIN_UNITS = 10
SOURCE_KINDS = frozenset({"placeholder", "variable", "constant"})
_INDEXED_NAME = re.compile(r"^(.+?)(?:_(\d+))?$")


class GraphDocumentError(ValueError):
    """The graph document does not follow the jupyter-flow graph contract."""


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


def _producer(tensor_name, consumer):
    producer, sep, index = tensor_name.rpartition(":")
    if not sep or not producer or not index.isdigit():
        raise GraphDocumentError(
            f'node "{consumer}": input "{tensor_name}" is not of the form "producer_op_name:output_index"'
        )
    return producer, int(index)


def check_document(document):
    """Raise GraphDocumentError naming the field at fault; return the nodes by name."""
    if not isinstance(document, dict):
        raise GraphDocumentError("the graph document must be a dict (the JSON object of the MIME bundle)")
    if document.get("version") != SUPPORTED_VERSION:
        raise GraphDocumentError(
            f"graph document version {document.get('version')!r} is not supported; expected {SUPPORTED_VERSION}"
        )
    nodes = {}
    for position, node in enumerate(document.get("nodes", [])):
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


def split_indexed_name(name):
    """'relu_3' -> ('relu', 3); 'relu' -> ('relu', 0)."""
    match = _INDEXED_NAME.match(name)
    return match.group(1), int(match.group(2) or 0)


def series_label(base, indices):
    indices = sorted(indices)
    contiguous = all(b == a + 1 for a, b in zip(indices, indices[1:]))
    return f"{base}[{indices[0]}-{indices[-1]}]" if contiguous else f"{base} ({len(indices)})"


def _top_component(name):
    return name.split("/", 1)[0]


def _ops_under(nodes, path):
    return [n for n in nodes if n == path or n.startswith(path + "/")]


def _group_key(member, op_name):
    return "" if op_name == member else op_name[len(member) + 1 :].split("/", 1)[0]


def _member_of(members, op_name):
    return next((m for m in members if op_name == m or op_name.startswith(m + "/")), None)


def _producers(node):
    return [_producer(t, node["name"])[0] for t in node.get("inputs", [])] + list(node.get("control_inputs", []))


def _signature(nodes, member, shared):
    return tuple(
        sorted(
            ("." if name == member else name[len(member) + 1 :], nodes[name]["op"])
            for name in _ops_under(nodes, member)
            if _group_key(member, name) not in shared
        )
    )


def find_top_level_series(nodes, scopes):
    """Series among top-level scopes: [(base, [(index, scope), ...]), ...] in index order."""
    by_base = {}
    for scope in scopes:
        base, index = split_indexed_name(scope)
        by_base.setdefault(base, []).append((index, scope))
    found = []
    for base, candidates in by_base.items():
        if len(candidates) < 2:
            continue
        members = [scope for _, scope in candidates]
        # State a member shares with its siblings (relu/threshold) is not structure.
        shared = {m: set() for m in members}
        for m in members:
            for name in _ops_under(nodes, m):
                for producer in _producers(nodes[name]):
                    owner = _member_of(members, producer)
                    if owner is not None and owner != m:
                        shared[owner].add(_group_key(owner, producer))
        by_signature = {}
        for index, scope in candidates:
            signature = _signature(nodes, scope, shared[scope])
            if signature:
                by_signature.setdefault(signature, []).append((index, scope))
        found.extend((base, sorted(group)) for group in by_signature.values() if len(group) >= 2)
    return found


def _units(nodes, highlight):
    top_names = {}
    for name in nodes:
        top_names.setdefault(_top_component(name), []).append(name)
    scopes = [top for top, names in top_names.items() if any("/" in n for n in names)]
    in_series = set()
    units = []
    for base, members in find_top_level_series(nodes, scopes):
        label = series_label(base, [i for i, _ in members])
        ops = [op for _, scope in members for op in _ops_under(nodes, scope)]
        in_series.update(scope for _, scope in members)
        units.append(Unit(f"series:{label}", "series", base, label, None, None, ops, len(members)))
    for top, names in top_names.items():
        if top in in_series:
            continue
        own = nodes.get(top)
        kind = "scope" if top in scopes else "op"
        units.append(
            Unit(
                f"{kind}:{top}", kind, top, top,
                own["kind"] if own else None,
                own["op"] if own else None,
                names,
            )
        )
    for unit in units:
        unit.highlighted = any(op in highlight for op in unit.ops)
    return units


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


def _auxiliary(units, edges):
    neighbours = {u.id: set() for u in units}
    for e in edges:
        neighbours[e.source].add(e.target)
        neighbours[e.target].add(e.source)
    threshold = max(HUB_MIN_NEIGHBOURS, 2 * statistics.median(len(n) for n in neighbours.values()))
    aside = {
        u.id
        for u in units
        if u.node_kind not in SOURCE_KINDS
        and (
            split_indexed_name(u.name.rsplit("/", 1)[-1])[0] in BOOKKEEPING_NAMES
            or (len(units) >= HUB_MIN_UNITS and len(neighbours[u.id]) >= threshold)
        )
    }
    return set() if len(aside) == len(units) else aside


def collapsed_top_level(document):
    """The boxes and edges of the fully collapsed graph (see module docstring)."""
    nodes = check_document(document)
    units = _units(nodes, set(document.get("highlight", [])))
    unit_of = {op: u.id for u in units for op in u.ops}
    edges = _edges(nodes, unit_of)
    aside = _auxiliary(units, edges) if units else set()
    return TopLevel(
        main=[u for u in units if u.id not in aside],
        auxiliary=[u for u in units if u.id in aside],
        edges=[e for e in edges if e.source not in aside and e.target not in aside],
    )
