"""Layered (Sugiyama-style) layout of a small directed graph, in pure Python: break
cycles, assign layers by longest path, route long edges through dummy points, order each
layer by barycentre sweeps, then place boxes as close to their neighbours as the order
allows. Good enough for the collapsed graphs of the static SVG fallback (tens of boxes).

    layout = layered_layout({"a": (40, 20), "b": (40, 20)}, [("a", "b")])
    layout.boxes["b"].y > layout.boxes["a"].y   # True: edges point down
"""

from dataclasses import dataclass

LAYER_GAP = 48
NODE_GAP = 28
MARGIN = 12
ORDERING_SWEEPS = 12
PLACEMENT_SWEEPS = 8


@dataclass
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def centre_x(self):
        return self.x + self.width / 2


@dataclass
class Layout:
    boxes: dict  # node id -> Box
    routes: list  # per input edge: [(x, y), ...] from source to target
    width: float
    height: float


def _acyclic(node_ids, edges):
    """Edges with back edges of a depth-first search reversed, and which were reversed."""
    successors = {n: [] for n in node_ids}
    for i, (s, t) in enumerate(edges):
        successors[s].append((t, i))
    state = dict.fromkeys(node_ids, 0)  # 0 new, 1 on stack, 2 done
    reversed_edges = set()
    for root in node_ids:
        if state[root]:
            continue
        stack = [(root, iter(successors[root]))]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            for target, i in it:
                if state[target] == 1:
                    reversed_edges.add(i)
                elif state[target] == 0:
                    state[target] = 1
                    stack.append((target, iter(successors[target])))
                    break
            else:
                state[node] = 2
                stack.pop()
    directed = [(t, s) if i in reversed_edges else (s, t) for i, (s, t) in enumerate(edges)]
    return directed, reversed_edges


def _layers(node_ids, edges):
    preds = {n: [] for n in node_ids}
    succs = {n: [] for n in node_ids}
    for s, t in edges:
        if s != t:
            preds[t].append(s)
            succs[s].append(t)
    layer = {}
    pending = {n: len(preds[n]) for n in node_ids}
    ready = [n for n in node_ids if pending[n] == 0]
    while ready:
        n = ready.pop(0)
        layer[n] = max((layer[p] + 1 for p in preds[n]), default=0)
        for t in succs[n]:
            pending[t] -= 1
            if pending[t] == 0:
                ready.append(t)
    # Sources sit right above their first consumer instead of at the very top.
    for n in node_ids:
        if not preds[n] and succs[n]:
            layer[n] = min(layer[t] for t in succs[n]) - 1
    return layer


def _crossings(order, links):
    position = {n: i for layer in order for i, n in enumerate(layer)}
    layer_of = {n: li for li, layer in enumerate(order) for n in layer}
    by_layer = {}
    for a, b in links:
        by_layer.setdefault(layer_of[a], []).append((position[a], position[b]))
    count = 0
    for upper in range(len(order) - 1):
        pairs = sorted(by_layer.get(upper, []))
        for i, (_, b1) in enumerate(pairs):
            count += sum(1 for _, b2 in pairs[i + 1 :] if b2 < b1)
    return count


def _order_layers(order, links):
    """Barycentre sweeps down and up; keeps the ordering with the fewest crossings."""
    ups = {}
    downs = {}
    for a, b in links:
        downs.setdefault(a, []).append(b)
        ups.setdefault(b, []).append(a)
    best = [list(layer) for layer in order]
    best_count = _crossings(best, links)
    current = [list(layer) for layer in order]
    for sweep in range(ORDERING_SWEEPS):
        down = sweep % 2 == 0
        indices = range(1, len(current)) if down else range(len(current) - 2, -1, -1)
        for li in indices:
            fixed = current[li - 1] if down else current[li + 1]
            position = {n: i for i, n in enumerate(fixed)}
            neighbours = ups if down else downs

            def barycentre(n, i, neighbours=neighbours, position=position):
                linked = [position[m] for m in neighbours.get(n, []) if m in position]
                return (sum(linked) / len(linked), i) if linked else (i, i)

            current[li] = [n for _, n in sorted((barycentre(n, i), n) for i, n in enumerate(current[li]))]
        count = _crossings(current, links)
        if count < best_count:
            best, best_count = [list(layer) for layer in current], count
    return best


def _place_layer(layer, widths, desired):
    """x positions (left edges) keeping order and gaps, as near the desired centres as possible."""
    blocks = []  # [first index, last index, offset sum, count]; members stacked with gaps
    for i, n in enumerate(layer):
        blocks.append([i, i, desired[n] - widths[n] / 2, 1])
        while len(blocks) > 1:
            a, b = blocks[-2], blocks[-1]
            span_a = sum(widths[layer[k]] + NODE_GAP for k in range(a[0], a[1] + 1))
            start_a = a[2] / a[3]
            start_b = b[2] / b[3]
            if start_a + span_a <= start_b:
                break
            # Merge: b's members follow a's at fixed offsets; average the implied starts.
            blocks[-2] = [a[0], b[1], a[2] + (b[2] - b[3] * span_a), a[3] + b[3]]
            blocks.pop()
    xs = {}
    for first, last, total, count in blocks:
        x = total / count
        for k in range(first, last + 1):
            xs[layer[k]] = x
            x += widths[layer[k]] + NODE_GAP
    return xs


def layered_layout(sizes, edges):
    """Lay out nodes {id: (width, height)} with directed edges [(source, target)]; see module."""
    node_ids = list(sizes)
    directed, reversed_edges = _acyclic(node_ids, edges)
    layer = _layers(node_ids, directed)
    widths = {n: sizes[n][0] for n in node_ids}
    heights = {n: sizes[n][1] for n in node_ids}
    links = []
    chains = []
    for i, (s, t) in enumerate(directed):
        chain = [s]
        for k in range(layer[s] + 1, layer[t]):
            dummy = ("dummy", i, k)
            layer[dummy], widths[dummy], heights[dummy] = k, 0, 0
            chain.append(dummy)
        chain.append(t)
        links.extend(zip(chain, chain[1:]))
        chains.append(chain)
    top = min(layer.values(), default=0)
    order = [[] for _ in range(max(layer.values(), default=0) - top + 1)]
    for n in layer:
        order[layer[n] - top].append(n)
    order = _order_layers(order, links)

    centre = {}
    for layer_nodes in order:
        centre.update(_place_layer(layer_nodes, widths, {n: i * 60.0 for i, n in enumerate(layer_nodes)}))
    centre = {n: x + widths[n] / 2 for n, x in centre.items()}
    neighbours = {}
    for a, b in links:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    for _ in range(PLACEMENT_SWEEPS):
        for layer_nodes in order:
            desired = {
                n: sum(centre[m] for m in neighbours.get(n, [])) / len(neighbours[n]) if neighbours.get(n) else centre[n]
                for n in layer_nodes
            }
            lefts = _place_layer(layer_nodes, widths, desired)
            centre.update({n: lefts[n] + widths[n] / 2 for n in layer_nodes})

    shift = MARGIN - min((centre[n] - widths[n] / 2 for n in centre), default=0)
    y = MARGIN
    layer_y = []
    for layer_nodes in order:
        layer_y.append(y)
        y += max((heights[n] for n in layer_nodes), default=0) + LAYER_GAP
    boxes = {}
    points = {}
    for li, layer_nodes in enumerate(order):
        row_height = max((heights[n] for n in layer_nodes), default=0)
        for n in layer_nodes:
            x = centre[n] + shift
            top_y = layer_y[li] + (row_height - heights[n]) / 2
            if n in sizes:
                boxes[n] = Box(x - widths[n] / 2, top_y, widths[n], heights[n])
            else:
                points[n] = (x, layer_y[li] + row_height / 2)
    routes = []
    for i, chain in enumerate(chains):
        source, target = boxes[chain[0]], boxes[chain[-1]]
        route = [(source.centre_x, source.y + source.height)]
        route += [points[d] for d in chain[1:-1]]
        route.append((target.centre_x, target.y))
        routes.append(route[::-1] if i in reversed_edges else route)
    width = max((b.x + b.width for b in boxes.values()), default=0) + MARGIN
    height = max((b.y + b.height for b in boxes.values()), default=0) + MARGIN
    return Layout(boxes, routes, width, height)
