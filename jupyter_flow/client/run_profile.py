"""Where the time of traced runs went: per node and per op type, from StepStats (ours or TF1's).

Times are self times: a step that ran other steps inside it (a loop kernel running its body) is
charged only for what its body did not take, so summing nodes, scopes or op types never counts a
microsecond twice. Nesting is read from the intervals themselves (a step that starts and ends
inside another on the same thread ran inside it), which holds for any StepStats.

    profile = RunProfile.from_step_stats([md.step_stats])
    profile.by_op_type()[0]      # OpTypeTotal(op='MatMul', calls=40, nanos=812000, share=0.61)
    profile.top(10)              # the ten slowest nodes
"""
import re
from collections import defaultdict
from dataclasses import dataclass

from .step_stats import FOLDED_DEVICE

_LABEL = re.compile(r"(.*) = (.*)\((.*)\)")


@dataclass
class NodeTotal:
    name: str
    op: str
    calls: int = 0
    nanos: int = 0  # self time, summed over calls

    @property
    def per_call_nanos(self):
        return self.nanos / self.calls if self.calls else 0.0


@dataclass
class OpTypeTotal:
    op: str
    calls: int
    nanos: int
    share: float


def _op_type(stats):
    match = _LABEL.match(stats.timeline_label)
    return match.group(2) if match else "unknown"


def _interval(stats):
    if stats.all_start_nanos or stats.all_end_rel_nanos:
        return stats.all_start_nanos, stats.all_start_nanos + stats.all_end_rel_nanos
    start = stats.all_start_micros * 1000
    return start, start + stats.all_end_rel_micros * 1000


def _self_times(node_stats):
    """[(stats, self nanos)] for one device: a step's duration minus the steps nested directly in it."""
    by_thread = defaultdict(list)
    for s in node_stats:
        by_thread[s.thread_id].append(s)
    out = []
    for steps in by_thread.values():
        spans = sorted(((*_interval(s), i, s) for i, s in enumerate(steps)), key=lambda x: (x[0], -x[1], x[2]))
        inner = [0] * len(spans)
        open_ = []  # (end, position) of enclosing spans
        for pos, (start, end, _, _) in enumerate(spans):
            while open_ and open_[-1][0] < end:
                open_.pop()
            if open_:
                inner[open_[-1][1]] += end - start
            open_.append((end, pos))
        out += [(s, max(0, end - start - inner[pos])) for pos, (start, end, _, s) in enumerate(spans)]
    return out


class RunProfile:
    """Totals of one or more traced runs."""

    def __init__(self):
        self.nodes = {}  # name -> NodeTotal
        self.folded = set()  # nodes whose values came from the fold cache
        self.runs = 0

    @classmethod
    def from_step_stats(cls, step_stats_list):
        profile = cls()
        for step_stats in step_stats_list:
            profile.add(step_stats)
        return profile

    def add(self, step_stats):
        self.runs += 1
        for device in step_stats.dev_stats:
            if device.device == FOLDED_DEVICE:
                self.folded.update(s.node_name for s in device.node_stats)
                continue
            for stats, nanos in _self_times(device.node_stats):
                total = self.nodes.get(stats.node_name)
                if total is None:
                    total = self.nodes[stats.node_name] = NodeTotal(stats.node_name, _op_type(stats))
                total.calls += 1
                total.nanos += nanos

    @property
    def total_nanos(self):
        return sum(n.nanos for n in self.nodes.values())

    def top(self, n=10):
        """The n nodes that took the most time, slowest first."""
        return sorted(self.nodes.values(), key=lambda t: (-t.nanos, t.name))[:n]

    def by_op_type(self):
        """[OpTypeTotal] slowest op type first; share is of all nodes' time."""
        calls, nanos = defaultdict(int), defaultdict(int)
        for t in self.nodes.values():
            calls[t.op] += t.calls
            nanos[t.op] += t.nanos
        total = sum(nanos.values()) or 1
        rows = [OpTypeTotal(op, calls[op], nanos[op], nanos[op] / total) for op in nanos]
        return sorted(rows, key=lambda r: (-r.nanos, r.op))

    def table(self, title=None):
        """The op-type table as text: op type, calls, total ms, share (as TensorBoard's profiler)."""
        rows = self.by_op_type()
        width = max([len("op type")] + [len(r.op) for r in rows])
        lines = [title] if title else []
        lines.append(f"{'op type':<{width}}  {'calls':>7}  {'total ms':>10}  {'share':>6}")
        for r in rows:
            lines.append(f"{r.op:<{width}}  {r.calls:>7}  {r.nanos / 1e6:>10.3f}  {r.share:>6.1%}")
        lines.append(f"{'total':<{width}}  {sum(r.calls for r in rows):>7}  {self.total_nanos / 1e6:>10.3f}  "
                     f"{1 if rows else 0:>6.1%}")
        return "\n".join(lines)
