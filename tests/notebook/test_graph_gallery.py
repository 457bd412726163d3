"""The graph view on real graphs jupyter_flow builds (tests/notebook/graph_gallery.py): the data
path stays in the main area with its edges, only bookkeeping goes aside, layers are drawn once
with their variables, big graphs open collapsed; the same for the document the front end draws
and for the static SVG."""
import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest

from jupyter_flow.notebook.graph_structure import collapsed_top_level
from jupyter_flow.notebook.graph_svg import graph_svg
from jupyter_flow.notebook.graph_view import graph_document

try:
    from graph_gallery import GALLERY
except ImportError:  # tests/ laid out as packages
    from tests.notebook.graph_gallery import GALLERY

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def built():
    cache = {}

    def get(name):
        if name not in cache:
            g = GALLERY[name]()
            cache[name] = g, graph_document(g.graph)
        return cache[name]
    return get


def _producers(node):
    return [t.rpartition(":")[0] for t in node["inputs"]] + node["control_inputs"]


def data_path(doc, sources, computed):
    """Ops on a data path from a placeholder or variable to a computed tensor, found from the
    graph alone (not from the view's rules)."""
    nodes = {n["name"]: n for n in doc["nodes"]}
    ancestors, stack = set(), list(computed)
    while stack:
        name = stack.pop()
        if name not in ancestors:
            ancestors.add(name)
            stack += [t.rpartition(":")[0] for t in nodes[name]["inputs"]]
    readers = defaultdict(list)
    for n in nodes.values():
        for p in n["inputs"]:
            readers[p.rpartition(":")[0]].append(n["name"])
    starts = list(sources) + [n for n in nodes if nodes[n]["kind"] == "variable"]
    descendants, stack = set(), starts
    while stack:
        name = stack.pop()
        if name not in descendants:
            descendants.add(name)
            stack += readers[name]
    return ancestors & descendants


def top_unit_of(top):
    return {op: u.id for u in top.main + top.auxiliary for op in u.ops}


def reachable(top, start, goal):
    succ = defaultdict(set)
    for e in top.edges:
        succ[e.source].add(e.target)
    seen, stack = set(), [start]
    while stack:
        u = stack.pop()
        if u == goal:
            return True
        if u not in seen:
            seen.add(u)
            stack += succ[u]
    return False


@pytest.mark.parametrize("name", list(GALLERY))
def test_every_placeholder_reaches_the_computed_tensors_in_the_main_area(built, name):
    g, doc = built(name)
    top = collapsed_top_level(doc)
    unit_of = top_unit_of(top)
    main = {u.id for u in top.main}
    for placeholder in g.placeholders:
        assert unit_of[placeholder] in main
        for end in g.computed[:1]:  # the loss (or the model's output)
            assert reachable(top, unit_of[placeholder], unit_of[end]), (placeholder, end, top.edges)


@pytest.mark.parametrize("name", list(GALLERY))
def test_no_unit_of_the_data_path_goes_aside(built, name):
    g, doc = built(name)
    top = collapsed_top_level(doc)
    unit_of = top_unit_of(top)
    aside = {u.id for u in top.auxiliary}
    path = data_path(doc, g.placeholders, g.computed)
    assert path, "the gallery graph has a data path"
    assert not {op for op in path if unit_of[op] in aside}


@pytest.mark.parametrize("name", list(GALLERY))
def test_the_static_svg_draws_the_same_top_level(built, name):
    _, doc = built(name)
    top = collapsed_top_level(doc)
    svg = ET.fromstring(graph_svg(doc))
    areas = {g.get("data-jf-node"): g.get("data-jf-area") for g in svg.iter(f"{SVG}g") if g.get("data-jf-node")}
    assert areas == {**{u.name: "main" for u in top.main}, **{u.name: "auxiliary" for u in top.auxiliary}}
    drawn_edges = {g.get("data-jf-edge") for g in svg.iter(f"{SVG}g") if g.get("data-jf-edge")}
    assert drawn_edges == {f"{e.source} -> {e.target}" for e in top.edges}


def test_mlp_reads_x_dnn_loss_with_train_and_init_aside(built):
    _, doc = built("mlp")
    top = collapsed_top_level(doc)
    assert sorted(u.id for u in top.main) == ["op:X", "op:y", "scope:dnn", "scope:eval", "scope:loss"]
    assert sorted(u.id for u in top.auxiliary) == ["op:init", "scope:train"]
    data_edges = sorted(f"{e.source} -> {e.target}" for e in top.edges if not e.control)
    assert data_edges == [
        "op:X -> scope:dnn", "op:y -> scope:eval", "op:y -> scope:loss",
        "scope:dnn -> scope:eval", "scope:dnn -> scope:loss",
    ]
    shapes = {f"{e.source} -> {e.target}": e.shapes for e in top.edges}
    assert shapes["op:X -> scope:dnn"] == [[None, 784]]
    assert shapes["scope:dnn -> scope:loss"] == [[None, 10]]


@pytest.mark.parametrize("name", ["mlp", "mlp_adam"])
def test_each_layer_is_drawn_once_with_its_variables_inside(built, name):
    g, doc = built(name)
    groups = {grp["id"]: grp for grp in doc["structure"]["groups"]}
    names = [grp["name"] for grp in groups.values()]
    assert not {"hidden1", "hidden2", "outputs"} & {u[len("scope:"):] for u in doc["structure"]["roots"]}
    for layer in g.layers:
        assert names.count(layer) == 1
        short = layer.rsplit("/", 1)[1]
        for variable in ("kernel", "bias"):
            unit = groups[f"scope:{short}/{variable}"]
            assert unit["parent"] == f"scope:{layer}" and unit["node_kind"] == "variable"
        children = groups[f"scope:{layer}"]["children"]
        assert f"op:{layer}/MatMul" in children and f"op:{layer}/BiasAdd" in children


def test_adam_state_is_bookkeeping_and_the_graph_opens_collapsed(built):
    _, doc = built("mlp_adam")
    assert len(doc["nodes"]) > 100  # fused ApplyAdam: fewer ops than TF1, same structure
    top = collapsed_top_level(doc)
    assert sorted(u.id for u in top.main) == ["op:X", "op:y", "scope:dnn", "scope:eval", "scope:loss"]
    aside = {u.id for u in top.auxiliary}
    assert {"scope:train", "op:init"} <= aside
    train = next(u for u in top.auxiliary if u.id == "scope:train")
    assert {"train/beta1_power", "train/beta2_power", "hidden1/kernel/Adam"} <= set(train.ops) | {
        op for u in top.main for op in u.ops if op.endswith("/Adam")}
    dnn = next(u for u in top.main if u.id == "scope:dnn")
    assert "hidden1/kernel/Adam" in dnn.ops  # a slot is drawn with the variable it belongs to
    assert len(top.main) + len(top.auxiliary) <= 12


def test_my_func_gradients_opens_as_a_handful_of_series(built):
    _, doc = built("my_func_gradients")
    assert len(doc["nodes"]) >= 1500
    top = collapsed_top_level(doc)
    assert len(top.main) + len(top.auxiliary) <= 16
    assert "scope:gradients" in {u.id for u in top.auxiliary}
    series = {u.label: u.series_size for u in top.main if u.kind == "series"}
    assert series.get("Cos[0-99]") == 100 and series.get("Sin[0-99]") == 100
    gradients = next(grp for grp in doc["structure"]["groups"] if grp["id"] == "scope:gradients")
    assert len(gradients["children"]) <= 40  # expanding gradients shows series, not 600 scopes


def test_tied_weights_autoencoder_keeps_its_chain_in_the_main_area(built):
    _, doc = built("stacked_autoencoder")
    top = collapsed_top_level(doc)
    main = {u.id for u in top.main}
    assert {"op:X", "scope:weights1", "scope:weights2", "op:weights3", "op:weights4", "op:outputs"} <= main
    edges = {f"{e.source} -> {e.target}" for e in top.edges}
    assert "scope:weights1 -> op:weights4" in edges  # the tied decoder weight is the encoder's transpose
    assert "scope:weights2 -> op:weights3" in edges
