"""A compact table of graph nodes (name, op type, outputs, inputs, cell): the text/plain part of
the inline graph view, for terminals and front ends without HTML."""
import html

MAX_ROWS = 200  # a notebook output, not a dump: the rest is summarized in one line


class GraphSummary:
    """The nodes of `graph` named in `highlight` (all nodes when None), as HTML or text.

    >>> GraphSummary(tf.get_default_graph(), highlight=["x", "loss/mse"])
    """

    def __init__(self, graph, highlight=None):
        self.graph = graph
        ops = graph.get_operations()
        if highlight is not None:
            wanted = set(highlight)
            ops = [op for op in ops if op.name in wanted]
        self.ops = ops
        self.total = len(graph.get_operations())
        self.highlighted = highlight is not None

    def rows(self):
        """(name, type, outputs, inputs, cell, stale) per node shown."""
        out = []
        for op in self.ops[:MAX_ROWS]:
            outputs = ", ".join(f"{t.shape} {t.dtype.name}" for t in op.outputs)
            inputs = ", ".join([t.name for t in op.inputs] + ["^" + c.name for c in op.control_inputs])
            cell = "" if op.cell is None else str(op.cell)
            out.append((op.name, op.type, outputs, inputs, cell, self.graph.stale_reason(op) is not None))
        return out

    def _title(self):
        if self.highlighted:
            return f"{len(self.ops)} of the graph's {self.total} nodes"
        return f"graph: {self.total} nodes"

    def _more(self):
        n = len(self.ops) - MAX_ROWS
        return f"... and {n} more" if n > 0 else ""

    def __repr__(self):
        lines = [self._title()]
        for name, type_, outputs, inputs, cell, stale in self.rows():
            flag = "  [stale]" if stale else ""
            lines.append(f"  {name} ({type_}) -> {outputs or '-'}"
                         f"{'  <- ' + inputs if inputs else ''}{flag}")
        if self._more():
            lines.append("  " + self._more())
        return "\n".join(lines)

    def _repr_html_(self):
        e = html.escape
        head = "".join(f"<th style='text-align:left'>{h}</th>" for h in
                       ("node", "op", "outputs", "inputs", "cell"))
        body = []
        for name, type_, outputs, inputs, cell, stale in self.rows():
            mark = " <b style='color:#b00'>stale</b>" if stale else ""
            body.append(f"<tr><td><code>{e(name)}</code>{mark}</td><td>{e(type_)}</td><td>{e(outputs)}</td>"
                        f"<td><code>{e(inputs)}</code></td><td>{e(cell)}</td></tr>")
        more = f"<div>{e(self._more())}</div>" if self._more() else ""
        return (f"<div class='jupyter-flow-summary'><div><b>{e(self._title())}</b></div>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}</div>")
