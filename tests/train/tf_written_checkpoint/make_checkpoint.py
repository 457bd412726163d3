"""How the files beside this script were made: TensorFlow 2.21's tf.compat.v1 Saver (the TF1 code path),
run once in a scratch environment with `cd tests/train/tf_written_checkpoint && python make_checkpoint.py`.
jupyter_flow never imports TensorFlow; the tests read these files as a TF1 user's old checkpoint."""
import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3), name="layer/kernel")
tf.Variable(np.array([1.5, -2.0], np.float64), name="layer/bias")
tf.Variable(7, name="global_step", dtype=tf.int64)
tf.Variable(np.array([True, False]), name="flags")
tf.Variable(["ab", "cde"], name="words")
tf.Variable(np.array([1, 2], np.float16), name="half")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    tf.train.Saver().save(sess, "model.ckpt")
