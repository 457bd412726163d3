"""A small TF1 slim program, unchanged: a CNN on scikit-learn's digits built with arg_scope,
repeat and stack, trained with slim.learning.create_train_op (the loss falls), evaluated with
slim.metrics, saved, and restored into a new graph (with a new head) through
get_variables_to_restore + assign_from_checkpoint_fn."""
import numpy as np
import pytest
from sklearn.datasets import load_digits

import jupyter_flow as tf

slim = tf.contrib.slim


def _data():
    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)[..., None]
    return images[:512], digits.target[:512].astype(np.int64)


def cnn(images, num_classes=10, is_training=True):
    with slim.arg_scope([slim.conv2d, slim.fully_connected], activation_fn=tf.nn.relu,
                        weights_initializer=tf.truncated_normal_initializer(stddev=0.1),
                        weights_regularizer=slim.l2_regularizer(1e-4)):
        net = slim.repeat(images, 2, slim.conv2d, 8, [3, 3], scope="conv1")
        net = slim.max_pool2d(net, [2, 2], scope="pool1")
        net = slim.flatten(net)
        net = slim.stack(net, slim.fully_connected, [32, 16], scope="fc")
        net = slim.dropout(net, 0.9, is_training=is_training, scope="dropout")
        return slim.fully_connected(net, num_classes, activation_fn=None, scope="logits")


def test_slim_cnn_trains_and_restores(tmp_path):
    x_data, y_data = _data()
    tf.reset_default_graph()
    tf.set_random_seed(0)
    images = tf.placeholder(tf.float32, [None, 8, 8, 1])
    labels = tf.placeholder(tf.int64, [None])
    logits = cnn(images)
    slim.losses.sparse_softmax_cross_entropy(logits, labels)
    total_loss = slim.losses.get_total_loss()
    train_op = slim.learning.create_train_op(total_loss, tf.train.AdamOptimizer(0.01))
    accuracy, update_accuracy = slim.metrics.streaming_accuracy(tf.argmax(logits, 1), labels)
    assert [v.op.name for v in slim.get_model_variables()] == [
        "conv1/conv1_1/weights", "conv1/conv1_1/biases", "conv1/conv1_2/weights", "conv1/conv1_2/biases",
        "fc/fc_1/weights", "fc/fc_1/biases", "fc/fc_2/weights", "fc/fc_2/biases", "logits/weights", "logits/biases"]
    assert len(slim.losses.get_regularization_losses()) == 5
    feed = {images: x_data, labels: y_data}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [sess.run(train_op, feed) for _ in range(40)]
        sess.run(tf.local_variables_initializer())
        sess.run(update_accuracy, {images: x_data, labels: y_data})
        trained_accuracy = sess.run(accuracy)
        saved = {v.op.name: sess.run(v) for v in slim.get_model_variables()}
        path = tf.train.Saver().save(sess, str(tmp_path / "digits.ckpt"))
    assert losses[-1] < 0.5 * losses[0]
    assert trained_accuracy > 0.8

    # Evaluation as a slim program does it: metrics from a map, evaluate_once on the checkpoint.
    tf.reset_default_graph()
    images = tf.placeholder(tf.float32, [None, 8, 8, 1])
    labels = tf.placeholder(tf.int64, [None])
    predictions = tf.argmax(cnn(images, is_training=False), 1)
    names_to_values, names_to_updates = slim.metrics.aggregate_metric_map({
        "accuracy": slim.metrics.streaming_accuracy(predictions, labels),
        "mean_label": slim.metrics.streaming_mean(tf.cast(labels, tf.float32))})
    values = slim.evaluation.evaluate_once("", path, str(tmp_path / "eval"), num_evals=2,
                                           eval_op=list(names_to_updates.values()), final_op=names_to_values,
                                           eval_op_feed_dict={images: x_data, labels: y_data})
    assert values["accuracy"] > 0.8  # the accuracy of the restored weights, without dropout
    assert values["mean_label"] == pytest.approx(y_data.mean())

    # A new graph: the same body, a 5-class head; restore everything but the head.
    tf.reset_default_graph()
    images = tf.placeholder(tf.float32, [None, 8, 8, 1])
    cnn(images, num_classes=5, is_training=False)
    to_restore = slim.get_variables_to_restore(exclude=["logits"])
    assert [v.op.name for v in to_restore] == [n for n in saved if not n.startswith("logits")]
    init_fn = slim.assign_from_checkpoint_fn(path, to_restore)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        init_fn(sess)
        for v in to_restore:
            np.testing.assert_array_equal(sess.run(v), saved[v.op.name])
        assert sess.run(slim.get_unique_variable("logits/weights")).shape == (16, 5)
