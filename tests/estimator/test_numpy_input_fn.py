"""numpy_input_fn: TF1's defaults and checks, and the batches a training loop receives (epochs end
with OutOfRangeError, the last batch may be smaller)."""
import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.estimator.inputs.feeding import graph_feeders, next_feed


def _batches(input_fn):
    features, labels = input_fn()
    feeders = graph_feeders(tf.get_default_graph())
    out = []
    with tf.Session() as sess:
        while True:
            try:
                feed = next_feed(feeders)
            except tf.errors.OutOfRangeError:
                return features, labels, out
            out.append(sess.run([features["x"], labels], feed))


def test_epochs_run_back_to_back_and_end_with_out_of_range():
    x = np.arange(6, dtype=np.float32).reshape(6, 1)
    features, labels, batches = _batches(tf.estimator.inputs.numpy_input_fn(
        {"x": x}, np.arange(6) * 10, batch_size=4, num_epochs=2, shuffle=False))
    assert features["x"].shape.as_list() == [None, 1] and features["x"].dtype == tf.float32
    assert labels.dtype == tf.int64
    assert [b[1].tolist() for b in batches] == [[0, 10, 20, 30], [40, 50, 0, 10], [20, 30, 40, 50]]
    np.testing.assert_array_equal(batches[0][0], [[0], [1], [2], [3]])


def test_last_batch_may_be_smaller_and_default_batch_size_is_128():
    x = np.zeros((300, 2), np.float32)
    _, _, batches = _batches(tf.estimator.inputs.numpy_input_fn({"x": x}, np.zeros(300), shuffle=False))
    assert [len(b[1]) for b in batches] == [128, 128, 44]  # num_epochs=1 by default


def test_shuffled_epoch_sees_each_example_once():
    x = np.arange(10, dtype=np.float32)
    _, _, batches = _batches(tf.estimator.inputs.numpy_input_fn({"x": x}, np.arange(10), batch_size=3, shuffle=True))
    seen = np.concatenate([b[1] for b in batches])
    assert sorted(seen.tolist()) == list(range(10)) and seen.tolist() != list(range(10))
    assert all(np.array_equal(b[0], b[1]) for b in batches)  # rows stay paired


def test_tf1_argument_checks():
    with pytest.raises(ValueError, match="shuffle must be provided explicitly as a bool"):
        tf.estimator.inputs.numpy_input_fn({"x": np.zeros(3)}, np.zeros(3))
    with pytest.raises(ValueError, match="duplicate keys are found in both x and y"):
        tf.estimator.inputs.numpy_input_fn({"x": np.zeros(3)}, {"x": np.zeros(3)}, shuffle=False)
    input_fn = tf.estimator.inputs.numpy_input_fn({"x": np.zeros(3), "z": np.zeros(4)}, shuffle=False)
    with pytest.raises(ValueError, match="different lengths"):
        input_fn()


def test_pandas_input_fn_reads_columns():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [4, 5, 6]})
    features, labels = tf.estimator.inputs.pandas_input_fn(df, pd.Series([0, 1, 0]), batch_size=2, shuffle=False)()
    assert sorted(features) == ["a", "b"] and features["b"].dtype == tf.int64
    with pytest.raises(ValueError, match="Index for x and y are mismatched"):
        tf.estimator.inputs.pandas_input_fn(df, pd.Series([0, 1, 0], index=[5, 6, 7]), shuffle=False)


def test_graph_seed_makes_shuffling_repeatable():
    def order():
        tf.reset_default_graph()
        tf.set_random_seed(7)
        x = np.arange(10, dtype=np.float32)
        _, _, batches = _batches(tf.estimator.inputs.numpy_input_fn({"x": x}, np.arange(10), batch_size=5,
                                                                    shuffle=True))
        return np.concatenate([b[1] for b in batches]).tolist()
    assert order() == order()
