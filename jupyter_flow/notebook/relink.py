"""Re-linking after a cell re-run: an op of another cell whose input was removed is pointed at
the new node of the same name when its shape rule gives compatible outputs with it; otherwise it
is marked stale, and running it raises an error naming the cell to re-run.
"""
from ..framework.traceback_capture import defining_line


def relink_dangling_inputs(change, ops):
    """Re-link (or mark stale), within the graph edit `change`, every op in `ops` that has an
    input no longer in the graph; returns the ops it re-linked.

    >>> relink_dangling_inputs(change, g.get_operations())   # after a cell's old nodes were removed
    """
    graph = change.graph
    relinked = []
    for op in ops:
        if not graph.contains(op):
            continue
        dangling = [i for i, t in enumerate(op.inputs) if not graph.contains(t.op)]
        dangling_controls = [c for c in op.control_inputs if not graph.contains(c)]
        if (dangling or dangling_controls) and _relink(change, op, dangling, dangling_controls):
            relinked.append(op)
    return relinked


def _relink(change, op, dangling, dangling_controls):
    inputs = list(op.inputs)
    problems = []
    for i in dangling:
        old = op.inputs[i]
        new_op = _live_op_named(change.graph, old.op.name)
        if new_op is None:
            problems.append(f"its input '{old.name}' no longer exists")
        elif old.value_index >= len(new_op.outputs):
            problems.append(f"the new '{new_op.name}' has no output {old.value_index}")
        else:
            inputs[i] = new_op.outputs[old.value_index]
    controls = {}
    for c in dangling_controls:
        new_op = _live_op_named(change.graph, c.name)
        if new_op is None:
            problems.append(f"its control input '{c.name}' no longer exists")
        else:
            controls[c] = new_op
    if not problems:
        problem = _shape_rule_problem(change, op, inputs, dangling)
        if problem:
            problems.append(problem)
    if problems:
        change.mark_stale(op, _stale_message(op, dangling, dangling_controls, problems))
        return False
    for i in dangling:
        change.replace_input(op, i, inputs[i])
    for old, new in controls.items():
        change.replace_control_input(op, old, new)
    change.clear_stale(op)
    return True


def _live_op_named(graph, name):
    try:
        return graph.get_operation_by_name(name)
    except KeyError:
        return None


def _shape_rule_problem(change, op, inputs, changed):
    """Why `op` cannot take `inputs` (None if it can): its shape rule must accept them and give
    outputs of the same dtypes and compatible shapes, since later ops were built on those."""
    try:
        specs = change.infer_outputs(op, inputs)
    except (ValueError, TypeError) as e:
        return f"its shape rule rejects the new inputs ({_describe_changes(op, inputs, changed)}): {e}"
    for t, (dtype, shape) in zip(op.outputs, specs):
        if dtype is not t.dtype or not shape.is_compatible_with(t.shape):
            return (f"with the new inputs ({_describe_changes(op, inputs, changed)}) its output '{t.name}' "
                    f"would be {dtype.name} {shape}, not {t.dtype.name} {t.shape} as later ops expect")
    return None


def _describe_changes(op, inputs, changed):
    parts = []
    for i in changed:
        old, new = op.inputs[i], inputs[i]
        parts.append(f"'{new.name}' is now {new.dtype.name} {new.shape}, was {old.dtype.name} {old.shape}")
    return "; ".join(parts)


def _stale_message(op, dangling, dangling_controls, problems):
    producers = []
    for old_op in [op.inputs[i].op for i in dangling] + list(dangling_controls):
        cell = old_op.cell
        label = f"cell {cell}" if cell is not None else "another cell"
        if label not in producers:
            producers.append(label)
    fix = (f"Re-run cell {op.cell} to rebuild it on the new nodes." if op.cell is not None
           else "Re-run the code that created it.")
    line = defining_line(op)
    made_by = f" (made by cell {op.cell})" if op.cell is not None else ""
    if line is not None and line.cell is not None:
        made_by = f" (made at {line})"
    return (f"Operation '{op.name}' ({op.type}){made_by} is stale: {' and '.join(producers)} was re-run "
            f"and {'; '.join(problems)}. {fix}")
