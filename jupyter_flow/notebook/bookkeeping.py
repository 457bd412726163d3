"""Which ops of a graph are bookkeeping rather than the model's data path: the graph view draws
top-level boxes made only of bookkeeping in its side area, and everything else in the main area.

Bookkeeping is: the initializer, savers and restores, the gradient subgraph (`gradients/...` at
any depth), an optimizer's update ops and everything in its name scope (`train/Adam/...`),
summaries; plus what only serves those: constants and variables read by bookkeeping alone (Adam's
beta powers, a global step) and ops computed from bookkeeping alone. How many edges a box has
never matters: the network's own scope may be wired to everything and stays in the main area.

    aside = bookkeeping_ops(nodes, consumers, scopes)
    "dnn/hidden1/MatMul" in aside, "train/Adam/update_hidden1/kernel/ApplyAdam" in aside   # False, True
"""

BOOKKEEPING_TOP_NAMES = frozenset({"init", "save", "restore_all", "report_uninitialized_variables"})
GRADIENT_SCOPE = "gradients"
SUMMARY_TYPES = frozenset({
    "ScalarSummary", "HistogramSummary", "ImageSummary", "AudioSummary", "TensorSummary",
    "TensorSummaryV2", "MergeSummary",
})
UPDATE_TYPE_PREFIXES = ("Apply", "ResourceApply", "SparseApply", "ResourceSparseApply")


def producers_of(node):
    """Names of the ops `node` reads, data inputs then control inputs."""
    return [t.rpartition(":")[0] for t in node.get("inputs", [])] + list(node.get("control_inputs", []))


def _base(component):
    from .graph_structure import split_indexed_name
    return split_indexed_name(component)[0]


def _optimizer_scope(name):
    """'train/Adam/update_hidden1/kernel/ApplyAdam' -> 'train/Adam' (TF1 names updates update_<var>)."""
    parts = name.split("/")
    for i, part in enumerate(parts):
        if part.startswith("update_") and i > 0:
            return "/".join(parts[:i])
    return "/".join(parts[:-1])


def _seeds(nodes):
    seeds = set()
    optimizer_scopes = set()
    for name, node in nodes.items():
        parts = name.split("/")
        if _base(parts[0]) in BOOKKEEPING_TOP_NAMES or any(_base(p) == GRADIENT_SCOPE for p in parts[:-1]):
            seeds.add(name)
        elif node["op"] in SUMMARY_TYPES:
            seeds.add(name)
        elif node["op"].startswith(UPDATE_TYPE_PREFIXES):
            seeds.add(name)
            scope = _optimizer_scope(name)
            if scope:
                optimizer_scopes.add(scope)
    for name in nodes:
        if any(name == s or name.startswith(s + "/") for s in optimizer_scopes):
            seeds.add(name)
    return seeds


def bookkeeping_ops(nodes, consumers, scopes):
    """The set of bookkeeping op names (see module docstring). `consumers` maps an op name to the
    ops reading it; `scopes` holds every scope path (a variable's scope groups its Assign/read)."""
    aside = _seeds(nodes)
    variable_groups = {}
    for name, node in nodes.items():
        if node["kind"] == "variable" and name in scopes:
            prefix = name + "/"
            variable_groups[name] = [name] + [n for n in nodes if n.startswith(prefix)]
    changed = True
    while changed:
        changed = False
        for name, node in nodes.items():
            if name in aside:
                continue
            inputs = producers_of(node)
            readers = consumers.get(name, ())
            if inputs and all(p in aside for p in inputs):
                aside.add(name)  # computed from bookkeeping only
                changed = True
            elif not inputs and node["kind"] == "constant" and readers and all(r in aside for r in readers):
                aside.add(name)  # a hyperparameter of the optimizer
                changed = True
        for variable, group in variable_groups.items():
            if variable in aside:
                continue
            members = set(group)
            readers = [r for op in group for r in consumers.get(op, ()) if r not in members]
            if readers and all(r in aside for r in readers):
                aside.update(group)  # optimizer state: beta powers, a global step
                changed = True
    return aside
