"""Turn benchmark outcomes into the printed table and the JSON record.

Example:
    print(format_table(workloads, implementations, outcomes))
    json.dump(to_json(workloads, implementations, outcomes, settings, env), file)

Ratios are "this implementation's time divided by jupyter_flow's (or NumPy's)":
2.0x means it takes twice as long; below 1 means it is faster. "spread" is how far the
median sample lies above the best one (the reported time): large means a noisy run.
"""

from __future__ import annotations

import dataclasses
import datetime
import statistics

from implementations import LABELS

REFERENCE_NAMES = ("jupyter_flow", "numpy")


def _ratio(seconds, base) -> str:
    if seconds is None or base is None:
        return "-"
    ratio = seconds / base
    return f"{ratio:.0f}x" if ratio >= 100 else f"{ratio:.1f}x" if ratio >= 10 else f"{ratio:.2f}x"


def _spread(outcome) -> str:
    """How far the median sample lies above the best: a large spread means a noisy machine."""
    if outcome.status != "ok" or not outcome.samples:
        return "-"
    return f"+{100 * (statistics.median(outcome.samples) / outcome.seconds - 1):.0f}%"


def _time_cell(workload, outcome) -> str:
    if outcome.status == "ok":
        return workload.format_seconds(outcome.seconds)
    if outcome.status.startswith(("failed", "import failed")):
        return outcome.status.split(":")[0] + " (see Problems)"
    return outcome.status if len(outcome.status) <= 40 else outcome.status[:37] + "..."


def _by_key(outcomes):
    return {(o.workload, o.implementation): o for o in outcomes}


def _seconds(index, workload_key, impl_name):
    outcome = index.get((workload_key, impl_name))
    return outcome.seconds if outcome is not None and outcome.status == "ok" else None


def format_table(workloads, implementations, outcomes) -> str:
    index = _by_key(outcomes)
    header = ["workload", "implementation", "time", "spread", "x jupyter_flow", "x NumPy", "check", "issue anchor"]
    rows = []
    for workload in workloads:
        base = {name: _seconds(index, workload.key, name) for name in REFERENCE_NAMES}
        for impl in implementations:
            outcome = index.get((workload.key, impl.name))
            if outcome is None:
                continue
            anchor = workload.anchors.get(impl.name)
            rows.append([
                workload.name,
                impl.label,
                _time_cell(workload, outcome),
                _spread(outcome),
                _ratio(outcome.seconds, base["jupyter_flow"]),
                _ratio(outcome.seconds, base["numpy"]),
                outcome.check_status,
                workload.format_seconds(anchor) if anchor is not None else "-",
            ])
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    previous = None
    for row in rows:
        shown = list(row)
        if row[0] == previous:
            shown[0] = ""  # print each workload's name once
        previous = row[0]
        lines.append("  ".join(str(cell).ljust(width) for cell, width in zip(shown, widths)).rstrip())
    return "\n".join(lines)


def format_targets(workloads, outcomes) -> str:
    """One line per workload: the issue's target for jupyter_flow and whether it is met."""
    index = _by_key(outcomes)
    lines = ["Targets for jupyter_flow (from the issues):"]
    for workload in workloads:
        seconds = _seconds(index, workload.key, "jupyter_flow")
        met = workload.target_met(seconds, _seconds(index, workload.key, "numpy"))
        verdict = {True: "met", False: "MISSED", None: "not measured"}[met]
        measured = f" ({workload.format_seconds(seconds)})" if seconds is not None else ""
        lines.append(f"  {workload.name} ({workload.title}): {workload.target} -> {verdict}{measured}")
    return "\n".join(lines)


def format_problems(outcomes, verbose: bool) -> str:
    """Failures and check mismatches, spelled out below the table (an import failure once)."""
    lines = []
    import_failures = {}
    for outcome in outcomes:
        if outcome.status.startswith("import failed"):
            import_failures[outcome.implementation] = outcome.status
        elif outcome.status.startswith("failed"):
            lines.append(f"  {outcome.workload} on {outcome.implementation}: {outcome.status}")
            if verbose and outcome.error:
                lines.extend("      " + line for line in outcome.error.rstrip().splitlines())
        if outcome.check_status == "MISMATCH":
            lines.append(
                f"  {outcome.workload} on {outcome.implementation}: check value {outcome.check} "
                f"differs from the NumPy reference {outcome.reference}"
            )
    lines[:0] = [f"  {name}: {status}" for name, status in import_failures.items()]
    return "Problems:\n" + "\n".join(lines) if lines else ""


def format_environment(implementations, environment, settings) -> str:
    lines = [f"Python {environment['python']}, {environment['cpu_count']} CPUs; "
             f"best of {settings.repeats} samples of >= {settings.min_sample_seconds:g} s each"]
    for impl in implementations:
        version = impl.version or ""
        extra = ", ".join(f"{key}={value}" for key, value in impl.details.items())
        lines.append(f"  {LABELS[impl.name]:<22} {impl.status if not impl.available else version}"
                     + (f"  ({extra})" if extra else ""))
    lines.append("  environment: " + ", ".join(f"{k}={v}" for k, v in environment["env"].items()))
    pools = environment["threadpools"]
    if isinstance(pools, str):
        lines.append(f"  thread pools: {pools}")
    else:
        for pool in pools:
            arch = f" kernel={pool['architecture']}" if pool.get("architecture") else ""
            lines.append(f"  thread pool: {pool['internal_api']} {pool['version'] or ''}{arch} "
                         f"threads={pool['num_threads']} ({pool['filepath']})")
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if environment["env"][name] != "(unset)":
            lines.append(f"  WARNING: {name} is set: OpenBLAS may run a slower kernel; see benchmarks/README.md")
    return "\n".join(lines)


def to_json(workloads, implementations, outcomes, settings, environment) -> dict:
    index = _by_key(outcomes)
    results = []
    for outcome in outcomes:
        workload = next(w for w in workloads if w.key == outcome.workload)
        record = dataclasses.asdict(outcome)
        record.pop("error")
        record["median_seconds"] = statistics.median(outcome.samples) if outcome.samples else None
        record["unit"] = workload.unit
        record["display"] = workload.format_seconds(outcome.seconds) if outcome.seconds is not None else None
        for name in REFERENCE_NAMES:
            base = _seconds(index, outcome.workload, name)
            ok = outcome.status == "ok" and base is not None
            record[f"ratio_to_{name}"] = outcome.seconds / base if ok else None
        results.append(record)
    return {
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "settings": dataclasses.asdict(settings),
        "environment": environment,
        "implementations": {
            impl.name: {"label": impl.label, "status": impl.status, "version": impl.version, **impl.details}
            for impl in implementations
        },
        "workloads": {
            w.key: {"issue": w.issue, "part": w.part, "title": w.title, "unit": w.unit, "target": w.target,
                    "anchors_seconds": w.anchors}
            for w in workloads
        },
        "results": results,
    }
