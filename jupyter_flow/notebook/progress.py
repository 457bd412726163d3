"""`progress(iterable)`: a progress bar for training loops, tqdm's notebook bar in Jupyter and text elsewhere.

tqdm already does what a training loop needs — steps done, steps per second, time left, and a bounded
refresh rate (it redraws at most every `mininterval` seconds, so a tight loop is not slowed down) — and its
notebook bar is an ipywidget that updates in place while the cell runs.
"""

import numbers

from tqdm.auto import tqdm


def progress(iterable, total=None, **tqdm_options):
    """Yields the items of `iterable` while showing a progress bar; an integer n means range(n).

    >>> for epoch in progress(n_epochs):
    ...     sess.run(training_op)
    """
    if isinstance(iterable, numbers.Integral) and not isinstance(iterable, bool):
        if iterable < 0:
            raise ValueError(f"progress(n) needs a non-negative number of steps, got {iterable}")
        iterable = range(iterable)
    elif not hasattr(iterable, "__iter__"):
        raise TypeError(f"progress() needs an iterable or a number of steps, got {type(iterable).__name__}")
    return tqdm(iterable, total=total, **tqdm_options)
