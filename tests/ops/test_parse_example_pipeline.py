"""End to end, a TF1 input pipeline over Examples: a TFRecord file written with
tf.python_io.TFRecordWriter, read by tf.data.TFRecordDataset, parsed per record with
tf.parse_single_example, batched, and fed to a logistic regression trained a few steps.
The losses and weights are tensorflow.compat.v1's for the same program."""
import numpy as np

import jupyter_flow as tf

_X = [[0.5, 1.0], [1.5, -0.5], [-1.0, 0.25], [2.0, 1.0], [-0.5, -1.5], [0.0, 2.0], [1.0, 1.0], [-2.0, 0.5]]
_Y = [1, 1, 0, 1, 0, 1, 1, 0]
_FEATURES = {"x": tf.FixedLenFeature([2], tf.float32), "label": tf.FixedLenFeature([], tf.int64)}


def _write_examples(path):
    with tf.python_io.TFRecordWriter(path) as writer:
        for x, y in zip(_X, _Y):
            writer.write(tf.train.Example(features=tf.train.Features(feature={
                "x": tf.train.Feature(float_list=tf.train.FloatList(value=x)),
                "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[y]))})).SerializeToString())


def test_tfrecord_dataset_reads_what_the_writer_wrote(tmp_path):
    path = str(tmp_path / "examples.tfrecord")
    _write_examples(path)
    ds = tf.data.TFRecordDataset(path).map(lambda r: tf.parse_single_example(r, _FEATURES)).batch(3)
    batch = ds.make_one_shot_iterator().get_next()
    assert batch["x"].shape.as_list() == [None, 2] and batch["label"].dtype == tf.int64
    with tf.Session() as sess:
        first = sess.run(batch)
        rest = [sess.run(batch) for _ in range(2)]
    assert first["x"].tolist() == _X[:3] and first["label"].tolist() == _Y[:3]
    assert [len(b["label"]) for b in rest] == [3, 2]


def test_logistic_regression_trains_on_parsed_examples_as_in_tf1(tmp_path):
    path = str(tmp_path / "examples.tfrecord")
    _write_examples(path)
    ds = tf.data.TFRecordDataset(path).map(lambda r: tf.parse_single_example(r, _FEATURES)).batch(4).repeat()
    batch = ds.make_one_shot_iterator().get_next()
    w = tf.Variable(tf.zeros([2, 1]))
    b = tf.Variable(0.0)
    logits = tf.squeeze(tf.matmul(batch["x"], w), 1) + b
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.cast(batch["label"], tf.float32), logits=logits))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [float(sess.run([loss, train])[0]) for _ in range(6)]
        weights, bias = sess.run(w).ravel().tolist(), float(sess.run(b))
    tf1_losses = [0.6931471824645996, 0.5353171825408936, 0.4006713330745697, 0.34022247791290283, 0.29050326347351074,
                  0.24369923770427704]
    np.testing.assert_allclose(losses, tf1_losses, rtol=1e-6)
    np.testing.assert_allclose(weights + [bias], [1.0106580257415771, 0.6152281761169434, 0.1867154985666275], rtol=1e-6)


def test_parse_example_after_batching_records(tmp_path):
    path = str(tmp_path / "examples.tfrecord")
    _write_examples(path)
    ds = tf.data.TFRecordDataset(path).batch(8).map(lambda records: tf.parse_example(records, _FEATURES))
    batch = ds.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        out = sess.run(batch)
    assert out["x"].tolist() == _X and out["label"].tolist() == _Y
