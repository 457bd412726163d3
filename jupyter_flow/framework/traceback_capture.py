"""Where an op was made: the Python stack at its creation, without jupyter_flow's own frames (as
TF1's `op.traceback`), and the line of the notebook cell (or script) that built it.

Capture is on the graph-building path, so it only keeps (code object, instruction offset) pairs
from a `sys._getframe` walk, stopping at the running module frame (the cell) whose outside it has
recorded already; line numbers, file names and source text are looked up when asked.

    op.traceback[-1]        # ('<ipython-input-3-...>', 7, '<module>', 'hidden2 = tf.layers.dense(...)')
    defining_line(op)       # DefiningLine(cell=<cell 'mlp'>, line=7, text='hidden2 = ...', ...)
"""
import linecache
import os
import sys
from dataclasses import dataclass

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_internal = {}  # co_filename -> bool, filled as files are met


def _is_internal(filename):
    flag = _internal.get(filename)
    if flag is None:
        flag = _internal[filename] = os.path.abspath(filename).startswith(_PACKAGE_DIR)
    return flag


# (a module-level frame seen running, the record of the frames outside it). The frames outside a
# running frame cannot change while it runs, so the ops a notebook cell (or script) creates share
# that part of their record instead of walking the kernel's ~25 frames each time. A module frame's
# locals are its module's globals, alive anyway; the one held here is replaced by the next one met.
_outer_of_module_frame = (None, ())


def capture_stack(_getframe=sys._getframe):
    """The stack of the op being created, innermost first, from create_op's caller out, as a
    tuple (code, lasti, code, lasti, ...) that may end with a shared tuple holding the rest: the
    cheapest record (no line numbers, no filtering) that `traceback_of` and `defining_line`
    can resolve later."""
    frame = _getframe(2)
    anchor, outer = _outer_of_module_frame
    pairs = []
    append = pairs.append
    module_at = -1  # where the innermost module frame is in `pairs` (noted as the walk passes it)
    while frame is not None:
        code = frame.f_code
        append(code)
        append(frame.f_lasti)
        if frame is anchor:
            append(outer)
            if module_at >= 0:  # module code run inside the anchor's (exec, import): anchor there
                _anchor_at(module_at, pairs, _getframe)
            return tuple(pairs)
        if module_at < 0 and code.co_name == "<module>":
            module_at = len(pairs) - 2
        frame = frame.f_back
    # The anchor is not running any more (the next cell): the innermost module frame takes its place.
    if module_at >= 0:
        _anchor_at(module_at, pairs, _getframe)
    return tuple(pairs)


def _anchor_at(i, pairs, _getframe):
    """Make the frame recorded at pairs[i] the anchor (capture_stack's caller's frame is pairs[0])."""
    global _outer_of_module_frame
    _outer_of_module_frame = (_getframe(3 + i // 2), tuple(pairs[i + 2:]))


def _code_and_lasti(stack):
    """(code, lasti) of each frame of a capture_stack record, innermost first."""
    while stack:
        n = len(stack)
        for i in range(0, n - 1, 2):
            yield stack[i], stack[i + 1]
        stack = stack[-1] if n % 2 else ()


def _line_of(code, lasti):
    for start, end, line in code.co_lines():
        if start <= lasti < end:
            return line if line is not None else code.co_firstlineno
    return code.co_firstlineno


def _user_frames(stack):
    """[(code, lineno)] outside jupyter_flow, innermost first."""
    return [(code, _line_of(code, lasti)) for code, lasti in _code_and_lasti(stack)
            if not _is_internal(code.co_filename)]


def traceback_of(stack):
    """TF1's op.traceback: [(filename, lineno, function name, source line), ...], outermost first."""
    frames = []
    for code, lineno in reversed(_user_frames(stack or ())):
        line = linecache.getline(code.co_filename, lineno).strip()
        frames.append((code.co_filename, lineno, code.co_name, line))
    return frames


@dataclass(frozen=True)
class DefiningLine:
    """The line that made an op: in a cell (`cell` set, `line` counted in the cell as the editor
    shows it) or in a file."""

    filename: str
    line: int
    text: str
    cell: object = None  # the op's CellRef, or None when no cell tracking named the cell
    in_cell: bool = False  # the line is in a notebook cell's code

    @property
    def place(self):
        """"cell 'mlp'", "a notebook cell" (untracked plain cells) or the file's name."""
        if self.cell is not None:
            return f"cell {self.cell}"
        return "a notebook cell" if self.in_cell else os.path.basename(self.filename)

    def __str__(self):
        return f"{self.place}, line {self.line}: {self.text}" if self.text else f"{self.place}, line {self.line}"


def _is_cell_source(filename):
    # IPython keeps each cell's code in linecache as a source with no file date.
    entry = linecache.cache.get(filename)
    return entry is not None and len(entry) == 4 and entry[1] is None


def defining_line(op):
    """The line of user code that created `op` (None when nothing was recorded).

    In a notebook this is the innermost frame in a cell's code (a helper defined in the cell
    counts, a library function does not); elsewhere, the innermost frame outside jupyter_flow.
    >>> str(defining_line(hidden2.op))
    "cell 'mlp', line 7: hidden2 = tf.layers.dense(hidden1, n_hidden2, name='hidden2')"
    """
    frames = _user_frames(getattr(op, "_stack", None) or ())
    if not frames:
        return None
    cell = getattr(op, "_cell", None)
    code, lineno = next(((c, n) for c, n in frames if _is_cell_source(c.co_filename)), frames[0])
    text = linecache.getline(code.co_filename, lineno).strip()
    in_cell = _is_cell_source(code.co_filename)
    if cell is not None and in_cell:
        lineno += getattr(cell, "line_offset", 0)
    else:
        cell = None
    return DefiningLine(code.co_filename, lineno, text, cell, in_cell)


def where_defined(op):
    """' (defined at cell 'mlp', line 7: ...)' for error messages, or '' when unknown."""
    line = defining_line(op)
    return f" (defined at {line})" if line is not None else ""
