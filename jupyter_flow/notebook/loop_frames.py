"""The loop-frame rule of the graph view: a tf.while_loop is one While op plus its body, all under
the loop's name scope (`rnn/while/...`), so the scope box that holds the While op is the loop's
frame. It is marked as such — `loop` names the While op, and the label says "loop" — so that both
drawings show the frame as one collapsible box a reader recognises as a loop, not a plain scope.

    mark_loop_frames(structure["groups"], nodes)
"""
LOOP_OP_TYPES = frozenset({"While", "StatelessWhile"})


def mark_loop_frames(groups, nodes):
    """Marks, in place, each scope group whose own ops include a While op."""
    for group in groups:
        if group["kind"] != "scope":
            continue
        loops = [c[3:] for c in group["children"] if c.startswith("op:") and nodes[c[3:]]["op"] in LOOP_OP_TYPES]
        if len(loops) == 1:
            group["loop"] = loops[0]
            group["label"] = f"{group['label']} (loop)"
