"""Run every benchmark workload on every available implementation in one process.

Example:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/run_all.py --json results.json
    python benchmarks/run_all.py --impl jupyter_flow,numpy --workloads engine --repeats 3

One process, one run: the machine is shared, so only numbers taken side by side are
compared. See benchmarks/README.md for running fairly.
"""

from __future__ import annotations

import argparse
import json
import sys

import bench_data
import bench_debug
import bench_deep
import bench_engine
import bench_exercise12
import bench_fusion
import bench_graph_build
import bench_rnn
import bench_training
from implementations import IMPLEMENTATION_NAMES, environment_report, limit_threads, load_implementations
from report import format_environment, format_problems, format_table, format_targets, to_json
from workload import Settings, run_workload

ALL_WORKLOADS = (bench_engine.WORKLOADS + bench_training.WORKLOADS + bench_rnn.WORKLOADS + bench_deep.WORKLOADS
                 + bench_debug.WORKLOADS + bench_data.WORKLOADS + bench_graph_build.WORKLOADS + bench_fusion.WORKLOADS
                 + bench_exercise12.WORKLOADS)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def select_workloads(spec: str | None, available) -> list:
    """Pick workloads by key ("first_graph") or family ("engine", "training"), keeping suite order."""
    if not spec:
        return list(available)
    wanted = _split(spec)
    known = {w.key for w in available} | {w.family for w in available}
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise SystemExit(f"unknown workload(s) {unknown}; choose from: {', '.join(sorted(known))} (see --list)")
    return [w for w in available if w.key in wanted or w.family in wanted]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--impl", default=",".join(IMPLEMENTATION_NAMES),
                        help=f"comma-separated implementations (default: all of {','.join(IMPLEMENTATION_NAMES)})")
    parser.add_argument("--workloads", default=None,
                        help="comma-separated workload keys or families (engine, training); default: all")
    parser.add_argument("--repeats", type=int, default=5,
                        help="timed samples per cell; the best is reported (default 5)")
    parser.add_argument("--min-time", type=float, default=0.2,
                        help="seconds each sample lasts at least, by looping the workload (default 0.2)")
    parser.add_argument("--threads", type=int, default=None,
                        help="cap BLAS/OpenMP pools, torch and TF sessions to N threads (default: libraries' own)")
    parser.add_argument("--json", metavar="PATH", default=None, help="also write all numbers as JSON ('-' for stdout)")
    parser.add_argument("--list", action="store_true", help="list the workloads and exit")
    parser.add_argument("--verbose", action="store_true", help="print tracebacks of failed cells")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error(f"--repeats must be at least 1, got {args.repeats}")
    if args.min_time <= 0:
        parser.error(f"--min-time must be positive, got {args.min_time}")
    if args.threads is not None and args.threads < 1:
        parser.error(f"--threads must be at least 1, got {args.threads}")
    return args


def main(argv=None, workloads=None) -> int:
    """Run the suite (or the given workloads); return 1 if any cell failed or mismatched."""
    available = workloads if workloads is not None else ALL_WORKLOADS
    args = parse_args(argv)
    if args.list:
        for w in available:
            print(f"{w.key:<18} {w.family:<9} issue {w.issue}{w.part}: {w.title} (target {w.target})")
        return 0
    chosen = select_workloads(args.workloads, available)
    settings = Settings(repeats=args.repeats, min_sample_seconds=args.min_time)
    try:
        implementations = load_implementations(_split(args.impl), threads=args.threads)
    except ValueError as error:
        raise SystemExit(f"--impl: {error}") from None
    if args.threads is not None:
        limit_threads(args.threads)
    environment = environment_report()  # after the imports, so every loaded BLAS shows
    # With --json - the JSON owns stdout; the human-readable report moves to stderr.
    out = sys.stderr if args.json == "-" else sys.stdout
    print(format_environment(implementations, environment, settings), file=out, flush=True)

    outcomes = []
    for workload in chosen:
        outcomes.extend(run_workload(workload, implementations, settings))

    print("", format_table(chosen, implementations, outcomes), "", format_targets(chosen, outcomes),
          sep="\n", file=out)
    problems = format_problems(outcomes, args.verbose)
    if problems:
        print("", problems, sep="\n", file=out)
    if args.json:
        record = to_json(chosen, implementations, outcomes, settings, environment)
        if args.json == "-":
            json.dump(record, sys.stdout, indent=2)
            print()
        else:
            with open(args.json, "w", encoding="utf-8") as file:
                json.dump(record, file, indent=2)
            print(f"\nwrote {args.json}", file=out)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
