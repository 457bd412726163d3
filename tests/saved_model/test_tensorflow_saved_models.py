"""A SavedModel TensorFlow wrote loads in jupyter_flow with TensorFlow's outputs.

tf_written_saved_model/model/ was written by TensorFlow 2.21's compat.v1 SavedModelBuilder with
tf_written_saved_model/make_saved_model.py, in short:

    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2) / 10, name="w")
    b = tf.Variable(np.array([0.5, -0.5], np.float32), name="b")
    probs = tf.nn.softmax(tf.matmul(x, w) + b, name="probs")
    seen = tf.Variable(3.0, collections=[tf.GraphKeys.LOCAL_VARIABLES], name="seen")
    sess.run(tf.global_variables_initializer()); sess.run(w.assign_add([[0.25, 0.0], [0.0, 0.5], [0.0, 0.0]]))
    builder.add_meta_graph_and_variables(sess, [SERVING], signature_def_map={"serving_default":
        predict_signature_def(inputs={"x": x}, outputs={"probs": probs})},
        legacy_init_op=tf.local_variables_initializer())

and TensorFlow printed sess.run(probs, {x: [[1, 2, 3], [-1, 0, 1]]}) as TF_PROBS below. Its graph holds
TensorFlow's Saver (save/SaveV2, save/RestoreV2 ...), which the loader leaves out.
"""
import os
import shutil

import numpy as np
import pytest

import jupyter_flow as tf

TF_MODEL = os.path.join(os.path.dirname(__file__), "tf_written_saved_model", "model")
BATCH = [[1, 2, 3], [-1, 0, 1]]
TF_PROBS = [[0.4133823812007904, 0.586617648601532], [0.6791787147521973, 0.3208213150501251]]
TF_DELTA = np.array([[0.25, 0.0], [0.0, 0.5], [0.0, 0.0]], np.float32)
TF_W = np.arange(6, dtype=np.float32).reshape(3, 2) / 10 + TF_DELTA


def test_a_tensorflow_written_saved_model_loads_with_tensorflows_outputs():
    with tf.Session(graph=tf.Graph()) as sess:
        meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], TF_MODEL)
        signature = meta.signature_def["serving_default"]
        assert (signature.inputs["x"].name, signature.outputs["probs"].name) == ("x:0", "probs:0")
        assert meta.meta_info_def.tensorflow_version == "2.21.0"
        probs = sess.run(signature.outputs["probs"].name, {signature.inputs["x"].name: BATCH})
        np.testing.assert_allclose(probs, TF_PROBS, rtol=1e-6)
        graph = sess.graph
        w, b = graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)
        assert (w.op.name, b.op.name) == ("w", "b")
        # TF1 made `seen` trainable too (trainable=True adds the collection to the ones given)
        assert [v.op.name for v in graph.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES)] == ["w", "b", "seen"]
        np.testing.assert_array_equal(sess.run(w), TF_W)  # restored, not initialized
        np.testing.assert_array_equal(sess.run(b), [0.5, -0.5])
        seen, = graph.get_collection(tf.GraphKeys.LOCAL_VARIABLES)
        assert sess.run(seen) == 3.0  # TF's legacy init op (local_variables_initializer) ran
        assert not [op.name for op in graph.get_operations() if op.name.startswith("save/")]
        assert graph.get_operation_by_name("AssignAdd").type == "AssignAdd"


def test_a_tensorflow_saved_model_keeps_training_and_saves_again_in_jupyter_flow(tmp_path):
    with tf.Session(graph=tf.Graph()) as sess:
        tf.saved_model.loader.load(sess, ["serve"], TF_MODEL)
        graph = sess.graph
        w = graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)[0]
        sess.run(graph.get_operation_by_name("AssignAdd"))  # TF's w += delta, once more
        np.testing.assert_allclose(sess.run(w), TF_W + TF_DELTA, rtol=1e-6)
        x, probs = graph.get_tensor_by_name("x:0"), graph.get_tensor_by_name("probs:0")
        expected = sess.run(probs, {x: BATCH})
        tf.saved_model.simple_save(sess, str(tmp_path / "again"), {"x": x}, {"probs": probs})
    with tf.Session(graph=tf.Graph()) as sess:
        tf.saved_model.loader.load(sess, ["serve"], str(tmp_path / "again"))
        np.testing.assert_array_equal(sess.run("probs:0", {"x:0": BATCH}), expected)


def test_a_tensorflow_saved_model_copied_without_its_variables_is_a_clear_error(tmp_path):
    shutil.copytree(TF_MODEL, tmp_path / "m")
    shutil.rmtree(tmp_path / "m" / "variables")
    with tf.Session(graph=tf.Graph()) as sess:
        with pytest.raises(tf.errors.NotFoundError, match=r"variables \['b', 'w'\] but .* has no "
                                                          r"variables/variables.index"):
            tf.saved_model.loader.load(sess, ["serve"], str(tmp_path / "m"))
