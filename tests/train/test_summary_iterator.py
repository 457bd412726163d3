"""tf.train.summary_iterator yields the Event protos a FileWriter wrote, in order."""
import glob

import pytest

import jupyter_flow as tf


def test_summary_iterator_yields_the_written_events(tmp_path):
    loss = tf.placeholder(tf.float32, [], name="x")
    summary = tf.summary.scalar("loss", loss)
    writer = tf.summary.FileWriter(str(tmp_path))
    with tf.Session() as sess:
        for step, value in enumerate([0.5, 0.25]):
            writer.add_summary(sess.run(summary, {loss: value}), step)
    writer.close()
    path, = glob.glob(str(tmp_path / "events.out.tfevents.*"))
    events = list(tf.train.summary_iterator(path))
    assert events[0].file_version == "brain.Event:2"
    scalars = [(e.step, v.tag, v.simple_value) for e in events for v in e.summary.value]
    assert scalars == [(0, "loss", 0.5), (1, "loss", 0.25)]


def test_summary_iterator_reports_a_missing_file(tmp_path):
    with pytest.raises(tf.errors.NotFoundError):
        list(tf.train.summary_iterator(str(tmp_path / "events.out.tfevents.none")))
