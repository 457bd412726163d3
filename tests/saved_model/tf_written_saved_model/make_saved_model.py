"""Writes model/ with TensorFlow 2.21's compat.v1 SavedModelBuilder (run with a real TensorFlow:
`python make_saved_model.py`). test_tensorflow_saved_models.py loads it without TensorFlow."""
import os
import shutil

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "model")
shutil.rmtree(out, ignore_errors=True)
x = tf.placeholder(tf.float32, [None, 3], name="x")
w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2) / 10, name="w")
b = tf.Variable(np.array([0.5, -0.5], np.float32), name="b")
probs = tf.nn.softmax(tf.matmul(x, w) + b, name="probs")
seen = tf.Variable(3.0, collections=[tf.GraphKeys.LOCAL_VARIABLES], name="seen")  # set by the legacy init op
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(w.assign_add([[0.25, 0.0], [0.0, 0.5], [0.0, 0.0]]))  # saved values differ from the initializers'
    builder = tf.saved_model.builder.SavedModelBuilder(out)
    signature = tf.saved_model.signature_def_utils.predict_signature_def(inputs={"x": x}, outputs={"probs": probs})
    builder.add_meta_graph_and_variables(sess, [tf.saved_model.tag_constants.SERVING],
                                         signature_def_map={"serving_default": signature},
                                         legacy_init_op=tf.local_variables_initializer())
    builder.save()
    print(sess.run(probs, {x: [[1, 2, 3], [-1, 0, 1]]}).tolist())
