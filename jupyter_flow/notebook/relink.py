"""Re-linking after a cell re-run: an op of another cell whose input was removed is pointed at
the new node of the same name when its shape rule gives compatible outputs with it; otherwise it
is marked stale, and running it raises an error naming the cell to re-run.
"""
from ..framework.op_def import OP_DEFS
from ..framework.traceback_capture import defining_line


def relink_dangling_inputs(graph, ops):
    """Re-link (or mark stale) every op in `ops` that has an input no longer in the graph.

    >>> relink_dangling_inputs(g, g.get_operations())   # after a cell's old nodes were removed
    """
    live = graph._ops
    for op in ops:
        if live.get(op._id) is not op:
            continue
        dangling = [i for i, t in enumerate(op._inputs) if live.get(t._op._id) is not t._op]
        dangling_controls = [c for c in op._control_inputs if live.get(c._id) is not c]
        if dangling or dangling_controls:
            _relink(graph, op, dangling, dangling_controls)


def _relink(graph, op, dangling, dangling_controls):
    by_name = graph._ops_by_name
    inputs = list(op._inputs)
    problems = []
    for i in dangling:
        old = op._inputs[i]
        new_op = by_name.get(old._op._name)
        if new_op is None:
            problems.append(f"its input '{old.name}' no longer exists")
        elif old._value_index >= len(new_op._outputs):
            problems.append(f"the new '{new_op._name}' has no output {old._value_index}")
        else:
            inputs[i] = new_op._outputs[old._value_index]
    controls = {}
    for c in dangling_controls:
        new_op = by_name.get(c._name)
        if new_op is None:
            problems.append(f"its control input '{c._name}' no longer exists")
        else:
            controls[c] = new_op
    if not problems:
        problem = _shape_rule_problem(op, inputs, dangling)
        if problem:
            problems.append(problem)
    if problems:
        graph._stale_ops[op._id] = _stale_message(op, dangling, dangling_controls, problems)
        return
    for i in dangling:
        graph._replace_input(op, i, inputs[i])
    for old, new in controls.items():
        graph._replace_control_input(op, old, new)
    graph._stale_ops.pop(op._id, None)


def _shape_rule_problem(op, inputs, changed):
    """Why `op` cannot take `inputs` (None if it can): its shape rule must accept them and give
    outputs of the same dtypes and compatible shapes, since later ops were built on those."""
    try:
        specs = OP_DEFS[op._type].infer(inputs, op._attrs)
    except (ValueError, TypeError) as e:
        return f"its shape rule rejects the new inputs ({_describe_changes(op, inputs, changed)}): {e}"
    for t, (dtype, shape) in zip(op._outputs, specs):
        if dtype is not t._dtype or not shape.is_compatible_with(t._shape):
            return (f"with the new inputs ({_describe_changes(op, inputs, changed)}) its output '{t.name}' "
                    f"would be {dtype.name} {shape}, not {t._dtype.name} {t._shape} as later ops expect")
    return None


def _describe_changes(op, inputs, changed):
    parts = []
    for i in changed:
        old, new = op._inputs[i], inputs[i]
        parts.append(f"'{new.name}' is now {new._dtype.name} {new._shape}, was {old._dtype.name} {old._shape}")
    return "; ".join(parts)


def _stale_message(op, dangling, dangling_controls, problems):
    producers = []
    for old_op in [op._inputs[i]._op for i in dangling] + list(dangling_controls):
        cell = old_op._cell
        label = f"cell {cell}" if cell is not None else "another cell"
        if label not in producers:
            producers.append(label)
    fix = (f"Re-run cell {op._cell} to rebuild it on the new nodes." if op._cell is not None
           else "Re-run the code that created it.")
    line = defining_line(op)
    made_by = f" (made by cell {op._cell})" if op._cell is not None else ""
    if line is not None and line.cell is not None:
        made_by = f" (made at {line})"
    return (f"Operation '{op._name}' ({op._type}){made_by} is stale: {' and '.join(producers)} was re-run "
            f"and {'; '.join(problems)}. {fix}")
