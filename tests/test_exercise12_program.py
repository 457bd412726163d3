"""The chapter's exercise 12 as a learner writes it (benchmarks/exercise12_learner.py: logistic
regression on moons, name scopes, a summary every epoch, Saver checkpoints, an interrupted run
resumed from its checkpoint, a random search) runs on jupyter_flow, gives the results of a float64
NumPy replay of the same batches, and leaves event files and checkpoints that read back.
"""
import glob
import os
import sys
from pathlib import Path

import numpy as np
import pytest

import jupyter_flow as tf

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import bench_exercise12  # noqa: E402

SMALL = bench_exercise12.Size(epochs=6, checkpoint_every=2, search_iterations=3)


@pytest.fixture(scope="module")
def program_run(tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp("exercise12"))
    return bench_exercise12.run_program(tf, SMALL, workdir)


def test_exercise12_gives_the_numpy_replays_losses_precision_and_recall(program_run):
    np.testing.assert_allclose(bench_exercise12.check_values(program_run), bench_exercise12.numpy_replay(SMALL),
                               rtol=1e-4)
    assert program_run["warnings"] == []


def test_exercise12_resumes_from_its_checkpoint_and_its_files_read_back(program_run):
    assert "Training was interrupted. Continuing at epoch 1" in program_run["transcript"]
    bench_exercise12.check_files(tf, program_run, SMALL)  # raises on any missing or wrong file


def test_the_file_check_notices_a_missing_summary(program_run, tmp_path):
    # The check must be able to fail: an event file cut after its graph loses the summaries.
    events = bench_exercise12.read_events(program_run["main_logdir"])
    assert sum(1 for e in events if e.summary.value) == 2 + 5  # epochs 0-1, then 1-5 after the resume
    (event_path,) = glob.glob(os.path.join(program_run["main_logdir"], "events.out.tfevents.*"))
    copy = tmp_path / "logdir"
    copy.mkdir()
    data = Path(event_path).read_bytes()
    from jupyter_flow.summary.tfrecord import iter_records_in_bytes
    records = list(iter_records_in_bytes(data))
    kept = sum(16 + len(r) for r in records[:2])  # file_version and graph; 16 bytes of framing each
    (copy / os.path.basename(event_path)).write_bytes(data[:kept])
    with pytest.raises(AssertionError, match="0 logistic_regression/train/log_loss summaries"):
        bench_exercise12.check_event_files(str(copy), 7, program_run["main_loss"])
