"""Static SVG of a jupyter-flow graph document: the `text/html` fallback that Notebook 7
without the extension, VS Code, nbconvert exports and GitHub show. Name scopes are drawn
collapsed as labelled boxes, series of identically structured scopes as one stacked box,
bookkeeping hubs (init, gradients, save) in a side column, edges labelled with static
shapes and drawn thicker for larger tensors. Pure Python; colours are set on each element
(no CSS) because some viewers strip <style>.

    html = graph_html(document)          # '<div class="jupyter-flow-graph" ...><svg ...'
    svg = graph_svg(document)            # the bare <svg> element
"""

import hashlib
import json
import math
from xml.sax.saxutils import escape, quoteattr

from .graph_layout import MARGIN, layered_layout
from .graph_structure import collapsed_top_level

CHAR_WIDTH = 6.6
FONT = "font-family='-apple-system, Segoe UI, Helvetica, Arial, sans-serif' font-size='11'"
COLOURS = {
    "background": "#ffffff",
    "text": "#1f1f1f",
    "muted": "#616161",
    "edge": "#757575",
    "highlight": "#f57c00",
    "op": ("#eeeeee", "#9e9e9e"),
    "variable": ("#bbdefb", "#1976d2"),
    "placeholder": ("#c8e6c9", "#388e3c"),
    "constant": ("#e0e0e0", "#9e9e9e"),
    "group": ("#ffffff", "#616161"),
}
# A traced run (graph_trace.py): computed units from pale to deep orange-red by heat, units the run
# did not need faded, folded constants dashed, the op a run failed at outlined in red.
TRACE_COLD, TRACE_HOT = (255, 243, 224), (216, 67, 21)
FADED_OPACITY = "0.35"
PROBLEM = "#c62828"
AUX_GAP = 48
AUX_TITLE = 26
AUX_SPACING = 12
STACK = 4


def format_shape(shape):
    """[None, 3] -> '?×3'; [] -> 'scalar'; None (unknown rank) -> '?'."""
    if shape is None:
        return "?"
    if not shape:
        return "scalar"
    return "×".join("?" if d is None else str(d) for d in shape)


def edge_label(shapes):
    distinct = list(dict.fromkeys(format_shape(s) for s in shapes))
    if not distinct:
        return ""
    if len(shapes) == 1:
        return distinct[0]
    return f"{', '.join(distinct)} ({len(shapes)} tensors)" if len(distinct) <= 2 else f"{len(shapes)} tensors"


def edge_width(shapes):
    """Stroke width growing with log10 of the largest tensor; unknown dims count as 1."""
    largest = max([1] + [math.prod(1 if d is None else d for d in (s or [])) for s in shapes])
    return round(min(6.0, 1 + math.log10(largest)), 2)


def unit_size(unit):
    text = len(unit.label) * CHAR_WIDTH
    if unit.kind == "series":
        return max(72, text + 40), 40
    if unit.kind == "scope":
        return max(60, text + 32), 32
    if unit.node_kind == "constant":
        return max(28, text + 16), 20
    return max(44, text + 28), 26


def _num(v):
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _tooltip(unit):
    if unit.kind == "series":
        return f"{unit.label}: {unit.series_size} scopes of the same structure"
    if unit.kind == "scope":
        own = f", {unit.op_type}" if unit.op_type else ""
        return f"{unit.name} (scope, {len(unit.ops)} ops{own})"
    return f"{unit.name} ({unit.op_type}, {unit.node_kind})"


def _shape_elements(unit, w, h, fill, stroke, stroke_width, dashed=False):
    paint = f"fill='{fill}' stroke='{stroke}' stroke-width='{stroke_width}'" + (" stroke-dasharray='3 2'" if dashed else "")
    if unit.kind == "series":
        inner_w, inner_h = w - 2 * STACK, h - 2 * STACK
        return "".join(
            f"<rect x='{i * STACK}' y='{(2 - i) * STACK}' width='{_num(inner_w)}' height='{inner_h}' rx='6' {paint}/>"
            for i in (2, 1, 0)
        )
    if unit.kind == "scope":
        return f"<rect width='{_num(w)}' height='{h}' rx='6' {paint}/>"
    if unit.node_kind == "placeholder":
        return f"<path d='M8,0 H{_num(w)} L{_num(w - 8)},{h} H0 Z' {paint}/>"
    if unit.node_kind == "variable":
        return f"<rect width='{_num(w)}' height='{h}' rx='3' {paint}/>"
    if unit.node_kind == "constant":
        return f"<rect width='{_num(w)}' height='{h}' rx='{h / 2}' {paint}/>"
    return f"<ellipse cx='{_num(w / 2)}' cy='{h / 2}' rx='{_num(w / 2)}' ry='{h / 2}' {paint}/>"


def heat_colour(heat):
    """The fill of a computed unit: heat 0 -> pale, 1 -> deep (the labextension uses the same ramp)."""
    t = math.sqrt(max(0.0, min(1.0, heat)))
    return "#" + "".join(f"{int(c + t * (h - c) + 0.5):02x}" for c, h in zip(TRACE_COLD, TRACE_HOT))  # as JS Math.round


def _node(unit, x, y, w, h, area, run=None):
    fill, stroke = COLOURS[unit.node_kind or "group"] if unit.kind != "series" else COLOURS["group"]
    stroke_width = 1
    if unit.highlighted:
        stroke, stroke_width = COLOURS["highlight"], 2.5
    trace = (run or {}).get("units", {}).get(unit.id)
    problem = (run or {}).get("problem") in unit.ops
    if trace is not None and trace["state"] == "computed":
        fill = heat_colour(trace["heat"])
    if problem:
        stroke, stroke_width = PROBLEM, 3
    attributes = {
        "class": f"jf-node jf-unit-{unit.kind}",
        "data-jf-node": unit.name,
        "data-jf-kind": unit.kind,
        "data-jf-area": area,
        "data-jf-width": _num(w),
    }
    if unit.kind == "series":
        attributes["data-jf-series"] = unit.name
        attributes["data-jf-series-size"] = str(unit.series_size)
    if unit.highlighted:
        attributes["data-jf-highlighted"] = "true"
    if trace is not None:
        attributes["data-jf-trace-state"] = trace["state"]
        if trace["state"] == "not_needed":
            attributes["opacity"] = FADED_OPACITY
    if problem:
        attributes["data-jf-problem"] = "true"
    attrs = " ".join(f"{k}={quoteattr(v)}" for k, v in attributes.items())
    centre_x = (w - 2 * STACK) / 2 if unit.kind == "series" else w / 2
    centre_y = h / 2 + STACK if unit.kind == "series" else h / 2
    return (
        f"<g {attrs} transform='translate({_num(x)},{_num(y)})'>"
        f"<title>{escape(_tooltip(unit))}</title>"
        + _shape_elements(unit, w, h, fill, stroke, stroke_width, dashed=trace is not None and trace["state"] == "folded")
        + f"<text x='{_num(centre_x)}' y='{_num(centre_y)}' text-anchor='middle' dominant-baseline='central' "
        f"fill='{COLOURS['text']}'>{escape(unit.label)}</text></g>"
    )


def _midpoint(route):
    lengths = [math.dist(a, b) for a, b in zip(route, route[1:])]
    remaining = sum(lengths) / 2
    for (a, b), length in zip(zip(route, route[1:]), lengths):
        if remaining <= length and length > 0:
            t = remaining / length
            return a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
        remaining -= length
    return route[0]


def _edge(edge, route, marker_id):
    label = "" if edge.control else edge_label(edge.shapes)
    width = 1 if edge.control else edge_width(edge.shapes)
    d = " ".join(f"{'M' if i == 0 else 'L'}{_num(x)},{_num(y)}" for i, (x, y) in enumerate(route))
    dash = " stroke-dasharray='3 3'" if edge.control else ""
    parts = [
        f"<g class='jf-edge' data-jf-edge={quoteattr(f'{edge.source} -> {edge.target}')} "
        f"data-jf-shape={quoteattr(label)}>",
        f"<path d='{d}' fill='none' stroke='{COLOURS['edge']}' stroke-width='{width}'{dash} "
        f"marker-end='url(#{marker_id})'/>",
    ]
    if label:
        x, y = _midpoint(route)
        parts.append(
            f"<text x='{_num(x + 4)}' y='{_num(y)}' dominant-baseline='central' font-size='10' "
            f"fill='{COLOURS['muted']}' stroke='{COLOURS['background']}' stroke-width='3' "
            f"paint-order='stroke'>{escape(label)}</text>"
        )
    parts.append("</g>")
    return "".join(parts)


def graph_svg(document):
    """The collapsed graph as a standalone <svg> string (see module docstring)."""
    top = collapsed_top_level(document)
    sizes = {u.id: unit_size(u) for u in top.main}
    layout = layered_layout(sizes, [(e.source, e.target) for e in top.edges])
    # Marker ids must not collide when several graphs share one page.
    digest = hashlib.sha1(json.dumps(document, sort_keys=True).encode()).hexdigest()[:10]
    marker_id = f"jf-arrow-{digest}"
    width, height = layout.width, layout.height
    body = [_edge(e, route, marker_id) for e, route in zip(top.edges, layout.routes)]
    run = dict(document.get("trace") or {}, problem=(document.get("problem") or {}).get("node"))
    body += [_node(u, layout.boxes[u.id].x, layout.boxes[u.id].y, *sizes[u.id], "main", run) for u in top.main]
    if top.auxiliary:
        aux_x = width + AUX_GAP
        y = MARGIN + AUX_TITLE
        aux_nodes = []
        column = max(unit_size(u)[0] for u in top.auxiliary)
        for unit in top.auxiliary:
            w, h = unit_size(unit)
            aux_nodes.append(_node(unit, aux_x + 12, y, w, h, "auxiliary", run))
            y += h + AUX_SPACING
        body.append(
            f"<g class='jf-auxiliary-area' data-jf-area='auxiliary'>"
            f"<rect x='{_num(aux_x)}' y='{MARGIN}' width='{_num(column + 24)}' height='{_num(y - MARGIN)}' rx='6' "
            f"fill='#fafafa' stroke='#bdbdbd' stroke-dasharray='2 2'/>"
            f"<text x='{_num(aux_x + 8)}' y='{MARGIN + 16}' font-style='italic' fill='{COLOURS['muted']}'>"
            f"Auxiliary</text>{''.join(aux_nodes)}</g>"
        )
        width = aux_x + column + 24 + MARGIN
        height = max(height, y + MARGIN)
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' class='jupyter-flow-graph-svg' width='{_num(width)}' "
        f"height='{_num(height)}' viewBox='0 0 {_num(width)} {_num(height)}' {FONT}>"
        f"<defs><marker id='{marker_id}' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' markerHeight='7' "
        f"orient='auto-start-reverse' markerUnits='userSpaceOnUse'>"
        f"<path d='M0,0 L10,5 L0,10 Z' fill='{COLOURS['edge']}'/></marker></defs>"
        f"<rect width='100%' height='100%' fill='{COLOURS['background']}'/>" + "".join(body) + "</svg>"
    )


def graph_html(document):
    """The `text/html` fallback: the SVG in a scrollable block (and a traced run's slowest nodes)."""
    html = (
        "<div class='jupyter-flow-graph' style='overflow:auto;max-width:100%;max-height:640px'>"
        + graph_svg(document)
        + "</div>"
    )
    if document.get("trace"):
        from .graph_trace import trace_summary
        html += f"<pre class='jupyter-flow-trace-top'>{escape(trace_summary(document['trace']))}</pre>"
    return html
