# ruff: noqa  -- kept as the original authors wrote it (lambdas, late imports)
# cs20si (Stanford CS 20, 2018) 03_linreg_starter / huber loss with tf.cond, plus the course's
# global_step + exponential_decay, tf.summary.merge_all + FileWriter, Saver(global_step),
# tf.train.latest_checkpoint restore, tf.app.flags and tf.logging.
import os
import tempfile

import numpy as np

import jupyter_flow as tf

flags = tf.app.flags
flags.DEFINE_integer('num_epochs', 40, 'number of epochs')
flags.DEFINE_float('learning_rate', 0.001, 'initial learning rate')
flags.DEFINE_string('logdir', '', 'where to write summaries and checkpoints')
FLAGS = flags.FLAGS


def huber_loss(labels, predictions, delta=14.0):
    residual = tf.abs(labels - predictions)

    def f1():
        return 0.5 * tf.square(residual)

    def f2():
        return delta * residual - 0.5 * tf.square(delta)
    return tf.cond(residual < delta, f1, f2)


def main(_):
    logdir = FLAGS.logdir or tempfile.mkdtemp()
    os.makedirs(os.path.join(logdir, 'checkpoints'))
    rng = np.random.RandomState(0)
    # birth-rate / life-expectancy-like data: y = -6 x + 85 with a few outliers
    x_data = rng.uniform(1, 7, 190).astype(np.float32)
    y_data = (-6.0 * x_data + 85.0 + rng.normal(0, 2, 190)).astype(np.float32)
    y_data[:5] += 60.0
    data = list(zip(x_data, y_data))
    n_samples = len(data)

    X = tf.placeholder(tf.float32, name='X')
    Y = tf.placeholder(tf.float32, name='Y')
    w = tf.get_variable('weights', initializer=tf.constant(0.0))
    b = tf.get_variable('bias', initializer=tf.constant(0.0))
    Y_predicted = w * X + b
    loss = huber_loss(Y, Y_predicted)

    global_step = tf.Variable(0, dtype=tf.int32, trainable=False, name='global_step')
    lr = tf.train.exponential_decay(FLAGS.learning_rate * 10, global_step, 1000, 0.96,
                                    staircase=True)
    optimizer = tf.train.GradientDescentOptimizer(learning_rate=lr).minimize(
        loss, global_step=global_step)

    with tf.name_scope('summaries'):
        tf.summary.scalar('loss', loss)
        tf.summary.scalar('learning_rate', lr)
        tf.summary.histogram('w', w)
        summary_op = tf.summary.merge_all()

    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        writer = tf.summary.FileWriter(os.path.join(logdir, 'graphs'), sess.graph)
        for i in range(FLAGS.num_epochs):
            total_loss = 0
            for x, y in data:
                _, l, summary = sess.run([optimizer, loss, summary_op], feed_dict={X: x, Y: y})
                total_loss += l
            writer.add_summary(summary, global_step=sess.run(global_step))
            if i % 10 == 0:
                tf.logging.info('Epoch {0}: {1}'.format(i, total_loss / n_samples))
            saver.save(sess, os.path.join(logdir, 'checkpoints', 'linreg'), global_step=global_step)
        writer.close()
        w_out, b_out, step = sess.run([w, b, global_step])
    print(w_out, b_out, step)
    assert step == FLAGS.num_epochs * n_samples
    assert abs(w_out + 6.0) < 1.5 and abs(b_out - 85.0) < 8.0, (w_out, b_out)

    # restore into a fresh session
    with tf.Session() as sess:
        ckpt = tf.train.latest_checkpoint(os.path.join(logdir, 'checkpoints'))
        assert ckpt.endswith('linreg-%d' % step), ckpt
        saver.restore(sess, ckpt)
        assert sess.run(w) == w_out and sess.run(b) == b_out and sess.run(global_step) == step
    events = [f for f in os.listdir(os.path.join(logdir, 'graphs')) if 'tfevents' in f]
    assert events, os.listdir(os.path.join(logdir, 'graphs'))
    # Saver keeps the last 5 checkpoints by default
    kept = tf.train.get_checkpoint_state(os.path.join(logdir, 'checkpoints')).all_model_checkpoint_paths
    assert len(kept) == 5, kept


if __name__ == '__main__':
    tf.logging.set_verbosity(tf.logging.INFO)
    tf.app.run()
