"""Traces of the next runs, for the notebook: the engine captures the next N Session.runs of any
session (src_cpp/run_trace.h, TraceCapture) while %%graph --trace or %flow_profile waits for them,
and this turns what it captured into TF1 RunMetadata (client/step_stats.py) and a profile table.

    run_capture.start(1)                 # the next run is traced
    ...                                  # sess.run(...)
    [md] = run_capture.take(graph)       # its RunMetadata; tf.show_graph(run_metadata=md)
"""
from .. import _engine
from ..client.run_profile import RunProfile
from ..client.step_stats import DEVICE, fill_step_stats
from ..framework.graph import GraphKeys
from ..summary.run_metadata_protos import RunMetadata


def start(runs):
    """Capture the next `runs` runs (-1: all until stop())."""
    _engine.capture_traces(runs)


def stop():
    _engine.capture_traces(0)


def take(graph):
    """The RunMetadata of each run captured since start(), oldest first (the capture goes on)."""
    out = []
    for trace in _engine.take_captured_traces():
        md = RunMetadata()
        fill_step_stats(md.step_stats, trace, graph)
        out.append(md)
    return out


def profile_report(run_metadata_list, wall_seconds):
    """The %flow_profile text: a header with the run count and times, then the op-type table."""
    if not run_metadata_list:
        return "No Session.run happened, so there is nothing to profile."
    profile = RunProfile.from_step_stats([md.step_stats for md in run_metadata_list])
    runs = profile.runs
    kernels_ms = profile.total_nanos / 1e6
    title = (f"Profile of {runs} run{'s' if runs != 1 else ''}: {kernels_ms:.3f} ms in kernels "
             f"({kernels_ms / runs:.3f} ms per run), {wall_seconds * 1e3:.1f} ms wall time including Python "
             f"and tracing")
    return profile.table(title)


def _initialization_ops(graph):
    """Names of the ops that initialize variables: each initializer and what it computes from,
    and the groups (tf.global_variables_initializer()'s NoOp) made only of them."""
    found, stack = set(), []
    for key in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES):
        stack += [v.initializer for v in graph.get_collection(key)]
    while stack:
        op = stack.pop()
        if op.name in found:
            continue
        found.add(op.name)
        stack += [t.op for t in op.inputs] + list(op.control_inputs)
    for op in graph.get_operations():
        if op.type == "NoOp" and op.control_inputs and all(c.name in found for c in op.control_inputs):
            found.add(op.name)
    return found


def first_model_run(run_metadata_list, graph):
    """The first captured run that is not only variable initialization (init.run() is rarely the
    run a learner wants to see traced), or None."""
    init = None
    for md in run_metadata_list:
        computed = {s.node_name for d in md.step_stats.dev_stats if d.device == DEVICE for s in d.node_stats}
        if init is None:
            init = _initialization_ops(graph)
        if computed and not computed <= init:
            return md
    return None
