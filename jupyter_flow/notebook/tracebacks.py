"""Tracebacks that end at the learner's line: with the extension loaded, frames inside
jupyter_flow are left out of the tracebacks IPython shows, so an error reads as the cell that
made it and the message, not a screen of library internals.

Frames come back with `%xmode Verbose`, `%xmode --show` (IPython's switch for hidden frames) or
the environment variable JUPYTER_FLOW_SHOW_INTERNAL_FRAMES=1, for whoever debugs jupyter_flow
itself. Without the extension, IPython still hides the public entry points that set
`__tracebackhide__` (Session.run, Tensor.eval, ...).
"""
import os
import types

import jupyter_flow

PACKAGE_DIR = os.path.dirname(os.path.abspath(jupyter_flow.__file__)) + os.sep
SHOW_ENV = "JUPYTER_FLOW_SHOW_INTERNAL_FRAMES"


def is_internal(frame):
    return frame.f_code.co_filename.startswith(PACKAGE_DIR)


def without_internal_frames(tb):
    """`tb` without the entries of jupyter_flow's own frames (a new chain; `tb` is unchanged).
    If every entry is internal, the innermost one is kept so there is still a place to show.

    >>> clean = without_internal_frames(sys.exc_info()[2])
    """
    entries = []
    while tb is not None:
        entries.append(tb)
        tb = tb.tb_next
    kept = [e for e in entries if not is_internal(e.tb_frame)]
    if not kept and entries:
        kept = entries[-1:]
    chain = None
    for e in reversed(kept):
        chain = types.TracebackType(chain, e.tb_frame, e.tb_lasti, e.tb_lineno)
    return chain


def show_internal_frames(formatter):
    if os.environ.get(SHOW_ENV, "").strip() not in ("", "0"):
        return True
    return getattr(formatter, "mode", None) == "Verbose" or not getattr(formatter, "skip_hidden", True)


def _clean(exc, seen):
    """Filter the tracebacks of `exc` and of the exceptions chained to it (shown too)."""
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if exc.__traceback__ is not None:
            exc.__traceback__ = without_internal_frames(exc.__traceback__)
        _clean(exc.__cause__, seen)
        exc = exc.__context__


def install(shell):
    """Filter the tracebacks `shell` shows (idempotent); returns an undo function."""
    formatter = shell.InteractiveTB
    if getattr(formatter, "_jupyter_flow_undo", None) is not None:
        return formatter._jupyter_flow_undo
    original = formatter.structured_traceback

    def structured_traceback(etype, evalue, etb=None, tb_offset=None, *args, **kwargs):
        if not show_internal_frames(formatter) and isinstance(evalue, BaseException):
            tb_offset = formatter.tb_offset if tb_offset is None else tb_offset
            head = []
            tb = etb
            for _ in range(tb_offset or 0):  # IPython's own leading frames stay where they are
                if tb is None:
                    break
                head.append(tb)
                tb = tb.tb_next
            rest = without_internal_frames(tb) if tb is not None else None
            for e in reversed(head):
                rest = types.TracebackType(rest, e.tb_frame, e.tb_lasti, e.tb_lineno)
            etb = rest
            evalue.__traceback__ = etb
            _clean(evalue.__cause__, {id(evalue)})
            _clean(evalue.__context__, {id(evalue)})
        return original(etype, evalue, etb, tb_offset, *args, **kwargs)

    def undo():
        if formatter.__dict__.get("structured_traceback") is structured_traceback:
            del formatter.structured_traceback
        formatter._jupyter_flow_undo = None

    formatter.structured_traceback = structured_traceback
    formatter._jupyter_flow_undo = undo
    return undo
