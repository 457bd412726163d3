"""The debugging magics: `%flow_debug nan on|off` (the engine checks every float value of every run
and the first op producing NaN or Inf fails the run, highlighted in the graph view) and
`%flow_profile` (where the time of N training steps went, by op type, as TensorBoard's profiler
table). Traces of runs come from the engine's capture of the next runs (run_capture.py).

    %flow_debug nan on
    %flow_profile 100 sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
    %%flow_profile 50          (a cell whose training loop's first 50 runs are profiled)
"""
import re
import time

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, line_magic, magics_class

from .. import _engine
from ..framework import errors
from ..framework.graph import get_default_graph
from ..ops.numerics_ops import set_check_numerics
from . import run_capture

_NON_FINITE = re.compile(r"\b(NaN|Inf)\b")


def _numerics_failure(error):
    """The op at fault when `error` is a NaN/Inf found by a check, else None."""
    if not isinstance(error, errors.InvalidArgumentError) or getattr(error, "op", None) is None:
        return None
    return error.op if _NON_FINITE.search(str(error)) else None


@magics_class
class DebugMagics(Magics):
    """%flow_debug and %flow_profile, and the graph view shown when a checked run finds NaN/Inf."""

    def __init__(self, shell):
        super().__init__(shell)
        self._depth = 0  # nested run_cell calls (a %%graph body) report their cells' ends too

    def close(self):
        set_check_numerics(False)
        run_capture.stop()

    # ----- cell events -----------------------------------------------------------------------
    def pre_run_cell(self, info):
        self._depth += 1

    def post_run_cell(self, result):
        self._depth = max(0, self._depth - 1)
        if self._depth or result is None:
            return
        op = _numerics_failure(result.error_in_exec)
        graph = get_default_graph()
        if op is None or op.graph is not graph or not graph.contains(op):
            return
        from .graph_view import show_graph
        show_graph(graph, highlight=[op.name], problem=(op, result.error_in_exec))

    # ----- magics ----------------------------------------------------------------------------
    @line_magic
    def flow_debug(self, line):
        """Check every float value each run computes for NaN and Inf, in the engine: the first op
        that produces one fails the run with InvalidArgumentError naming it, its inputs' ranges and
        the cell line that made it, and the graph view below the error highlights it.

        %flow_debug nan on|off
        """
        words = line.split()
        if len(words) == 2 and words[0] == "nan" and words[1] in ("on", "off"):
            set_check_numerics(words[1] == "on")
        elif words and words != ["nan"]:
            raise UsageError(f"%flow_debug takes 'nan on' or 'nan off', not {line.strip()!r}")
        on = _engine.check_numerics()
        print(f"NaN/Inf checking of every run is {'on' if on else 'off'}"
              + (" (each run costs about one more pass over its float values)." if on else "."))

    @line_cell_magic
    def flow_profile(self, line, cell=None):
        """Profile training steps: every Session.run is traced and the time is summed by op type.

        %flow_profile N STATEMENT    runs STATEMENT (e.g. sess.run(train_op, feed_dict=...)) N times
        %%flow_profile [N]           runs the cell once, profiling its first N runs (all without N)
        """
        words = line.strip().split(None, 1)
        if cell is None:
            if len(words) < 2 or not words[0].isdigit() or int(words[0]) < 1:
                raise UsageError("usage: %flow_profile N STATEMENT, e.g. %flow_profile 100 sess.run(train_op, feed)")
            steps, code, repeat = int(words[0]), words[1], int(words[0])
        else:
            if len(words) > 1 or (words and (not words[0].isdigit() or int(words[0]) < 1)):
                raise UsageError(f"usage: %%flow_profile [N] (N: how many runs to profile), not {line.strip()!r}")
            steps, code, repeat = (int(words[0]) if words else -1), cell, 1
        graph = get_default_graph()
        compiled = compile(code, "<flow_profile>", "exec") if cell is None else None
        run_capture.start(steps)
        started = time.perf_counter()
        error = None
        try:
            if cell is None:
                for _ in range(repeat):
                    exec(compiled, self.shell.user_ns)  # the user's statement, as %timeit runs it
            else:
                outer = self.shell.displayhook.exec_result
                result = self.shell.run_cell(cell, store_history=False)
                self.shell.displayhook.exec_result = outer
                error = result.error_before_exec or result.error_in_exec
                if error is not None and outer is not None:
                    outer.error_in_exec = error  # the kernel replies "error", as for a plain cell
        finally:
            wall = time.perf_counter() - started
            traced = run_capture.take(graph)
            run_capture.stop()
        if error is None:
            print(run_capture.profile_report(traced, wall))
