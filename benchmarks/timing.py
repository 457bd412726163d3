"""Wall-clock timing primitives: warm-up, loop sizing, one timed sample.

Example:
    calls = calls_for(lambda: sess.run(f), min_sample_seconds=0.2)
    per_call = time_sample(lambda: sess.run(f), calls)

The suite takes the best of several samples: on a shared 2-core machine noise only
ever makes a run slower, so the fastest sample is the closest to what the code costs.
"""

from __future__ import annotations

import gc
import math
import time
from typing import Callable


def _loop_seconds(fn: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return time.perf_counter() - start


def warm_up(fn: Callable[[], object], calls: int) -> None:
    """Pay first-run costs (plan building, caches, allocator growth) outside the samples."""
    for _ in range(calls):
        fn()


def calls_for(fn: Callable[[], object], min_sample_seconds: float) -> int:
    """How many calls of `fn` make one sample last at least `min_sample_seconds`.

    Example:
        calls_for(lambda: sum(range(100)), 0.05)  # some thousands

    The sizing loops warm up too.
    """
    calls = 1
    while True:
        elapsed = _loop_seconds(fn, calls)
        if elapsed >= min_sample_seconds:
            return calls
        # Jump towards the target when the estimate is trustworthy, but never more
        # than 100x at once: a first call can be unusually fast.
        guess = math.ceil(calls * 1.2 * min_sample_seconds / max(elapsed, 1e-9))
        calls = min(max(guess, calls * 2), calls * 100)


def time_sample(fn: Callable[[], object], calls: int) -> float:
    """Seconds per call over one loop of `calls` calls.

    Example:
        time_sample(lambda: x @ x, 1000)

    The garbage collector stays on (graph building pays for it in real use too) but
    is emptied first, so one sample does not pay for the garbage of the one before.
    """
    gc.collect()
    return _loop_seconds(fn, calls) / calls
