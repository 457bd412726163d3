"""`%flowboard [LOGDIR]`: TensorBoard's scalars tab in the notebook, watching a log directory live.

With no argument it watches `tf_logs`, the chapter's `root_logdir`. Running the magic again for the same
directory replaces the previous board (which stops watching), so re-running a cell does not pile up watchers.
"""

import os
import shlex

from .curves import TrainingCurves

DEFAULT_LOGDIR = "tf_logs"
_boards = {}  # absolute log directory -> the TrainingCurves currently watching it


def flowboard_magic(line):
    """Shows live learning curves of every run under LOGDIR; register as the `%flowboard` line magic.

    >>> %flowboard tf_logs
    >>> %flowboard              # same as %flowboard tf_logs
    """
    try:
        words = shlex.split(line)
    except ValueError as error:
        raise ValueError(f"%flowboard could not read its argument {line!r} ({error}); quote paths with spaces") from None
    if len(words) > 1 or (words and words[0].startswith("-")):
        raise ValueError(f"%flowboard takes one log directory, got {line!r}; usage: %flowboard [LOGDIR]")
    logdir = words[0] if words else DEFAULT_LOGDIR
    if os.path.exists(logdir) and not os.path.isdir(logdir):
        raise NotADirectoryError(f"%flowboard {logdir}: that is a file; give the directory FileWriter writes into")
    key = os.path.abspath(logdir)
    previous = _boards.pop(key, None)
    if previous is not None:
        previous.stop()
    _boards[key] = TrainingCurves(logdir)
