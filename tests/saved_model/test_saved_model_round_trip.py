"""tf.saved_model in jupyter_flow: a model saved with simple_save / SavedModelBuilder loads into a fresh
graph with the same outputs, signatures, variables and collections, and the errors are TF1's."""
import os
import subprocess
import sys

import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.saved_model.protos import TensorInfo

BATCH = np.array([[1, 2, 3], [-1, 0, 1]], np.float32)
W = np.arange(6, dtype=np.float32).reshape(3, 2) / 10 + 0.25
B = np.array([0.5, -0.5], np.float32)


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _build_model():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(np.zeros((3, 2), np.float32), name="w")
    b = tf.Variable(np.zeros(2, np.float32), name="b")
    with tf.variable_scope("hidden"):
        h = tf.layers.dense(x, 4, activation=tf.nn.relu, kernel_initializer=tf.random_normal_initializer(seed=3))
    logits = tf.add(tf.matmul(x, w) + b, tf.reduce_sum(h, axis=1, keepdims=True) * [[1.0, 0.5]], name="logits")
    probs = tf.nn.softmax(logits, name="probs")
    return x, w, b, logits, probs


def _trained_session():
    x, w, b, logits, probs = _build_model()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    w.load(W, sess)
    b.load(B, sess)
    return sess, x, logits, probs


def test_simple_save_then_load_gives_the_same_outputs_in_a_fresh_graph(tmp_path):
    export_dir = str(tmp_path / "model" / "1")
    sess, x, logits, probs = _trained_session()
    expected_logits, expected_probs = sess.run([logits, probs], {x: BATCH})
    hidden = sess.run({v.op.name: v for v in tf.global_variables()})
    tf.saved_model.simple_save(sess, export_dir, inputs={"x": x}, outputs={"probs": probs, "logits": logits})
    sess.close()
    assert sorted(os.listdir(export_dir)) == ["saved_model.pb", "variables"]
    assert sorted(os.listdir(os.path.join(export_dir, "variables"))) == ["variables.data-00000-of-00001",
                                                                        "variables.index"]
    np.testing.assert_allclose(expected_probs, _softmax(expected_logits), rtol=1e-6)

    with tf.Session(graph=tf.Graph()) as new_sess:
        meta = tf.saved_model.loader.load(new_sess, [tf.saved_model.tag_constants.SERVING], export_dir)
        signature = meta.signature_def[tf.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY]
        assert signature.method_name == "tensorflow/serving/predict"
        assert signature.inputs["x"].name == "x:0"
        assert (signature.outputs["probs"].name, signature.outputs["logits"].name) == ("probs:0", "logits:0")
        assert [d.size for d in signature.inputs["x"].tensor_shape.dim] == [-1, 3]
        assert list(meta.meta_info_def.tags) == ["serve"]
        got_probs, got_logits = new_sess.run([signature.outputs["probs"].name, signature.outputs["logits"].name],
                                             {signature.inputs["x"].name: BATCH})
        np.testing.assert_array_equal(got_probs, expected_probs)
        np.testing.assert_array_equal(got_logits, expected_logits)
        graph = new_sess.graph
        assert sorted(v.op.name for v in graph.get_collection("variables")) == sorted(hidden)
        assert sorted(v.op.name for v in graph.get_collection("trainable_variables")) == sorted(hidden)
        for name, value in new_sess.run({v.op.name: v for v in graph.get_collection("variables")}).items():
            np.testing.assert_array_equal(value, hidden[name])
        # the loaded graph goes on working as a graph: a new op over a loaded tensor, a fresh Saver
        doubled = graph.get_tensor_by_name("probs:0") * 2
        np.testing.assert_array_equal(new_sess.run(doubled, {"x:0": BATCH}), expected_probs * 2)
        assert tf.train.Saver().save(new_sess, str(tmp_path / "m.ckpt")) == str(tmp_path / "m.ckpt")


def test_builder_writes_several_meta_graphs_that_share_the_variables(tmp_path):
    export_dir = str(tmp_path / "multi")
    sess, x, logits, probs = _trained_session()
    expected = sess.run(probs, {x: BATCH})
    seen = tf.Variable(7.0, collections=[tf.GraphKeys.LOCAL_VARIABLES], name="seen")
    builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
    with pytest.raises(AssertionError, match="has not been saved yet"):
        builder.add_meta_graph(["train"])
    signature = tf.saved_model.signature_def_utils.predict_signature_def({"x": x}, {"probs": probs})
    builder.add_meta_graph_and_variables(sess, [tf.saved_model.SERVING], signature_def_map={"predict": signature},
                                         legacy_init_op=tf.local_variables_initializer())
    with pytest.raises(AssertionError, match="already been saved"):
        builder.add_meta_graph_and_variables(sess, ["other"])
    builder.add_meta_graph([tf.saved_model.TRAINING, "extra"], strip_default_attrs=True)
    path = builder.save()
    assert path == os.path.join(export_dir, "saved_model.pb").encode()
    sess.close()

    for tags, signatures in (([tf.saved_model.SERVING], ["predict"]), (["extra", "train"], [])):
        with tf.Session(graph=tf.Graph()) as new_sess:
            meta = tf.saved_model.load(new_sess, tags, export_dir)
            assert sorted(meta.signature_def) == signatures
            np.testing.assert_array_equal(new_sess.run("probs:0", {"x:0": BATCH}), expected)
            seen_var, = new_sess.graph.get_collection(tf.GraphKeys.LOCAL_VARIABLES)
            assert seen_var.op.name == "seen"
            # the legacy init op (local_variables_initializer) ran after the restore: the local variable is set
            assert new_sess.run(seen_var) == 7.0
    assert seen.op.name == "seen"


def test_tf1s_main_op_initializes_every_variable_after_the_restore(tmp_path):
    """TF1's tf.saved_model.main_op.main_op() groups the global, local and table initializers, so a
    model saved with it loads with its initial values (TensorFlow's loader does the same)."""
    sess, x, logits, probs = _trained_session()
    w = tf.get_default_graph().get_tensor_by_name("w:0")
    tf.saved_model.simple_save(sess, str(tmp_path / "m"), {"x": x}, {"probs": probs},
                               legacy_init_op=tf.saved_model.main_op.main_op())
    np.testing.assert_array_equal(sess.run(w), W)
    with tf.Session(graph=tf.Graph()) as new_sess:
        tf.saved_model.loader.load(new_sess, ["serve"], str(tmp_path / "m"))
        np.testing.assert_array_equal(new_sess.run("w:0"), np.zeros((3, 2)))


def test_save_as_text_writes_a_pbtxt_the_loader_reads(tmp_path):
    export_dir = str(tmp_path / "text")
    sess, x, logits, probs = _trained_session()
    expected = sess.run(probs, {x: BATCH})
    builder = tf.saved_model.Builder(export_dir)
    builder.add_meta_graph_and_variables(sess, ["serve"])
    assert builder.save(as_text=True).endswith(b"saved_model.pbtxt")
    assert "saved_model.pb" not in os.listdir(export_dir)
    assert tf.saved_model.loader.maybe_saved_model_directory(export_dir)
    with tf.Session(graph=tf.Graph()) as new_sess:
        tf.compat.v1.saved_model.loader.load(new_sess, ["serve"], export_dir)
        np.testing.assert_array_equal(new_sess.run("probs:0", {"x:0": BATCH}), expected)


def test_assets_are_copied_and_fed_to_the_main_op(tmp_path):
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("cat\ndog\n")
    x = tf.placeholder(tf.float32, [None], name="x")
    y = tf.identity(x * 2, name="y")
    asset = tf.constant(str(vocab), name="vocab_path")
    tf.add_to_collection(tf.GraphKeys.ASSET_FILEPATHS, asset)
    path_seen = tf.identity(asset, name="path_seen")
    with tf.Session() as sess:
        tf.saved_model.simple_save(sess, str(tmp_path / "m"), {"x": x}, {"y": y},
                                   legacy_init_op=tf.group(path_seen, name="init_with_asset"))
    assert (tmp_path / "m" / "assets" / "vocab.txt").read_text() == "cat\ndog\n"
    with tf.Session(graph=tf.Graph()) as new_sess:
        meta = tf.saved_model.loader.load(new_sess, ["serve"], str(tmp_path / "m"))
        assert list(meta.collection_def["saved_model_main_op"].node_list.value) == ["init_with_asset"]
        packed, = meta.collection_def[tf.saved_model.ASSETS_KEY].any_list.value
        assert packed.type_url == "type.googleapis.com/tensorflow.AssetFileDef"
        np.testing.assert_array_equal(new_sess.run("y:0", {"x:0": [1.0, 2.0]}), [2.0, 4.0])


def test_a_model_without_variables_saves_and_loads(tmp_path):
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.square(x, name="y")
    with tf.Session() as sess:
        tf.saved_model.simple_save(sess, str(tmp_path / "m"), {"x": x}, {"y": y})
    with tf.Session(graph=tf.Graph()) as new_sess:
        tf.saved_model.loader.load(new_sess, ["serve"], str(tmp_path / "m"))
        np.testing.assert_array_equal(new_sess.run("y:0", {"x:0": [3.0, -2.0]}), [9.0, 4.0])


def test_import_scope_prefixes_the_loaded_names(tmp_path):
    sess, x, logits, probs = _trained_session()
    expected = sess.run(probs, {x: BATCH})
    tf.saved_model.simple_save(sess, str(tmp_path / "m"), {"x": x}, {"probs": probs})
    with tf.Session(graph=tf.Graph()) as new_sess:
        meta = tf.saved_model.loader.load(new_sess, ["serve"], str(tmp_path / "m"), import_scope="imported")
        info = meta.signature_def["serving_default"]
        probs_t = tf.saved_model.utils.get_tensor_from_tensor_info(info.outputs["probs"], new_sess.graph, "imported")
        assert probs_t.name == "imported/probs:0"
        np.testing.assert_array_equal(new_sess.run(probs_t, {"imported/x:0": BATCH}), expected)


# ----- errors --------------------------------------------------------------------------------
def test_an_export_dir_that_is_not_empty_is_refused_with_tf1s_message(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "saved_model.pb").write_bytes(b"")
    with pytest.raises(AssertionError, match=r"Export directory .*taken already exists, and isn't empty"):
        tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "taken"))
    (tmp_path / "empty").mkdir()
    tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "empty"))  # an empty directory is fine
    tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "new" / "1"))
    assert os.path.isdir(tmp_path / "new" / "1")


def test_loading_with_tags_it_lacks_names_the_tag_sets_it_has(tmp_path):
    sess, x, logits, probs = _trained_session()
    tf.saved_model.simple_save(sess, str(tmp_path / "m"), {"x": x}, {"probs": probs})
    with tf.Session(graph=tf.Graph()) as new_sess:
        with pytest.raises(RuntimeError, match=r"MetaGraphDef associated with tags 'train' could not be found in "
                                               r"SavedModel, with available tags '\[\{'serve'\}\]'"):
            tf.saved_model.loader.load(new_sess, ["train"], str(tmp_path / "m"))


def test_loading_a_missing_directory_says_which_file_it_looked_for(tmp_path):
    missing = str(tmp_path / "nowhere")
    assert not tf.saved_model.maybe_saved_model_directory(missing)
    with tf.Session(graph=tf.Graph()) as new_sess:
        with pytest.raises(OSError, match=r"SavedModel file does not exist at: .*nowhere/\{saved_model.pbtxt\|"
                                          r"saved_model.pb\} \('.*nowhere' does not exist\)"):
            tf.saved_model.loader.load(new_sess, ["serve"], missing)


def test_a_saved_model_whose_variables_are_missing_is_a_not_found_error(tmp_path):
    sess, x, logits, probs = _trained_session()
    tf.saved_model.simple_save(sess, str(tmp_path / "m"), {"x": x}, {"probs": probs})
    for name in os.listdir(tmp_path / "m" / "variables"):
        os.remove(tmp_path / "m" / "variables" / name)
    with tf.Session(graph=tf.Graph()) as new_sess:
        with pytest.raises(tf.errors.NotFoundError, match="has no variables/variables.index"):
            tf.saved_model.loader.load(new_sess, ["serve"], str(tmp_path / "m"))


def test_signature_maps_are_checked_as_tf1_checks_them(tmp_path):
    sess, x, logits, probs = _trained_session()
    builder = tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "m"))
    good = tf.saved_model.predict_signature_def({"x": x}, {"probs": probs})
    with pytest.raises(KeyError, match="reserved for initialization"):
        builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map={"__saved_model_init_op": good})
    no_dtype = tf.saved_model.build_signature_def({"x": tf.saved_model.utils.build_tensor_info(x)},
                                                  {"y": TensorInfo(name="probs:0")}, "m")
    with pytest.raises(AssertionError, match="must have the dtype field set"):
        builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map={"s": no_dtype})
    with pytest.raises(TypeError, match="to be an Operation"):
        builder.add_meta_graph_and_variables(sess, ["serve"], main_op=probs)


# ----- signatures and tensor infos -----------------------------------------------------------
def test_signature_def_utils_build_tf1s_three_serving_signatures():
    examples = tf.placeholder(tf.string, [None], name="examples")
    scores = tf.placeholder(tf.float32, [None, 3], name="scores")
    classes = tf.placeholder(tf.string, [None, 3], name="classes")
    utils = tf.saved_model.signature_def_utils
    classify = utils.classification_signature_def(examples, classes, scores)
    assert classify.method_name == "tensorflow/serving/classify"
    assert (sorted(classify.inputs), sorted(classify.outputs)) == (["inputs"], ["classes", "scores"])
    assert classify.outputs["scores"].name == "scores:0"
    regress = utils.regression_signature_def(examples, tf.placeholder(tf.float32, [None, 1], name="value"))
    assert (regress.method_name, sorted(regress.outputs)) == ("tensorflow/serving/regress", ["outputs"])
    predict = utils.predict_signature_def({"images": scores}, {"classes": classes})
    assert predict.method_name == tf.saved_model.PREDICT_METHOD_NAME
    assert all(utils.is_valid_signature(s) for s in (classify, regress, predict))
    assert not utils.is_valid_signature(utils.build_signature_def({}, {}, "tensorflow/serving/predict"))
    with pytest.raises(ValueError, match="Regression output tensors must be tf.float32"):
        utils.regression_signature_def(examples, tf.placeholder(tf.float64, [None], name="wide"))
    with pytest.raises(ValueError, match="Classification `classes` and `scores` cannot both be None"):
        utils.classification_signature_def(examples, None, None)
    with pytest.raises(ValueError, match="Prediction `inputs` cannot be None or empty"):
        utils.predict_signature_def({}, {"y": scores})


def test_build_tensor_info_records_name_dtype_and_shape():
    x = tf.placeholder(tf.int64, [None, 5], name="ids")
    info = tf.saved_model.utils.build_tensor_info(x)
    assert (info.name, info.dtype) == ("ids:0", 9)  # DT_INT64
    assert [d.size for d in info.tensor_shape.dim] == [-1, 5]
    assert tf.saved_model.build_tensor_info(tf.placeholder(tf.float32, name="any")).tensor_shape.unknown_rank
    assert tf.saved_model.get_tensor_from_tensor_info(info) is x
    sparse = tf.SparseTensor(indices=[[0, 1]], values=[2.0], dense_shape=[2, 3])
    sparse_info = tf.saved_model.utils.build_tensor_info(sparse)
    assert sparse_info.WhichOneof("encoding") == "coo_sparse"
    back = tf.saved_model.utils.get_tensor_from_tensor_info(sparse_info)
    assert back.values.name == sparse.values.name
    assert [d.size for d in sparse_info.tensor_shape.dim] == [2, 3]


def test_tf1_spellings_of_the_saved_model_api():
    sm = tf.compat.v1.saved_model
    assert sm.Builder is sm.builder.SavedModelBuilder
    assert sm.load is sm.loader.load
    assert sm.contains_saved_model is sm.maybe_saved_model_directory is sm.loader.maybe_saved_model_directory
    assert (sm.SERVING, sm.TRAINING, sm.tag_constants.GPU, sm.tag_constants.TPU) == ("serve", "train", "gpu", "tpu")
    assert sm.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY == "serving_default"
    assert (sm.constants.SAVED_MODEL_FILENAME_PB, sm.VARIABLES_DIRECTORY, sm.MAIN_OP_KEY) == (
        "saved_model.pb", "variables", "saved_model_main_op")
    code = ("import jupyter_flow; jupyter_flow.install_as_tensorflow(force=True)\n"
            "from tensorflow.python.saved_model import builder, signature_constants, tag_constants\n"
            "from tensorflow.saved_model import loader\n"
            "import tensorflow as tf\n"
            "print(builder.SavedModelBuilder.__name__, tag_constants.SERVING, loader.load is tf.saved_model.load)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["SavedModelBuilder", "serve", "True"]


def test_a_model_saved_after_training_leaves_out_the_gradient_ops_tensorflow_lacks(tmp_path):
    """Our gradient kernels (SoftmaxGrad, ReductionGrad ...) have no TensorFlow op, so the SavedModel's
    graph leaves them out with what depends on them (the train op): TensorFlow can import it. The
    optimizer's variables stay."""
    x, w, b, logits, probs = _build_model()
    loss = tf.reduce_mean(tf.square(probs))
    step = tf.train.get_or_create_global_step()
    train = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(2):
            sess.run(train, {x: BATCH})
        expected = sess.run(probs, {x: BATCH})
        tf.saved_model.simple_save(sess, str(tmp_path / "m"), {"x": x}, {"probs": probs})
        gradient = tf.get_default_graph().get_tensor_by_name("gradients/probs_grad/SoftmaxGrad:0")
        builder = tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "bad"))
        with pytest.raises(ValueError, match=r"depends on op 'gradients/probs_grad/SoftmaxGrad' \(SoftmaxGrad\), "
                                             r"which TensorFlow has no op for"):
            builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map={
                "grad": tf.saved_model.predict_signature_def({"x": x}, {"g": gradient})})
    with tf.Session(graph=tf.Graph()) as new_sess:
        tf.saved_model.loader.load(new_sess, ["serve"], str(tmp_path / "m"))
        graph = new_sess.graph
        np.testing.assert_array_equal(new_sess.run("probs:0", {"x:0": BATCH}), expected)
        assert new_sess.run(tf.train.get_global_step(graph)) == 2
        assert "w/Adam" in [v.op.name for v in graph.get_collection("variables")]
        types = {op.type for op in graph.get_operations()}
        assert not types & {"SoftmaxGrad", "ReductionGrad", "SumToShape"}
        assert "Adam" not in [op.name for op in graph.get_operations()]
        assert graph.get_collection("train_op") == []
