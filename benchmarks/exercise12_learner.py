# ruff: noqa: F821
# The chapter's exercise 12 as a learner writes it, after the book's solution (Appendix A):
# logistic regression on moons with extra features, mini-batch gradient descent, a
# logistic_regression() function with name scopes, a summary every epoch into a timestamped
# logdir, Saver checkpoints with resume-after-interruption, and a random search over the
# learning rate and the batch size. bench_exercise12.py executes this one text with `tf` bound
# to jupyter_flow or to tensorflow.compat.v1, cell by cell (cells start with `# %%`) in one
# namespace, like a notebook.
#
# The runner's first cell defines the sizes (N_EPOCHS, CHECKPOINT_EVERY, N_SEARCH_ITERATIONS;
# the book's are 10001, 500, 10), WORKDIR (where files go) and THETA_START: the start weights,
# drawn by NumPy, because TF's and jupyter_flow's tf.random_uniform draw different numbers from
# the same seed and the two runs must be comparable. Passing them is the solution's own
# `initializer` argument.

# %% data
import os
from datetime import datetime

import numpy as np
from scipy.stats import reciprocal
from sklearn.datasets import make_moons
from sklearn.metrics import precision_score, recall_score

m = 1000
X_moons, y_moons = make_moons(m, noise=0.1, random_state=42)
X_moons_with_bias = np.c_[np.ones((m, 1)), X_moons]
y_moons_column_vector = y_moons.reshape(-1, 1)

test_ratio = 0.2
test_size = int(m * test_ratio)
X_train = X_moons_with_bias[:-test_size]
X_test = X_moons_with_bias[-test_size:]
y_train = y_moons_column_vector[:-test_size]
y_test = y_moons_column_vector[-test_size:]


def random_batch(X_train, y_train, batch_size):
    rnd_indices = np.random.randint(0, len(X_train), batch_size)
    X_batch = X_train[rnd_indices]
    y_batch = y_train[rnd_indices]
    return X_batch, y_batch


X_train_enhanced = np.c_[X_train, np.square(X_train[:, 1]), np.square(X_train[:, 2]),
                         X_train[:, 1] ** 3, X_train[:, 2] ** 3]
X_test_enhanced = np.c_[X_test, np.square(X_test[:, 1]), np.square(X_test[:, 2]),
                        X_test[:, 1] ** 3, X_test[:, 2] ** 3]


# %% model
def reset_graph(seed=42):
    tf.reset_default_graph()
    tf.set_random_seed(seed)
    np.random.seed(seed)


def logistic_regression(X, y, initializer=None, seed=42, learning_rate=0.01):
    n_inputs_including_bias = int(X.get_shape()[1])
    with tf.name_scope("logistic_regression"):
        with tf.name_scope("model"):
            if initializer is None:
                initializer = tf.random_uniform([n_inputs_including_bias, 1], -1.0, 1.0, seed=seed)
            theta = tf.Variable(initializer, name="theta")
            logits = tf.matmul(X, theta, name="logits")
            y_proba = tf.sigmoid(logits)
        with tf.name_scope("train"):
            loss = tf.losses.log_loss(y, y_proba, scope="loss")
            optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
            training_op = optimizer.minimize(loss)
            loss_summary = tf.summary.scalar("log_loss", loss)
        with tf.name_scope("init"):
            init = tf.global_variables_initializer()
        with tf.name_scope("save"):
            saver = tf.train.Saver()
    return y_proba, loss, training_op, loss_summary, init, saver


def log_dir(prefix=""):
    now = datetime.utcnow().strftime("%Y%m%d%H%M%S")
    root_logdir = os.path.join(WORKDIR, "tf_logs")
    if prefix:
        prefix += "-"
    name = prefix + "run-" + now
    return "{}/{}/".format(root_logdir, name)


# %% construction
n_inputs = 2 + 4
logdir = log_dir("logreg")

reset_graph()
X = tf.placeholder(tf.float32, shape=(None, n_inputs + 1), name="X")
y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
y_proba, loss, training_op, loss_summary, init, saver = logistic_regression(X, y, initializer=THETA_START)
file_writer = tf.summary.FileWriter(logdir, tf.get_default_graph())

# %% training (interrupt it and run the cell again: it goes on from the last checkpoint)
n_epochs = N_EPOCHS
batch_size = 50
n_batches = int(np.ceil(m / batch_size))

checkpoint_path = os.path.join(WORKDIR, "my_logreg_model.ckpt")
checkpoint_epoch_path = checkpoint_path + ".epoch"
final_model_path = os.path.join(WORKDIR, "my_logreg_model")

with tf.Session() as sess:
    if os.path.isfile(checkpoint_epoch_path):
        # if the checkpoint file exists, restore the model and load the epoch number
        with open(checkpoint_epoch_path, "rb") as f:
            start_epoch = int(f.read())
        print("Training was interrupted. Continuing at epoch", start_epoch)
        saver.restore(sess, checkpoint_path)
    else:
        start_epoch = 0
        sess.run(init)

    for epoch in range(start_epoch, n_epochs):
        for batch_index in range(n_batches):
            X_batch, y_batch = random_batch(X_train_enhanced, y_train, batch_size)
            sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
        loss_val, summary_str = sess.run([loss, loss_summary], feed_dict={X: X_test_enhanced, y: y_test})
        file_writer.add_summary(summary_str, epoch)
        if epoch % CHECKPOINT_EVERY == 0:
            print("Epoch:", epoch, "\tLoss:", loss_val)
            saver.save(sess, checkpoint_path)
            with open(checkpoint_epoch_path, "wb") as f:
                f.write(b"%d" % (epoch + 1))

    saver.save(sess, final_model_path)
    y_proba_val = y_proba.eval(feed_dict={X: X_test_enhanced, y: y_test})
    os.remove(checkpoint_epoch_path)
file_writer.close()

# %% evaluation
y_pred = (y_proba_val >= 0.5)
precision = precision_score(y_test, y_pred)
recall = recall_score(y_test, y_pred)
print("precision:", precision, "recall:", recall)

# %% random search over the learning rate and the batch size
n_search_iterations = N_SEARCH_ITERATIONS
search_results = []

for search_iteration in range(n_search_iterations):
    batch_size = np.random.randint(1, 100)
    learning_rate = reciprocal(0.0001, 0.1).rvs(random_state=search_iteration)

    n_inputs = 2 + 4
    logdir = log_dir("logreg-%d" % search_iteration)

    print("Iteration", search_iteration)
    print("  logdir:", logdir)
    print("  batch size:", batch_size)
    print("  learning_rate:", learning_rate)
    print("  training: ", end="")

    reset_graph()

    X = tf.placeholder(tf.float32, shape=(None, n_inputs + 1), name="X")
    y = tf.placeholder(tf.float32, shape=(None, 1), name="y")

    y_proba, loss, training_op, loss_summary, init, saver = logistic_regression(
        X, y, initializer=THETA_START, learning_rate=learning_rate)

    file_writer = tf.summary.FileWriter(logdir, tf.get_default_graph())

    n_epochs = N_EPOCHS
    n_batches = int(np.ceil(m / batch_size))

    final_model_path = os.path.join(WORKDIR, "my_logreg_model_%d" % search_iteration)

    with tf.Session() as sess:
        sess.run(init)

        for epoch in range(n_epochs):
            for batch_index in range(n_batches):
                X_batch, y_batch = random_batch(X_train_enhanced, y_train, batch_size)
                sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
            loss_val, summary_str = sess.run([loss, loss_summary], feed_dict={X: X_test_enhanced, y: y_test})
            file_writer.add_summary(summary_str, epoch)
            if epoch % CHECKPOINT_EVERY == 0:
                print(".", end="")

        saver.save(sess, final_model_path)

        print()
        y_proba_val = y_proba.eval(feed_dict={X: X_test_enhanced, y: y_test})
        y_pred = (y_proba_val >= 0.5)

        print("  precision:", precision_score(y_test, y_pred))
        print("  recall:", recall_score(y_test, y_pred))
        search_results.append((search_iteration, batch_size, learning_rate, loss_val,
                               precision_score(y_test, y_pred), recall_score(y_test, y_pred),
                               logdir, final_model_path, y_proba_val))
    file_writer.close()
