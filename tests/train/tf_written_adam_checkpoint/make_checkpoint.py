"""How the files beside this script were made: TensorFlow 2.21's tf.compat.v1 (with TF_USE_LEGACY_KERAS=1 for
tf.layers), run once in a scratch environment with `cd tests/train/tf_written_adam_checkpoint &&
TF_USE_LEGACY_KERAS=1 python make_checkpoint.py`. It trains 5 Adam steps of a small batch-normalized network and
saves; test_tensorflow_checkpoints.py builds the same network with jupyter_flow and restores the file."""
import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
X = tf.placeholder(tf.float32, [None, 4], name="X")
y = tf.placeholder(tf.int64, [None], name="y")
with tf.variable_scope("net"):
    h = tf.layers.dense(X, 8, activation=tf.nn.relu, name="hidden")
    h = tf.layers.batch_normalization(h, training=True)
    logits = tf.layers.dense(h, 3, name="out")
loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
step = tf.train.get_or_create_global_step()
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    train = tf.train.AdamOptimizer(0.01).minimize(loss, global_step=step)
rng = np.random.RandomState(0)
xs, ys = rng.randn(32, 4).astype(np.float32), rng.randint(0, 3, 32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(5):
        sess.run(train, {X: xs, y: ys})
    tf.train.Saver().save(sess, "model.ckpt", write_meta_graph=False)
    print(sess.run(loss, {X: xs, y: ys}))
