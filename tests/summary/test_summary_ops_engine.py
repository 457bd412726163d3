"""The engine's summary kernels produce the same bytes as the reference builders."""
import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.summary import summary_proto
from jupyter_flow.summary.protos import Summary


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def test_scalar_summary_bytes_match_reference():
    x = tf.placeholder(tf.float32, shape=())
    s = tf.summary.scalar("MSE", x)
    with tf.Session() as sess:
        for v in (0.0, 0.25, -3.5, 1e30):
            assert sess.run(s, {x: v}) == summary_proto.scalar("MSE", v)


def test_scalar_summary_tag_is_name_scoped():
    with tf.name_scope("loss"):
        s = tf.summary.scalar("mse", tf.constant(2.0))
    with tf.Session() as sess:
        assert Summary.FromString(sess.run(s)).value[0].tag == "loss/mse"


def test_histogram_summary_bytes_match_reference():
    rng = np.random.RandomState(0)
    for values in (rng.randn(1000), np.array([0.0, 0.0, 1.0]), np.array([], dtype=np.float64),
                   np.arange(-5, 6, dtype=np.float64) * 1e-13):
        tf.reset_default_graph()
        v = tf.placeholder(tf.float64, shape=None)
        s = tf.summary.histogram("weights", v)
        with tf.Session() as sess:
            assert sess.run(s, {v: values}) == summary_proto.histogram("weights", values)


def test_text_summary_bytes_match_reference():
    t = tf.constant([b"hello", b"world"])
    s = tf.summary.text("notes", t)
    with tf.Session() as sess:
        assert sess.run(s) == summary_proto.text("notes", [b"hello", b"world"])


def test_merge_all_matches_reference_and_rejects_duplicate_tags():
    a = tf.summary.scalar("a", tf.constant(1.0))
    b = tf.summary.scalar("b", tf.constant(2.0))
    merged = tf.summary.merge_all()
    with tf.Session() as sess:
        assert sess.run(merged) == summary_proto.merge([summary_proto.scalar("a", 1.0),
                                                        summary_proto.scalar("b", 2.0)])
        dup = tf.summary.merge([a, a])
        with pytest.raises(tf.errors.InvalidArgumentError, match="Duplicate tag a"):
            sess.run(dup)
    assert b is not None


def test_histogram_of_nan_names_the_tag():
    v = tf.placeholder(tf.float32, shape=[None])
    s = tf.summary.histogram("w", v)
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="Nan in summary histogram for: w"):
        sess.run(s, {v: [1.0, float("nan")]})


def test_file_writer_reads_back_engine_summaries(tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    x = tf.placeholder(tf.float32, shape=())
    s = tf.summary.scalar("MSE", x)
    with tf.Session() as sess, tf.summary.FileWriter(str(tmp_path), tf.get_default_graph()) as w:
        for step in range(5):
            w.add_summary(sess.run(s, {x: step * 0.5}), step)
    acc = EventAccumulator(str(tmp_path))
    acc.Reload()
    assert [(e.step, e.value) for e in acc.Scalars("MSE")] == [(i, i * 0.5) for i in range(5)]
