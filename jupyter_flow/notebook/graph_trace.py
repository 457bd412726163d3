"""What a traced run did, for the graph view: the document's optional "trace" (and "problem")
fields, computed here once so that the JupyterLab view and the static SVG only colour boxes.

For every unit of the view structure (op units "op:<name>", scopes, series) the trace gives:
- state: "computed" (the run executed it), "folded" (its value came from the constant-folding cache:
  computed once, before), "input" (not computed, but the run read its value: a fed placeholder,
  a variable read by reference), or "not_needed" (the run's plan pruned it away; drawn faded).
  A group takes the strongest state among its ops (computed > folded > input > not_needed).
- micros, calls: self time summed over the node's executions (a scope or series sums its ops);
  share: of the run's total; heat in [0, 1]: share relative to the slowest op, for the colour.
The "top" list names the ten slowest nodes with their totals and per-call times.

    doc["trace"]["units"]["scope:dnn"]    # {'state': 'computed', 'micros': 412.0, 'calls': 6, ...}
    doc["trace"]["top"][0]["name"]        # 'dnn/hidden1/MatMul'
"""
from ..client.run_profile import RunProfile

TOP_COUNT = 10
_STATE_RANK = {"not_needed": 0, "input": 1, "folded": 2, "computed": 3}


def _node_states(nodes, profile):
    states = {}
    for name in nodes:
        if name in profile.nodes:
            states[name] = "computed"
        elif name in profile.folded:
            states[name] = "folded"
    # What the computed and folded nodes read without computing it came into the run from outside.
    for name, state in list(states.items()):
        for tensor in nodes[name].get("inputs", []):
            producer = tensor.rpartition(":")[0]
            if producer in nodes and producer not in states:
                states[producer] = "input"
    return {name: states.get(name, "not_needed") for name in nodes}


def _unit_ops(structure):
    groups = {g["id"]: g for g in structure["groups"]}
    memo = {}

    def ops_of(unit_id):
        if unit_id.startswith("op:"):
            return [unit_id[3:]]
        if unit_id not in memo:
            memo[unit_id] = [op for child in groups[unit_id]["children"] for op in ops_of(child)]
        return memo[unit_id]

    return {gid: ops_of(gid) for gid in groups}


def trace_document(nodes, structure, step_stats_list):
    """The "trace" field for checked `nodes` (by name) and their `structure`, from the StepStats of
    one or more traced runs (totals add up; "runs" says how many)."""
    profile = RunProfile.from_step_stats(step_stats_list)
    total = profile.total_nanos
    states = _node_states(nodes, profile)
    units = {}
    hottest = max([profile.nodes[n].nanos for n in nodes if n in profile.nodes] + [1])

    def entry(ops):
        totals = [profile.nodes[op] for op in ops if op in profile.nodes]
        nanos = sum(t.nanos for t in totals)
        state = max((states[op] for op in ops), key=_STATE_RANK.__getitem__, default="not_needed")
        return {"state": state, "micros": nanos / 1000, "calls": sum(t.calls for t in totals),
                "share": nanos / total if total else 0.0, "heat": min(1.0, nanos / hottest)}

    for name in nodes:
        units[f"op:{name}"] = entry([name])
    for group_id, ops in _unit_ops(structure).items():
        units[group_id] = entry(ops)
    top = [{"name": t.name, "op": t.op, "micros": t.nanos / 1000, "calls": t.calls,
            "per_call_micros": t.per_call_nanos / 1000, "share": t.nanos / total if total else 0.0}
           for t in profile.top(TOP_COUNT) if t.name in nodes]
    return {"runs": profile.runs, "total_micros": total / 1000, "units": units, "top": top}


def problem_document(op, error):
    """The "problem" field: the node a run failed at (a NaN/Inf found by the check) and why."""
    message = str(getattr(error, "message", None) or error).split("\n")[0]
    return {"node": op.name, "message": message}


def trace_summary(trace):
    """The top list as text, for text/plain and the static view."""
    if not trace["top"]:
        return "The traced run computed no node of this graph."
    runs = trace["runs"]
    lines = [f"Slowest nodes of {runs} traced run{'s' if runs != 1 else ''} "
             f"(total {trace['total_micros'] / 1000:.3f} ms in kernels):"]
    width = max(len(t["name"]) for t in trace["top"])
    for i, t in enumerate(trace["top"], 1):
        lines.append(f"{i:>2}. {t['name']:<{width}}  {t['op']:<14} {t['micros'] / 1000:>9.3f} ms  {t['share']:>6.1%}  "
                     f"{t['calls']} call{'s' if t['calls'] != 1 else ''}, {t['per_call_micros']:.1f} µs each")
    return "\n".join(lines)
