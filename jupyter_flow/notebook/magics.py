"""The IPython side of the extension: %%graph, %graph_reset, %flow_autoreset, %show_graph,
and the pre/post_run_cell hooks that tell which cell is running.

Imported only when the extension loads, so `import jupyter_flow` never needs IPython.
"""
import re

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, line_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

from ..framework.graph import Operation, get_default_graph, reset_default_graph
from . import run_capture
from .cell_marks import CellMarks
from .cells import CellRef, CellTracker
from .kernel_session import KernelSession

_GRAPH_CELL = re.compile(r"^\s*%%graph(\s|$)")


def show_graph(graph=None, highlight=None, run_metadata=None):
    """Show `graph` (default: the default graph) inline, with the ops named in `highlight` emphasized
    (and coloured by the time of traced runs, given their run_metadata).

    >>> show_graph(highlight=["loss/mse"])
    """
    from .graph_view import show_graph as view
    return view(graph=graph, highlight=highlight, run_metadata=run_metadata)



def _leading_blank_lines(source):
    """IPython drops a cell's leading blank lines before compiling it; line numbers in its code
    count from the first non-blank line."""
    count = 0
    for line in source.splitlines():
        if line.strip():
            break
        count += 1
    return count

@magics_class
class GraphMagics(Magics):
    """Magics for building graphs cell by cell; holds the kernel session and the CellTracker."""

    def __init__(self, shell):
        super().__init__(shell)
        self.session = KernelSession()
        self._tracker = CellTracker(get_default_graph())
        self.autoreset = False
        self._cell_info = None  # IPython's ExecutionInfo of the cell running now
        self._cell_count = None  # its execution count (the In [n] the front end shows)
        self._body_depth = 0  # >0 while a %%graph body runs (its nested run_cell events are ours)
        self._auto_run = None  # the CellTracker run %flow_autoreset began for this cell
        self._marks = CellMarks()  # stale / re-linked badges in JupyterLab
        self._trace_pending = None  # (graph, highlight) of a %%graph --trace cell that made no run

    # ----- lifetime --------------------------------------------------------------------------
    def close(self):
        run, self._auto_run = self._auto_run, None
        if run is not None:  # unloaded by the cell being tracked: keep what it built, stop tagging
            run.tracker.commit(run)
        self._marks.close()
        self.session.close()

    @property
    def tracker(self):
        """The CellTracker of the current default graph (a reset starts a new one)."""
        graph = get_default_graph()
        if self._tracker.graph is not graph:
            self._tracker = CellTracker(graph)
        return self._tracker

    # ----- which cell is running -------------------------------------------------------------
    def pre_run_cell(self, info):
        if self._body_depth:
            return
        self._cell_info = info
        count = self.shell.execution_count
        self._cell_count = count - 1 if info.store_history else count
        self._auto_run = None
        if self.autoreset and not _GRAPH_CELL.match(info.raw_cell or ""):
            self._auto_run = self.tracker.begin(self.cell_ref(None, _leading_blank_lines(info.raw_cell or "")),
                                                  namespace=self.shell.user_ns)

    def post_run_cell(self, result):
        if self._body_depth:
            return
        run, self._auto_run = self._auto_run, None
        if run is not None:
            error = None if result is None else (result.error_before_exec or result.error_in_exec)
            _settle(run, error)
        self._marks.after_cell(self.tracker, getattr(self._cell_info, "cell_id", None))
        if self._trace_pending is not None:
            self._show_pending_trace()

    def _show_pending_trace(self):
        """%%graph --trace whose cell made no run of its model: the cell that makes the next one
        shows the traced view."""
        graph, highlight = self._trace_pending
        traced = run_capture.first_model_run(run_capture.take(graph), graph)
        if traced is not None:
            self._trace_pending = None
            run_capture.stop()
            if graph is get_default_graph():
                show_graph(graph, highlight=[n for n in highlight if _has_op(graph, n)], run_metadata=traced)

    def cell_ref(self, name, line_offset=0):
        """The cell running now: NAME if given, else the front end's cell id, else In[n]."""
        count = self._cell_count if self._cell_count is not None else self.shell.execution_count
        cell_id = getattr(self._cell_info, "cell_id", None)
        if name:
            return CellRef(name, f"'{name}'", cell_id, line_offset)
        if cell_id:
            return CellRef(cell_id, f"In [{count}]", cell_id, line_offset)
        return CellRef(f"In[{count}]", f"In [{count}]", None, line_offset)

    # ----- magics ----------------------------------------------------------------------------
    @magic_arguments()
    @argument("name", nargs="?", help="a name for this cell (default: the notebook's cell id)")
    @argument("--no-show", action="store_true", help="do not show the graph at the end")
    @argument("--fresh", action="store_true", help="drop the values of this cell's variables")
    @argument("--trace", action="store_true", help="trace the model's next run (in this cell or after it; not "
                                                     "variable initialization) and colour the graph by its time")
    @cell_magic
    def graph(self, line, cell):
        """Run the cell, replacing the nodes its previous run made (names stay the same, later
        cells' nodes are re-linked), then show the graph with this cell's nodes highlighted.
        With --trace, the next Session.run of the model (in this cell, or else in the next cell that
        runs it; runs that only initialize variables do not count) is traced and the graph coloured
        by where its time went.

        %%graph [NAME] [--no-show] [--fresh] [--trace]
        """
        args = parse_argstring(self.graph, line)
        if self._trace_pending is not None:  # an earlier --trace cell still waiting: this cell replaces it
            self._trace_pending = None
            run_capture.stop()
        if args.trace:
            run_capture.start(-1)
        ref = self.cell_ref(args.name, line_offset=1 + _leading_blank_lines(cell))  # the %%graph line
        run = self.tracker.begin(ref, fresh=args.fresh, namespace=self.shell.user_ns)
        outer = self.shell.displayhook.exec_result  # the ExecutionResult of this cell
        self._body_depth += 1
        try:
            result = self.shell.run_cell(cell, store_history=False)
        except BaseException:
            run.tracker.rollback(run)
            raise
        finally:
            self._body_depth -= 1
            self.shell.displayhook.exec_result = outer
        error = result.error_before_exec or result.error_in_exec
        new_ops = _settle(run, error)
        traced = run_capture.first_model_run(run_capture.take(run.graph), run.graph) if args.trace else None
        if error is not None:
            if args.trace:
                run_capture.stop()
            if outer is not None:
                outer.error_in_exec = error  # the kernel replies "error", as for a plain cell
            return None
        highlight = [op.name for op in new_ops]
        if args.trace and traced is None:
            self._trace_pending = (run.graph, highlight)  # the capture goes on until the model runs
        elif args.trace:
            run_capture.stop()
        if not args.no_show or traced is not None:
            show_graph(run.graph, highlight=highlight, run_metadata=traced)
        return None

    @line_magic
    def graph_reset(self, line):
        """Reset the default graph and the kernel session (variable values are lost).

        %graph_reset
        """
        if line.strip():
            raise UsageError("%graph_reset takes no arguments")
        reset_default_graph()  # the kernel session follows the new default graph
        if self.session._closed:
            self.session = KernelSession()
        self._tracker = CellTracker(get_default_graph())
        print("The default graph and the kernel session are reset.")

    @line_magic
    def flow_autoreset(self, line):
        """Extend the automatic reset of re-run cells to every cell, not only %%graph cells.

        %flow_autoreset on|off
        """
        arg = line.strip().lower()
        if arg in ("on", "off"):
            self.autoreset = arg == "on"
        elif arg:
            raise UsageError(f"%flow_autoreset takes 'on' or 'off', not {line.strip()!r}")
        print(f"Automatic reset of re-run cells is {'on' if self.autoreset else 'off'} "
              f"({'every cell' if self.autoreset else 'only %%graph cells'}).")

    @line_magic("show_graph")
    def show_graph_magic(self, line):
        """Show the default graph; with TENSOR, highlight the nodes that compute it.

        %show_graph [TENSOR]   (a variable name in the notebook, or a node/tensor name)
        """
        graph = get_default_graph()
        target = line.strip()
        highlight = None
        if target:
            element = _resolve(graph, target, self.shell.user_ns)
            highlight = [op.name for op in _ancestors(element)]
        show_graph(graph, highlight=highlight)


def _has_op(graph, name):
    try:
        graph.get_operation_by_name(name)
    except KeyError:
        return False
    return True


def _settle(run, error):
    """Keep the cell's nodes, or undo them if it raised. An interrupt (the stop button) keeps
    them: it stops a long run, it does not mean the graph was wrong."""
    if error is not None and not isinstance(error, KeyboardInterrupt):
        run.tracker.rollback(run)
        return []
    return run.tracker.commit(run)


def _resolve(graph, target, namespace):
    obj = namespace.get(target, target) if target.isidentifier() else target
    try:
        element = graph.as_graph_element(obj)
    except (KeyError, ValueError, TypeError) as e:
        raise UsageError(f"%show_graph: {target!r} is neither a tensor, operation or variable of the default "
                         f"graph in the notebook's namespace, nor a node name in the graph ({e})") from None
    return element if isinstance(element, Operation) else element.op


def _ancestors(op):
    seen, stack, out = set(), [op], []
    while stack:
        o = stack.pop()
        if o in seen:
            continue
        seen.add(o)
        out.append(o)
        stack.extend(t.op for t in o.inputs)
        stack.extend(o.control_inputs)
    return out
