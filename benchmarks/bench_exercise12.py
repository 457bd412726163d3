"""Issue 13 section 4: the chapter's exercise 12 as a learner writes it, end to end.

Example:
    python benchmarks/bench_exercise12.py --impl jupyter_flow,tf1 --repeats 3
    python benchmarks/bench_exercise12.py --impl jupyter_flow,tf1 --repeats 3 --under-load
    python benchmarks/bench_exercise12.py --impl jupyter_flow,tf1 --repeats 1 --epochs 10001   # the book's size

One program text (`exercise12_learner.py`: logistic regression on moons, mini-batches, name scopes,
a summary every epoch, Saver checkpoints, a resume after an interruption, a random search over the
learning rate and the batch size) is executed cell by cell with `tf` bound to jupyter_flow or to
tensorflow.compat.v1. One timed call is the whole program, graph building and file writing included.

The training cell is interrupted once (KeyboardInterrupt, as Ctrl-C would, raised from the
learner's `random_batch` at a fixed batch) and run again, so the restore-from-checkpoint branch
runs too. Before timing, each implementation's run is checked: its final test losses, precision
and recall against a float64 NumPy replay of the same batches, its event files read back (records,
CRCs, the graph, one `log_loss` summary per logged epoch ending at the program's last loss) and
its checkpoints restored in a fresh graph (the restored theta gives the program's probabilities).
`--epochs` is the size knob: the book's program runs 10001 epochs (TF 1.x then needs tens of
minutes); the default keeps jupyter_flow to seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import io
import os
import shutil
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from workload import Prepared, Workload

PROGRAM_PATH = Path(__file__).with_name("exercise12_learner.py")
SUMMARY_TAG = "logistic_regression/train/log_loss"
THETA_NAME = "logistic_regression/model/theta"
LOG_LOSS_EPSILON = 1e-7  # tf.losses.log_loss's default


@dataclass(frozen=True)
class Size:
    """The program's size knobs (the book: 10001 epochs, a checkpoint every 500, 10 search trials)."""

    epochs: int = 51
    checkpoint_every: int = 5
    search_iterations: int = 10

    @property
    def interrupt_at_batch(self) -> int:
        """The main training's batch (counted from 1) at which the learner presses Ctrl-C:
        mid-epoch, some epochs after a checkpoint, about 40% of the way."""
        epoch = max(1, (self.epochs * 2) // 5)
        return epoch * 20 + 10  # 20 batches of 50 per epoch


def theta_start() -> np.ndarray:
    """The start weights both libraries get: uniform in [-1, 1), like the solution's tf.random_uniform."""
    return np.random.default_rng(42).uniform(-1.0, 1.0, size=(7, 1)).astype(np.float32)


def program_cells() -> list[tuple[str, object]]:
    """The learner's program as notebook cells: (title, compiled code), split at `# %%` lines.
    Each cell keeps its line numbers in the file, so a traceback points at the learner's line."""
    cells, title, start, lines = [], "header", 0, []
    for number, line in enumerate(PROGRAM_PATH.read_text(encoding="utf-8").splitlines(keepends=True)):
        if line.startswith("# %%"):
            cells.append((title, "\n" * start + "".join(lines)))
            title, start, lines = line[4:].strip(), number, []
        lines.append(line)
    cells.append((title, "\n" * start + "".join(lines)))
    return [(title, compile(text, str(PROGRAM_PATH), "exec")) for title, text in cells]


class _Interrupt:
    """Wraps the learner's random_batch so that call number `at` raises KeyboardInterrupt (Ctrl-C)."""

    def __init__(self, random_batch, at):
        self.random_batch, self.at, self.calls = random_batch, at, 0

    def __call__(self, *args):
        self.calls += 1
        if self.calls == self.at:
            raise KeyboardInterrupt(f"interrupted at batch {self.at}")
        return self.random_batch(*args)


def run_program(tf, size: Size, workdir: str) -> dict:
    """Execute the learner's cells with `tf` bound to `tf`; return the notebook's namespace.

    The training cell runs twice: interrupted once, then resumed from its checkpoint.
    The learner's output goes to namespace["transcript"], warnings to namespace["warnings"].
    """
    namespace = {"__name__": "exercise12", "tf": tf, "WORKDIR": workdir, "N_EPOCHS": size.epochs,
                 "CHECKPOINT_EVERY": size.checkpoint_every, "N_SEARCH_ITERATIONS": size.search_iterations,
                 "THETA_START": theta_start()}
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for title, code in program_cells():
            if title.startswith("training"):
                learner_random_batch = namespace["random_batch"]
                namespace["random_batch"] = _Interrupt(learner_random_batch, size.interrupt_at_batch)
                try:
                    exec(code, namespace)
                except KeyboardInterrupt:
                    pass
                else:
                    raise RuntimeError("the training cell was not interrupted: the sizes leave no batch to stop at")
                namespace["random_batch"] = learner_random_batch
            exec(code, namespace)
            if title.startswith("evaluation"):  # the search reuses these names
                namespace.update(main_loss=namespace["loss_val"], main_proba=namespace["y_proba_val"],
                                 main_logdir=namespace["logdir"], main_model_path=namespace["final_model_path"])
    namespace["transcript"] = out.getvalue()
    namespace["warnings"] = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
    return namespace


def check_values(namespace) -> list[float]:
    """What the program computed: main run's final test loss, precision, recall; each trial's loss."""
    values = [float(namespace["main_loss"]),
              float(namespace["precision"]), float(namespace["recall"])]
    return values + [float(result[3]) for result in namespace["search_results"]]


# ----- the NumPy replay (float64): the same batches from the same NumPy stream ----------------------
def _log_loss_and_gradient(theta, X, y):
    p = 1.0 / (1.0 + np.exp(-(X @ theta)))
    loss = np.mean(-y * np.log(p + LOG_LOSS_EPSILON) - (1 - y) * np.log(1 - p + LOG_LOSS_EPSILON))
    dloss_dp = (-y / (p + LOG_LOSS_EPSILON) + (1 - y) / (1 - p + LOG_LOSS_EPSILON)) / len(X)
    return loss, X.T @ (dloss_dp * p * (1 - p)), p


def numpy_replay(size: Size) -> list[float]:
    """The program's check values computed by hand in float64, replaying its random draws:
    the interrupted main run, its resume from the last checkpoint, then the search."""
    from scipy.stats import reciprocal
    from sklearn.datasets import make_moons
    from sklearn.metrics import precision_score, recall_score

    X_moons, y_moons = make_moons(1000, noise=0.1, random_state=42)
    X = np.c_[np.ones((1000, 1)), X_moons]
    X = np.c_[X, X[:, 1] ** 2, X[:, 2] ** 2, X[:, 1] ** 3, X[:, 2] ** 3]
    y = y_moons.reshape(-1, 1).astype(np.float64)
    X_train, X_test, y_train, y_test = X[:-200], X[-200:], y[:-200], y[-200:]
    rng = np.random.RandomState(42)  # reset_graph's np.random.seed(42)
    draws = {"calls": 0}

    def train_epoch(theta, batch_size, learning_rate, stop_at=None):
        for _ in range(int(np.ceil(1000 / batch_size))):
            draws["calls"] += 1
            if draws["calls"] == stop_at:
                return None
            idx = rng.randint(0, len(X_train), batch_size)
            theta = theta - learning_rate * _log_loss_and_gradient(theta, X_train[idx], y_train[idx])[1]
        return theta

    theta, saved, epoch = theta_start().astype(np.float64), None, 0
    while True:  # interrupted run: checkpoints every CHECKPOINT_EVERY epochs, until the Ctrl-C
        theta = train_epoch(theta, 50, 0.01, stop_at=size.interrupt_at_batch)
        if theta is None:
            break
        if epoch % size.checkpoint_every == 0:
            saved = (epoch + 1, theta)
        epoch += 1
    start_epoch, theta = saved
    for epoch in range(start_epoch, size.epochs):
        theta = train_epoch(theta, 50, 0.01)
    main_loss, _, p = _log_loss_and_gradient(theta, X_test, y_test)
    values = [main_loss, precision_score(y_test, p >= 0.5), recall_score(y_test, p >= 0.5)]
    for trial in range(size.search_iterations):
        batch_size = rng.randint(1, 100)
        learning_rate = reciprocal(0.0001, 0.1).rvs(random_state=trial)
        rng.seed(42)
        theta = theta_start().astype(np.float64)
        for _ in range(size.epochs):
            theta = train_epoch(theta, batch_size, learning_rate)
        values.append(_log_loss_and_gradient(theta, X_test, y_test)[0])
    return [float(v) for v in values]


# ----- reading back what the program wrote ------------------------------------------------------
def read_events(logdir: str) -> list:
    """Every Event in `logdir`'s event files, CRC-checked (TFRecord framing, TensorBoard's protos)."""
    from jupyter_flow.summary.protos import Event
    from jupyter_flow.summary.tfrecord import iter_records

    paths = sorted(glob.glob(os.path.join(logdir, "events.out.tfevents.*")))
    if not paths:
        raise AssertionError(f"no event file in {logdir}")
    events = []
    for path in paths:
        for record in iter_records(path):
            event = Event()
            event.ParseFromString(record)
            events.append(event)
    return events


def check_event_files(logdir: str, expected_scalars: int, last_loss: float) -> None:
    """The logdir holds a graph with the model's variable and one log_loss summary per logged epoch."""
    from jupyter_flow.summary.protos import GraphDef

    events = read_events(logdir)
    if not any(e.file_version.startswith("brain.Event:") for e in events):
        raise AssertionError(f"{logdir}: no file_version event")
    graphs = [e.graph_def for e in events if e.graph_def]
    if not graphs:
        raise AssertionError(f"{logdir}: no graph_def event")
    graph = GraphDef()
    graph.ParseFromString(graphs[0])
    if THETA_NAME not in {node.name for node in graph.node}:
        raise AssertionError(f"{logdir}: the graph has no node {THETA_NAME}")
    scalars = [(e.step, v.simple_value) for e in events for v in e.summary.value if v.tag == SUMMARY_TAG]
    if len(scalars) != expected_scalars:
        tags = sorted({v.tag for e in events for v in e.summary.value})
        raise AssertionError(f"{logdir}: {len(scalars)} {SUMMARY_TAG} summaries, expected {expected_scalars} "
                             f"(tags: {tags})")
    if not np.isclose(scalars[-1][1], last_loss, rtol=1e-6):
        raise AssertionError(f"{logdir}: last logged loss {scalars[-1][1]} is not the program's {last_loss}")


def restored_probabilities(tf, model_path: str, X: np.ndarray) -> np.ndarray:
    """sigmoid(X @ theta) with theta restored from `model_path` into a fresh graph (as another program would)."""
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(model_path + ".meta")
        with tf.Session() as sess:
            saver.restore(sess, model_path)
            theta = sess.run(THETA_NAME + ":0")
    return 1.0 / (1.0 + np.exp(-(X.astype(np.float64) @ theta)))


def check_files(tf, namespace: dict, size: Size) -> None:
    """Read back the event files and the checkpoints the program wrote; raise if anything is off."""
    resumed = size.interrupt_at_batch // 20 - 1  # the last finished epoch before the Ctrl-C
    last_checkpoint = resumed - resumed % size.checkpoint_every
    message = f"Training was interrupted. Continuing at epoch {last_checkpoint + 1}"
    if message not in namespace["transcript"]:
        raise AssertionError(f"the program did not resume from its checkpoint (expected {message!r})")
    # Epochs logged: 0 .. resumed before the interruption, then last_checkpoint + 1 .. the end.
    main_scalars = (resumed + 1) + (size.epochs - last_checkpoint - 1)
    check_event_files(namespace["main_logdir"], main_scalars, namespace["main_loss"])
    X_test = namespace["X_test_enhanced"]
    models = [(namespace["main_model_path"], namespace["main_proba"])]
    for _, _, _, loss, _, _, logdir, model_path, proba in namespace["search_results"]:
        check_event_files(logdir, size.epochs, loss)
        models.append((model_path, proba))
    for model_path, proba in models:
        restored = restored_probabilities(tf, model_path, X_test)
        if not np.allclose(restored, proba, rtol=1e-4, atol=1e-6):
            raise AssertionError(f"{model_path}: the restored theta does not give the program's probabilities")
    latest = tf.train.latest_checkpoint(namespace["WORKDIR"])
    if latest is None or os.path.normpath(latest) != os.path.normpath(models[-1][0]):
        raise AssertionError(f"latest_checkpoint is {latest}, expected the last saved model {models[-1][0]}")


def exercise12_runner(size: Size):
    def runner(impl) -> Prepared:
        tf = impl.tf
        workdirs = []

        def fresh_workdir():
            workdirs.append(tempfile.mkdtemp(prefix=f"exercise12-{impl.name}-"))
            return workdirs[-1]

        def cleanup():
            while workdirs:
                shutil.rmtree(workdirs.pop(), ignore_errors=True)

        try:
            namespace = run_program(tf, size, fresh_workdir())
            check_files(tf, namespace, size)
            check = check_values(namespace)
            if namespace["warnings"]:
                print(f"  {impl.name} warned: " + "; ".join(w[:160] for w in namespace["warnings"]),
                      file=sys.stderr)
        finally:
            cleanup()

        def step():
            try:
                run_program(tf, size, fresh_workdir())
            finally:
                cleanup()

        return Prepared(step, check=check, calls_per_sample=1, warmup_calls=0, close=cleanup)

    return runner


def make_workload(size: Size) -> Workload:
    return Workload(
        key="exercise12",
        family="exercise",
        issue=13,
        part="d",
        title=(f"chapter 9 exercise 12 end to end: {size.epochs} epochs, checkpoint every {size.checkpoint_every}, "
               f"interrupt + resume, {size.search_iterations}-trial search (book: 10001 / 500 / 10)"),
        unit="s",
        runners={"graph": exercise12_runner(size)},
        reference=lambda: numpy_replay(size),
        check_rtol=1e-3,
    )


WORKLOADS = [make_workload(Size())]


def main(argv=None) -> int:
    import run_all

    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--epochs", type=int, default=Size.epochs)
    parser.add_argument("--checkpoint-every", type=int, default=None,
                        help="default: about 10 checkpoints per run (the book: every 500 of 10001 epochs)")
    parser.add_argument("--search-iterations", type=int, default=Size.search_iterations)
    parser.add_argument("--under-load", action="store_true",
                        help="run beside a `while True: pass` process pinned to core 0 (bench_under_load.py's)")
    args, rest = parser.parse_known_args(argv)
    if args.epochs < 5:
        parser.error(f"--epochs must be at least 5 (the run is interrupted and resumed), got {args.epochs}")
    every = args.checkpoint_every or max(1, args.epochs // 10)
    size = Size(args.epochs, every, args.search_iterations)
    load = contextlib.nullcontext()
    if args.under_load:
        from bench_under_load import one_busy_core

        load = one_busy_core(0)
        print("under load: a busy loop pinned to core 0 for the whole run", file=sys.stderr)
    with load:
        return run_all.main(rest, workloads=[make_workload(size)])


if __name__ == "__main__":
    raise SystemExit(main())
