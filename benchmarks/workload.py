"""What a benchmark workload is, and how it is run on several implementations side by side.

Example:
    outcomes = run_workload(FIRST_GRAPH, [tf1_impl, numpy_impl], Settings(repeats=3))
    print([(o.implementation, o.status, o.seconds) for o in outcomes])

A workload has one runner per implementation kind (graph, torch, numpy); a kind
without a runner is reported as "n/a" (graph building has no NumPy analogue). A
runner sets its implementation up and hands back a `Prepared` step to time, plus a
`check` value computed by that same code and compared with the workload's NumPy
reference, so a fast but wrong implementation shows up.

Samples are interleaved (A, B, C, A, B, C, ...) so that a burst of load from another
process on this shared machine hits every implementation alike.
"""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from timing import calls_for, time_sample, warm_up

UNIT_SCALE = {"µs": 1e6, "ms": 1e3, "s": 1.0}


@dataclass
class Settings:
    repeats: int = 5
    min_sample_seconds: float = 0.2


@dataclass
class Prepared:
    """A ready-to-time step and what to do with it.

    `per_call_units` divides the per-call time (a build of 10,000 ops reports per op);
    `calls_per_sample` fixes the loop length instead of sizing it to the sample time.
    """

    step: Callable[[], object]
    check: object = None
    per_call_units: int = 1
    calls_per_sample: int | None = None
    warmup_calls: int = 3
    close: Callable[[], object] = lambda: None


@dataclass
class Workload:
    key: str
    family: str
    issue: int
    part: str  # the letter of the benchmark in the issue: "a", "b", "c"
    title: str
    unit: str
    runners: dict[str, Callable]  # implementation kind -> runner(impl) -> Prepared
    reference: Callable[[], object] | None = None
    check_rtol: float = 1e-3
    target_seconds: float | None = None  # issue's target for jupyter_flow: at most this long
    target_numpy_ratio: float | None = None  # ... or at most this many times NumPy's time
    anchors: dict[str, float] = field(default_factory=dict)  # implementation -> seconds, from the issue

    def __post_init__(self):
        if self.unit not in UNIT_SCALE:
            raise ValueError(f"workload {self.key}: unit {self.unit!r} is not one of {list(UNIT_SCALE)}")

    @property
    def name(self) -> str:
        """How the report names it: issue number, part letter and key, e.g. "2a first_graph"."""
        return f"{self.issue}{self.part} {self.key}"

    def format_seconds(self, seconds: float) -> str:
        value = seconds * UNIT_SCALE[self.unit]
        number = f"{value:.0f}" if value >= 100 else f"{value:.3g}"
        return f"{number} {self.unit}"

    @property
    def target(self) -> str:
        if self.target_seconds is not None:
            return f"< {self.format_seconds(self.target_seconds)}"
        if self.target_numpy_ratio is not None:
            return f"<= {self.target_numpy_ratio:g}x NumPy"
        return ""

    def target_met(self, seconds: float | None, numpy_seconds: float | None) -> bool | None:
        """Whether jupyter_flow's `seconds` meets the issue's target; None when unknown."""
        if seconds is None:
            return None
        if self.target_seconds is not None:
            return seconds < self.target_seconds
        if self.target_numpy_ratio is not None and numpy_seconds is not None:
            return seconds <= self.target_numpy_ratio * numpy_seconds
        return None


@dataclass
class Outcome:
    """One cell of the report: a workload on an implementation."""

    workload: str
    implementation: str
    status: str  # "ok", "not installed", "import failed: ...", "n/a", "failed: ..."
    seconds: float | None = None
    check_status: str = "-"  # "ok", "MISMATCH", or "-" when nothing was checked
    samples: list[float] = field(default_factory=list)
    calls_per_sample: int | None = None
    check: object = None
    reference: object = None
    error: str | None = None

    def fail(self, error: BaseException) -> None:
        self.status = f"failed: {type(error).__name__}: {error}".splitlines()[0][:200]
        self.error = traceback.format_exc()


def _as_floats(value) -> np.ndarray:
    return np.atleast_1d(np.asarray(value, dtype=np.float64)).ravel()


def check_matches(value, reference, rtol: float) -> bool:
    got, want = _as_floats(value), _as_floats(reference)
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=rtol, atol=rtol * 1e-3))


def _plain(value):
    """Make a check value JSON-friendly."""
    if value is None:
        return None
    floats = _as_floats(value)
    return float(floats[0]) if floats.size == 1 else [float(v) for v in floats]


def run_workload(workload: Workload, implementations, settings: Settings) -> list[Outcome]:
    """Time `workload` on every implementation, interleaving samples; never raises for a cell."""
    reference = workload.reference() if workload.reference is not None else None
    outcomes, prepared = [], {}
    for impl in implementations:
        outcome = Outcome(workload.key, impl.name, "ok", reference=_plain(reference))
        outcomes.append(outcome)
        runner = workload.runners.get(impl.kind)
        if not impl.available:
            outcome.status = impl.status
        elif runner is None:
            outcome.status = "n/a"
        else:
            try:
                prepared[impl.name] = _prepare(runner, impl, outcome, workload, reference, settings)
            except Exception as error:
                outcome.fail(error)
    by_name = {o.implementation: o for o in outcomes}
    try:
        for _ in range(settings.repeats):
            for name, ready in list(prepared.items()):
                try:
                    seconds = time_sample(ready.step, by_name[name].calls_per_sample)
                except Exception as error:
                    by_name[name].fail(error)
                    del prepared[name]
                    continue
                by_name[name].samples.append(seconds / ready.per_call_units)
    finally:
        for ready in prepared.values():
            ready.close()
    for outcome in outcomes:
        if outcome.status == "ok":
            outcome.seconds = min(outcome.samples)  # best of N
    return outcomes


def _prepare(runner, impl, outcome: Outcome, workload: Workload, reference, settings: Settings) -> Prepared:
    """Set up, check against the reference, warm up and size the loop for one implementation."""
    print(f"  preparing {workload.name} on {impl.label} ...", flush=True, file=sys.stderr)
    ready = runner(impl)
    try:
        outcome.check = _plain(ready.check)
        if reference is not None and ready.check is not None:
            matches = check_matches(ready.check, reference, workload.check_rtol)
            outcome.check_status = "ok" if matches else "MISMATCH"
        warm_up(ready.step, ready.warmup_calls)
        outcome.calls_per_sample = ready.calls_per_sample or calls_for(ready.step, settings.min_sample_seconds)
    except BaseException:
        ready.close()
        raise
    return ready

