"""The pure-Python layered layout behind the static SVG fallback."""

from jupyter_flow.notebook.graph_layout import NODE_GAP, layered_layout

SIZE = (40, 20)


def test_edges_point_down_and_layers_do_not_overlap():
    sizes = {n: SIZE for n in "abcdef"}
    edges = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e"), ("c", "f")]
    layout = layered_layout(sizes, edges)
    for s, t in edges:
        assert layout.boxes[s].y + layout.boxes[s].height < layout.boxes[t].y
    rows = {}
    for box in layout.boxes.values():
        rows.setdefault(box.y, []).append(box)
    for row in rows.values():
        row.sort(key=lambda b: b.x)
        for left, right in zip(row, row[1:]):
            assert left.x + left.width + NODE_GAP <= right.x + 1e-9


def test_long_edges_bend_through_the_layers_they_cross():
    layout = layered_layout({n: SIZE for n in "abcd"}, [("a", "b"), ("b", "c"), ("c", "d"), ("a", "d")])
    long_route = layout.routes[3]
    assert len(long_route) == 4  # start, two bend points, end
    assert [p[1] for p in long_route] == sorted(p[1] for p in long_route)


def test_routes_start_under_the_source_and_end_above_the_target():
    layout = layered_layout({"a": (80, 30), "b": SIZE}, [("a", "b")])
    (x0, y0), (x1, y1) = layout.routes[0]
    a, b = layout.boxes["a"], layout.boxes["b"]
    assert (x0, y0) == (a.x + a.width / 2, a.y + a.height)
    assert (x1, y1) == (b.x + b.width / 2, b.y)


def test_a_cycle_is_laid_out_with_one_edge_pointing_back():
    layout = layered_layout({n: SIZE for n in "abc"}, [("a", "b"), ("b", "c"), ("c", "a")])
    assert len(layout.boxes) == 3 and len(layout.routes) == 3
    back = layout.routes[2]  # c -> a, drawn upwards
    assert back[0][1] > back[-1][1]


def test_sources_sit_just_above_their_first_consumer():
    # y feeds only the last op; it must not float at the top of a tall graph.
    sizes = {n: SIZE for n in ["x", "m1", "m2", "m3", "y"]}
    layout = layered_layout(sizes, [("x", "m1"), ("m1", "m2"), ("m2", "m3"), ("y", "m3")])
    assert layout.boxes["y"].y == layout.boxes["m2"].y


def test_empty_graph_has_no_boxes():
    layout = layered_layout({}, [])
    assert layout.boxes == {} and layout.routes == []
