"""slim.learning.create_train_op (the loss after one optimizer step; UPDATE_OPS first; clipping and
gradient multipliers) and slim.learning.train (the loop, its final checkpoint, resuming from it)."""
import os

import numpy as np
import pytest

import jupyter_flow as tf

slim = tf.contrib.slim


def _regression():
    x = tf.constant([[1.0], [2.0], [3.0]])
    y = tf.constant([[2.0], [4.0], [6.0]])
    w = tf.get_variable("w", shape=[1, 1], initializer=tf.zeros_initializer())
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
    return w, loss


def test_create_train_op_returns_the_loss_and_steps_once():
    tf.reset_default_graph()
    w, loss = _regression()
    counter = tf.get_variable("counter", shape=[], initializer=tf.zeros_initializer(), trainable=False)
    tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, tf.assign_add(counter, 1.0))
    train_op = slim.learning.create_train_op(loss, tf.train.GradientDescentOptimizer(0.1))
    assert train_op.name == "train_op/control_dependency:0"
    assert tf.get_collection(tf.GraphKeys.TRAIN_OP)[-1] is train_op  # after apply_gradients' op, as TF1
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(train_op)
        assert first == pytest.approx(56.0 / 3)           # the loss before the step
        # d/dw mean((w x - y)^2) at w=0 is -2 mean(x y) = -56/3: w = 0.1 * 56/3
        np.testing.assert_allclose(sess.run(w), [[5.6 / 3]], rtol=1e-6)
        assert sess.run(tf.train.get_global_step()) == 1 and sess.run(counter) == 1.0


def test_create_train_op_clips_and_multiplies_gradients():
    tf.reset_default_graph()
    w, loss = _regression()
    train_op = slim.learning.create_train_op(loss, tf.train.GradientDescentOptimizer(1.0), clip_gradient_norm=0.5,
                                             gradient_multipliers={"w": 3.0}, summarize_gradients=True)
    assert [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)] == [
        "summarize_grads/w_gradient", "summarize_grads/w_gradient_norm"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op)
        np.testing.assert_allclose(sess.run(w), [[0.5]], rtol=1e-6)  # multiplied by 3, then clipped to 0.5


def test_train_runs_to_number_of_steps_saves_and_resumes(tmp_path):
    tf.reset_default_graph()
    w, loss = _regression()
    train_op = slim.learning.create_train_op(loss, tf.train.GradientDescentOptimizer(0.02))
    logdir = str(tmp_path / "run")
    final = slim.learning.train(train_op, logdir, number_of_steps=5, log_every_n_steps=0)
    assert tf.train.latest_checkpoint(logdir) == os.path.join(logdir, "model.ckpt-5")
    assert 0 < final < 56.0 / 3
    again = slim.learning.train(train_op, logdir, number_of_steps=8, log_every_n_steps=0)
    assert tf.train.latest_checkpoint(logdir) == os.path.join(logdir, "model.ckpt-8")
    assert again < final
    reader = tf.train.NewCheckpointReader(tf.train.latest_checkpoint(logdir))
    assert reader.get_tensor("global_step") == 8


def test_contrib_training_create_train_op_transforms_gradients():
    tf.reset_default_graph()
    w, loss = _regression()
    seen = []

    def halve(grads):
        seen.append([v.op.name for _, v in grads])
        return [(g * 0.5, v) for g, v in grads]

    train_op = tf.contrib.training.create_train_op(loss, tf.train.GradientDescentOptimizer(0.1),
                                                   transform_grads_fn=halve)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op)
        np.testing.assert_allclose(sess.run(w), [[2.8 / 3]], rtol=1e-6)
    assert seen == [["w"]]


def test_train_op_runs_batch_norm_updates_first():
    tf.reset_default_graph()
    x = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3))
    net = slim.fully_connected(x, 2, normalizer_fn=slim.batch_norm, normalizer_params={"decay": 0.5}, scope="fc")
    loss = tf.reduce_mean(tf.square(net))
    train_op = slim.learning.create_train_op(loss, tf.train.GradientDescentOptimizer(0.0))
    moving_mean = slim.get_unique_variable("fc/BatchNorm/moving_mean")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        pre_norm = sess.run(tf.matmul(x, slim.get_unique_variable("fc/weights")))
        sess.run(train_op)
        np.testing.assert_allclose(sess.run(moving_mean), 0.5 * pre_norm.mean(axis=0), rtol=1e-5)
