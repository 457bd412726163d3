"""The inline graph view: a graph as a versioned JSON document (MIME type
application/vnd.jupyter-flow.graph+json, rendered by the JupyterLab extension) plus a static
SVG fallback (text/html) and text/plain, so saved and exported notebooks show it too.

>>> tf.show_graph()                       # the default graph
>>> tf.show_graph(highlight=["loss/mse"])
>>> tf.show_graph(run_metadata=md)        # coloured by a traced run's time (graph_trace.py)
"""
import numpy as np

from ..framework.traceback_capture import defining_line
from .graph_structure import graph_structure
from .graph_svg import graph_html
from .graph_trace import problem_document, trace_document, trace_summary

MIME_TYPE = "application/vnd.jupyter-flow.graph+json"
VERSION = 2  # 2: the document carries the view structure and where each op was defined
MAX_VALUE_ELEMENTS = 64  # variables up to this size carry their value in the document

_KINDS = {"VariableV2": "variable", "Placeholder": "placeholder", "Const": "constant"}


def _shape_list(shape):
    return None if shape.ndims is None else shape.as_list()


def _cell_key(op):
    cell = op.cell
    if cell is None:
        return None
    return str(getattr(cell, "key", cell))


def _defined_in(op):
    """Where the op was made, for the hover card's link: the cell (its label and the front end's
    cell id, to scroll to) and the line in it, or the file and line outside a notebook."""
    line = defining_line(op)
    if line is None:
        return None
    where = {"place": line.place, "line": line.line, "text": line.text}
    if line.cell is not None:
        where["cell"] = str(line.cell)
        where["cell_id"] = getattr(line.cell, "cell_id", None)
    elif not line.in_cell:
        where["file"] = line.filename
    return where


def _small_value(op, session):
    if session is None or op.type != "VariableV2":
        return None
    out = op.outputs[0]
    n = out.shape.num_elements()
    if n is None or n > MAX_VALUE_ELEMENTS:
        return None
    try:
        value = session._read_variable(op.name)
    except Exception:  # a closed or foreign session: the view just omits values
        return None
    if value is None:
        return None
    value = np.asarray(value)
    return {"dtype": out.dtype.name, "shape": list(value.shape), "data": value.tolist()}


def _step_stats_list(run_metadata):
    """A RunMetadata, a StepStats, or a list of either -> [StepStats]."""
    items = run_metadata if isinstance(run_metadata, (list, tuple)) else [run_metadata]
    out = []
    for item in items:
        stats = getattr(item, "step_stats", item)
        if not hasattr(stats, "dev_stats"):
            raise TypeError(f"run_metadata must be a tf.RunMetadata filled by a traced run (or its step_stats), "
                            f"got {type(item).__name__}")
        out.append(stats)
    return out


def graph_document(graph=None, highlight=None, session=None, run_metadata=None, problem=None):
    """The JSON document describing `graph` (default: the default graph); with `run_metadata` (of
    traced runs) its "trace", with `problem` ((op, error) a run failed at) its "problem".

    >>> doc = graph_document(); doc["nodes"][0]["name"]
    'x/initial_value'
    """
    from ..client.session import get_default_session
    from ..framework.graph import get_default_graph
    graph = graph or get_default_graph()
    if session is None:
        s = get_default_session()
        session = s if s is not None and s.graph is graph else None
    nodes = []
    for op in graph.get_operations():
        node = {
            "name": op.name,
            "op": op.type,
            "kind": _KINDS.get(op.type, "op"),
            "inputs": [t.name for t in op.inputs],
            "control_inputs": [c.name for c in op.control_inputs],
            "outputs": [{"dtype": t.dtype.name, "shape": _shape_list(t.shape)} for t in op.outputs],
            "cell": _cell_key(op),
            "defined_in": _defined_in(op),
        }
        value = _small_value(op, session)
        if value is not None:
            node["value"] = value
        nodes.append(node)
    names = []
    for h in highlight or ():
        h = getattr(h, "op", h)  # a Tensor or Variable highlights its op
        names.append(getattr(h, "name", h))
    by_name = {n["name"]: n for n in nodes}
    structure = graph_structure(by_name)
    doc = {"version": VERSION, "nodes": nodes, "highlight": names, "structure": structure}
    if run_metadata is not None:
        doc["trace"] = trace_document(by_name, structure, _step_stats_list(run_metadata))
    if problem is not None and problem[0].name in by_name:
        doc["problem"] = problem_document(*problem)
    return doc


def graph_bundle(graph=None, highlight=None, session=None, run_metadata=None, problem=None):
    """The MIME bundle: the JSON for the extension, a static SVG and a text summary."""
    from ..framework.graph import get_default_graph
    from .cell_summary import GraphSummary
    graph = graph or get_default_graph()
    doc = graph_document(graph, highlight, session, run_metadata, problem)
    # text/plain: the node table, for terminals and front ends without HTML.
    text = repr(GraphSummary(graph, doc["highlight"] if highlight is not None else None))
    if "trace" in doc:
        text += "\n" + trace_summary(doc["trace"])
    if "problem" in doc:
        text += f"\nThe run failed at '{doc['problem']['node']}': {doc['problem']['message']}"
    bundle = {MIME_TYPE: doc, "text/plain": text}
    bundle["text/html"] = graph_html(doc)
    return bundle


def show_graph(graph=None, highlight=None, session=None, run_metadata=None, problem=None):
    """Display `graph` inline: the interactive view in JupyterLab, a static picture elsewhere; with
    the run_metadata of traced runs, coloured by where their time went.

    >>> tf.show_graph(highlight=[mse.op.name])
    >>> tf.show_graph(run_metadata=md)
    """
    from IPython.display import display
    display(graph_bundle(graph, highlight, session, run_metadata, problem), raw=True)
