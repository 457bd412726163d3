"""Our event files, read back by the real TensorBoard's EventAccumulator."""

import numpy as np
import pytest
from tensorboard.backend.event_processing import event_accumulator
from tensorboard.util import tensor_util

from jupyter_flow.summary import FileWriter
from jupyter_flow.summary.histogram_buckets import histogram_proto
from jupyter_flow.summary.summary_proto import histogram, merge, scalar, text


def accumulate(logdir):
    accumulator = event_accumulator.EventAccumulator(
        str(logdir), size_guidance=event_accumulator.STORE_EVERYTHING_SIZE_GUIDANCE
    )
    return accumulator.Reload()


@pytest.fixture
def training_run(tmp_path, linear_regression_graph):
    """A run logged like the chapter's: the graph, then MSE (and more) every 10 batches."""
    rng = np.random.default_rng(42)
    logged = []
    with FileWriter(tmp_path / "run-1", linear_regression_graph) as writer:
        for step in range(0, 100, 10):
            mse = 1.0 / (step + 1)
            weights = rng.normal(size=(3, 1)) * (step + 1)
            summary = merge([scalar("MSE", mse), histogram("theta", weights)])
            writer.add_summary(summary, step)
            logged.append((step, mse, weights))
        writer.add_summary(text("notes", "# Run 1\nlearning rate **0.01**"), 100)
    return tmp_path / "run-1", logged


def test_tensorboard_lists_our_tags(training_run):
    logdir, _ = training_run
    tags = accumulate(logdir).Tags()
    assert tags["scalars"] == ["MSE"]
    assert tags["histograms"] == ["theta"]
    assert tags["tensors"] == ["notes"]
    assert tags["graph"] is True


def test_tensorboard_reads_scalars_with_steps_and_wall_times(training_run):
    logdir, logged = training_run
    scalars = accumulate(logdir).Scalars("MSE")
    assert [s.step for s in scalars] == [step for step, _, _ in logged]
    assert [s.value for s in scalars] == [float(np.float32(mse)) for _, mse, _ in logged]
    wall_times = [s.wall_time for s in scalars]
    assert wall_times == sorted(wall_times) and wall_times[0] > 1.5e9


def test_tensorboard_reads_histograms_bucket_for_bucket(training_run):
    logdir, logged = training_run
    histograms = accumulate(logdir).Histograms("theta")
    assert [h.step for h in histograms] == [step for step, _, _ in logged]
    for event, (_, _, weights) in zip(histograms, logged):
        expected = histogram_proto(weights)
        value = event.histogram_value
        assert (value.min, value.max, value.num, value.sum, value.sum_squares) == (
            expected.min, expected.max, expected.num, expected.sum, expected.sum_squares)
        assert list(value.bucket_limit) == list(expected.bucket_limit)
        assert list(value.bucket) == list(expected.bucket)


def test_tensorboard_reads_text_for_its_text_plugin(training_run):
    logdir, _ = training_run
    accumulator = accumulate(logdir)
    assert list(accumulator.PluginTagToContent("text")) == ["notes"]
    (event,) = accumulator.Tensors("notes")
    assert event.step == 100
    assert tensor_util.make_ndarray(event.tensor_proto).item() == b"# Run 1\nlearning rate **0.01**"


def test_tensorboard_reads_the_graph_with_scopes_and_shapes(training_run):
    logdir, _ = training_run
    graph_def = accumulate(logdir).Graph()
    nodes = {node.name: node for node in graph_def.node}
    assert {"X", "theta", "loss/mse", "loss/sub", "init"} <= set(nodes)
    assert list(nodes["predictions"].input) == ["X", "theta"]
    assert list(nodes["init"].input) == ["^theta/Assign"]
    assert [d.size for d in nodes["X"].attr["_output_shapes"].list.shape[0].dim] == [-1, 3]
    const = tensor_util.make_ndarray(nodes["theta/initial_value"].attr["value"].tensor)
    assert const.tolist() == [[0.5], [-1.0], [2.0]]
