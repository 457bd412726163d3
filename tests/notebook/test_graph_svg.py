"""The static SVG fallback of the graph view, on the chapter's graphs."""

import copy
import re
import xml.etree.ElementTree as ET

import pytest

from jupyter_flow.notebook.graph_structure import GraphDocumentError
from jupyter_flow.notebook.graph_svg import edge_width, format_shape, graph_html, graph_svg

try:
    from chapter_graphs import CHAPTER_GRAPHS, five_relus, linear_regression_with_loss_scope, x_x_y_plus_y_plus_2
except ImportError:  # tests/ laid out as packages
    from tests.notebook.chapter_graphs import (
        CHAPTER_GRAPHS,
        five_relus,
        linear_regression_with_loss_scope,
        x_x_y_plus_y_plus_2,
    )

SVG = "{http://www.w3.org/2000/svg}"


def parse(document):
    return ET.fromstring(graph_svg(document))


def drawn_nodes(svg, area=None):
    return {
        g.get("data-jf-node"): g
        for g in svg.iter(f"{SVG}g")
        if g.get("data-jf-node") is not None and (area is None or g.get("data-jf-area") == area)
    }


def edges(svg):
    return {g.get("data-jf-edge"): g for g in svg.iter(f"{SVG}g") if g.get("data-jf-edge")}


def label(g):
    return g.find(f"{SVG}text").text


def translation(g):
    x, y = re.match(r"translate\(([-\d.]+),([-\d.]+)\)", g.get("transform")).groups()
    return float(x), float(y)


def test_five_relus_collapse_into_one_series_of_five():
    svg = parse(five_relus())
    main = drawn_nodes(svg, "main")
    assert set(main) == {"X", "relu", "output"}
    series = main["relu"]
    assert series.get("data-jf-kind") == "series"
    assert series.get("data-jf-series") == "relu"
    assert series.get("data-jf-series-size") == "5"
    assert label(series) == "relu[0-4]"
    # Drawn as a stack: three offset boxes.
    assert len(series.findall(f"{SVG}rect")) == 3
    # Nothing from inside the scopes is drawn on its own.
    assert not [name for name in drawn_nodes(svg) if "/" in name or name.startswith("relu_")]


def test_five_relus_edges_carry_static_shapes():
    svg = parse(five_relus())
    drawn = edges(svg)
    assert drawn["op:X -> series:relu[0-4]"].get("data-jf-shape") == "?×3"
    into_output = drawn["series:relu[0-4] -> op:output"]
    assert into_output.get("data-jf-shape") == "?×1 (5 tensors)"
    assert into_output.find(f"{SVG}text").text == "?×1 (5 tensors)"


def test_initializer_goes_to_the_auxiliary_area():
    for make in (x_x_y_plus_y_plus_2, linear_regression_with_loss_scope, five_relus):
        svg = parse(make())
        assert "init" in drawn_nodes(svg, "auxiliary")
        assert "init" not in drawn_nodes(svg, "main")
        assert not [e for e in edges(svg) if "init" in e]


def test_loss_scope_is_one_labelled_box_and_gradients_go_aside():
    svg = parse(linear_regression_with_loss_scope())
    main = drawn_nodes(svg, "main")
    assert set(main) == {"X", "y", "random_uniform", "theta", "predictions", "loss"}
    assert main["loss"].get("data-jf-kind") == "scope"
    assert label(main["loss"]) == "loss"
    assert main["loss"].find(f"{SVG}title").text == "loss (scope, 4 ops)"
    assert {"gradients", "GradientDescent"} <= set(drawn_nodes(svg, "auxiliary"))  # the train step is bookkeeping
    shapes = {name: g.get("data-jf-shape") for name, g in edges(svg).items()}
    assert shapes["op:X -> op:predictions"] == "?×9"
    assert shapes["scope:theta -> op:predictions"] == "9×1"
    assert shapes["op:predictions -> scope:loss"] == "?×1"
    assert shapes["op:y -> scope:loss"] == "?×1"


def test_bigger_tensors_draw_thicker_edges():
    svg = parse(linear_regression_with_loss_scope())
    width = {name: float(g.find(f"{SVG}path").get("stroke-width")) for name, g in edges(svg).items()}
    assert width["scope:theta -> op:predictions"] > width["op:predictions -> scope:loss"]
    assert edge_width([[100, 100]]) > edge_width([[9, 1]]) > edge_width([[None, 1]]) == 1


def test_variables_fold_with_their_assign_and_read_ops():
    svg = parse(x_x_y_plus_y_plus_2())
    main = drawn_nodes(svg, "main")
    assert set(main) == {"x", "y", "mul", "mul_1", "add", "add_1"}
    assert main["x"].get("data-jf-kind") == "scope"
    assert main["x"].find(f"{SVG}title").text == "x (scope, 4 ops, VariableV2)"
    # Coloured as a variable, not as a plain scope.
    assert main["x"].find(f"{SVG}rect").get("fill") == "#bbdefb"
    assert {g.get("data-jf-shape") for g in edges(svg).values()} == {"scalar"}


def test_edges_point_down_the_page():
    for make in CHAPTER_GRAPHS.values():
        svg = parse(make())
        ys = {g.get("data-jf-kind") + ":" + name: translation(g)[1] for name, g in drawn_nodes(svg, "main").items()}
        for edge_id in edges(svg):
            source, target = edge_id.split(" -> ")
            source = re.sub(r"^series:(\w+)\[.*", r"series:\1", source)
            target = re.sub(r"^series:(\w+)\[.*", r"series:\1", target)
            assert ys[source] < ys[target], edge_id


def test_nodes_of_one_layer_do_not_overlap():
    svg = parse(linear_regression_with_loss_scope())
    boxes = []
    for g in drawn_nodes(svg, "main").values():
        x, y = translation(g)
        boxes.append((y, x, x + float(g.get("data-jf-width"))))
    for y, left, right in boxes:
        for y2, left2, right2 in boxes:
            if (y, left) != (y2, left2) and abs(y - y2) < 1:
                assert right <= left2 or right2 <= left


def test_highlighted_nodes_are_marked():
    doc = linear_regression_with_loss_scope()
    svg = parse(doc)
    marked = {name for name, g in drawn_nodes(svg).items() if g.get("data-jf-highlighted") == "true"}
    # The highlighted cell built the optimizer and the initializer.
    assert marked == {"gradients", "GradientDescent", "init"}


def test_differently_built_scopes_are_not_a_series():
    doc = five_relus()
    for node in doc["nodes"]:
        if node["name"] == "relu_3/max":
            node["op"] = "Minimum"
    del doc["structure"]  # computed again from the changed nodes
    svg = parse(doc)
    main = drawn_nodes(svg, "main")
    assert main["relu"].get("data-jf-series-size") == "4"
    assert label(main["relu"]) == "relu (4)"
    assert main["relu_3"].get("data-jf-kind") == "scope"


def test_html_fallback_wraps_one_scrollable_svg():
    html = graph_html(five_relus())
    assert html.startswith("<div class='jupyter-flow-graph'")
    assert html.count("<svg") == 1
    assert "overflow:auto" in html


def test_arrow_marker_ids_differ_between_graphs():
    ids = {parse(make()).find(f"{SVG}defs/{SVG}marker").get("id") for make in CHAPTER_GRAPHS.values()}
    assert len(ids) == len(CHAPTER_GRAPHS)


def test_format_shape_names_unknowns():
    assert format_shape([None, 3]) == "?×3"
    assert format_shape([]) == "scalar"
    assert format_shape(None) == "?"


@pytest.mark.parametrize(
    "breakage, message",
    [
        (lambda d: d.update(version=1), "version 1 is not supported"),
        (lambda d: d["nodes"][1]["inputs"].append("nowhere:0"), 'reads "nowhere:0" but no node "nowhere"'),
        (lambda d: d["nodes"][1]["inputs"].append("X"), 'input "X" is not of the form'),
        (lambda d: d["nodes"][0].update(kind="tensor"), 'node "X": kind must be one of'),
        (lambda d: d["nodes"].append(copy.deepcopy(d["nodes"][0])), 'node name "X" appears twice'),
    ],
)
def test_broken_documents_are_rejected_with_the_culprit_named(breakage, message):
    doc = five_relus()
    breakage(doc)
    with pytest.raises(GraphDocumentError, match=re.escape(message)):
        graph_svg(doc)


@pytest.mark.parametrize("name", sorted(CHAPTER_GRAPHS))
def test_labextension_fixtures_match_the_chapter_graphs(name):
    """labextension/tests/fixtures are written by chapter_graphs.py; they must not drift."""
    try:
        from chapter_graphs import FIXTURE_DIR, fixture_text
    except ImportError:
        from tests.notebook.chapter_graphs import FIXTURE_DIR, fixture_text
    assert (FIXTURE_DIR / f"{name}.json").read_text() == fixture_text(name), (
        "run `python tests/notebook/chapter_graphs.py` to rewrite the fixtures"
    )
