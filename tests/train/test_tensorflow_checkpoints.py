"""Checkpoints in TensorFlow's own layout (<prefix>.index + <prefix>.data-00000-of-00001): a TF1 user's old
checkpoint restores unchanged, and ours can be exported for TensorFlow. The files in tf_written_checkpoint/
were written by TensorFlow's tf.compat.v1 Saver (see make_checkpoint.py there)."""
import os
import shutil

import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.train.tensor_bundle import read_bundle, write_bundle

TF_DIR = os.path.join(os.path.dirname(__file__), "tf_written_checkpoint")
TF_VALUES = {"layer/kernel": np.arange(6, dtype=np.float32).reshape(2, 3),
             "layer/bias": np.array([1.5, -2.0]), "global_step": np.int64(7), "flags": np.array([True, False]),
             "half": np.array([1, 2], np.float16)}


@pytest.fixture
def tf_checkpoint_dir(tmp_path):
    shutil.copytree(TF_DIR, tmp_path / "ckpt")
    return tmp_path / "ckpt"


def _variables_like_the_tf_program():
    return {"layer/kernel": tf.Variable(np.zeros((2, 3), np.float32), name="layer/kernel"),
            "layer/bias": tf.Variable(np.zeros(2), name="layer/bias"),
            "global_step": tf.Variable(0, name="global_step", dtype=tf.int64),
            "flags": tf.Variable(np.array([False, False]), name="flags"),
            "half": tf.Variable(np.zeros(2, np.float16), name="half")}


def test_saver_restores_a_checkpoint_tensorflow_wrote(tf_checkpoint_dir):
    with tf.Graph().as_default():
        variables = _variables_like_the_tf_program()
        with tf.Session() as sess:
            path = tf.train.latest_checkpoint(str(tf_checkpoint_dir))
            assert path == str(tf_checkpoint_dir / "model.ckpt")
            tf.train.Saver().restore(sess, path)
            for name, var in variables.items():
                value = sess.run(var)
                np.testing.assert_array_equal(value, TF_VALUES[name])
                assert value.dtype == TF_VALUES[name].dtype


def test_checkpoint_reader_lists_every_tensor_tensorflow_wrote_strings_included(tf_checkpoint_dir):
    assert tf.train.list_variables(str(tf_checkpoint_dir)) == [
        ("flags", [2]), ("global_step", []), ("half", [2]), ("layer/bias", [2]), ("layer/kernel", [2, 3]),
        ("words", [2])]
    reader = tf.train.NewCheckpointReader(str(tf_checkpoint_dir / "model.ckpt"))
    assert list(reader.get_tensor("words")) == [b"ab", b"cde"]
    assert tf.train.checkpoint_exists(str(tf_checkpoint_dir / "model.ckpt"))


def test_a_flipped_byte_in_a_tensorflow_data_file_is_data_loss_naming_the_tensor(tf_checkpoint_dir):
    data = tf_checkpoint_dir / "model.ckpt.data-00000-of-00001"
    raw = bytearray(data.read_bytes())
    raw[-3] ^= 0x01  # tensors are stored in name order: the last bytes are the strings of 'words'
    data.write_bytes(bytes(raw))
    with pytest.raises(tf.errors.DataLossError, match="checksum of .*tensor 'words'"):
        read_bundle(str(tf_checkpoint_dir / "model.ckpt"))


def test_a_flipped_byte_in_a_tensorflow_index_is_data_loss_naming_the_file(tf_checkpoint_dir):
    index = tf_checkpoint_dir / "model.ckpt.index"
    raw = bytearray(index.read_bytes())
    raw[20] ^= 0x10
    index.write_bytes(bytes(raw))
    with pytest.raises(tf.errors.DataLossError, match=r"model\.ckpt\.index: the checksum of the block at byte 0"):
        tf.train.NewCheckpointReader(str(tf_checkpoint_dir / "model.ckpt"))


def test_a_missing_tensorflow_data_file_is_data_loss_saying_what_to_copy(tf_checkpoint_dir):
    os.remove(tf_checkpoint_dir / "model.ckpt.data-00000-of-00001")
    with pytest.raises(tf.errors.DataLossError, match=r"data-00000-of-00001 is missing .*Copy every"):
        tf.train.load_variable(str(tf_checkpoint_dir), "half")


def test_importing_a_tensorflow_meta_graph_says_to_rebuild_and_restore(tf_checkpoint_dir):
    with tf.Graph().as_default(), pytest.raises(tf.errors.UnimplementedError,
                                                match="written by TensorFlow .*Saver\\(\\).restore"):
        tf.train.import_meta_graph(str(tf_checkpoint_dir / "model.ckpt.meta"))


def test_bundle_written_by_us_has_tensorflows_data_bytes_and_reads_back(tmp_path):
    arrays = dict(TF_VALUES, words=np.array([b"ab", b"cde"], dtype=object))
    write_bundle(str(tmp_path / "ours.ckpt"), arrays)
    ours = (tmp_path / "ours.ckpt.data-00000-of-00001").read_bytes()
    assert ours == open(os.path.join(TF_DIR, "model.ckpt.data-00000-of-00001"), "rb").read()
    back = read_bundle(str(tmp_path / "ours.ckpt"))
    assert sorted(back) == sorted(arrays)
    for name, value in arrays.items():
        np.testing.assert_array_equal(back[name], value)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16",
                                   "uint32", "uint64", "bool", "float16", "bfloat16", "complex64", "complex128"])
def test_every_numeric_dtype_round_trips_through_a_bundle(tmp_path, dtype):
    value = np.arange(-3, 3).reshape(2, 3).astype(tf.as_dtype(dtype).as_numpy_dtype)
    write_bundle(str(tmp_path / "m"), {"v": value, "many/names/" + "x" * 40: value[:1]})
    back = read_bundle(str(tmp_path / "m"))["v"]
    assert back.dtype == value.dtype and back.shape == value.shape
    np.testing.assert_array_equal(back, value)


def test_a_jupyter_flow_checkpoint_exports_for_tensorflow_and_restores_from_the_export(tmp_path):
    with tf.Graph().as_default():
        w = tf.Variable([[1.0, 2.0]], name="dense/kernel")
        step = tf.train.get_or_create_global_step()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(step.assign(41))
            saved = tf.train.Saver().save(sess, str(tmp_path / "m.ckpt"))
    tf.train.export_checkpoint_for_tensorflow(saved, str(tmp_path / "for_tf" / "m.ckpt"))
    assert sorted(os.listdir(tmp_path / "for_tf")) == ["m.ckpt.data-00000-of-00001", "m.ckpt.index"]
    with tf.Graph().as_default():
        w = tf.Variable([[0.0, 0.0]], name="dense/kernel")
        step = tf.train.get_or_create_global_step()
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, str(tmp_path / "for_tf" / "m.ckpt"))
            assert sess.run([w, step])[1] == 41
            np.testing.assert_array_equal(sess.run(w), [[1.0, 2.0]])


def test_training_resumes_from_a_tensorflow_adam_checkpoint_with_tensorflows_numbers():
    # The network of tf_written_adam_checkpoint/make_checkpoint.py: every variable, Adam slot (kernel/Adam,
    # kernel/Adam_1, beta1_power) and batch-norm statistic must have TF1's name for the restore to find it.
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
    feed = {X: rng.randn(32, 4).astype(np.float32), y: rng.randint(0, 3, 32)}
    moving_mean = tf.global_variables("net/batch_normalization/moving_mean")[0]
    with tf.Session() as sess:
        tf.train.Saver().restore(sess, os.path.join(os.path.dirname(__file__), "tf_written_adam_checkpoint",
                                                    "model.ckpt"))
        np.testing.assert_allclose(sess.run(loss, feed), 1.3470764, rtol=1e-6)  # TF1's loss at this checkpoint
        for _ in range(3):
            sess.run(train, feed)
        # TF1, restoring the same file and running 3 more steps: loss 1.225332, step 8, these moving means.
        np.testing.assert_allclose(sess.run(loss, feed), 1.225332, rtol=1e-6)
        assert sess.run(step) == 8
        np.testing.assert_allclose(sess.run(moving_mean)[:3], [0.03249316, 0.03056002, 0.01730699], rtol=1e-6)


REFERENCE_PYTHON = "/work/refenv/bin/python"  # TensorFlow 2.x (compat.v1), when this machine has it


def test_saver_writes_tensorflows_layout_which_tf1_programs_look_for(tmp_path):
    with tf.Graph().as_default():
        tf.Variable([1.0, 2.0], name="v")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            saver = tf.train.Saver(max_to_keep=2)
            paths = [saver.save(sess, str(tmp_path / "m"), global_step=i) for i in (1, 2, 3)]
    # TF1 leaves exactly these files: the oldest checkpoint's index, data and meta are all deleted.
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "m-2.data-00000-of-00001", "m-2.index", "m-2.meta",
                                            "m-3.data-00000-of-00001", "m-3.index", "m-3.meta"]
    assert os.path.exists(paths[-1] + ".index") and tf.train.checkpoint_exists(paths[-1])
    assert not tf.train.checkpoint_exists(paths[0])
    mtimes = tf.train.get_checkpoint_mtimes(paths)  # as TF1: the deleted m-1 is skipped
    assert mtimes == [os.path.getmtime(p + ".index") for p in paths[1:]]


@pytest.mark.skipif(not os.path.exists(REFERENCE_PYTHON), reason="no reference TensorFlow at /work/refenv")
def test_tensorflow_restores_a_checkpoint_our_saver_wrote(tmp_path):
    import subprocess
    with tf.Graph().as_default():
        tf.Variable([[1.5, -2.0]], name="dense/kernel")
        tf.Variable(["ab", "cde"], name="words")
        step = tf.train.get_or_create_global_step()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            path = tf.train.Saver().save(sess, str(tmp_path / "model.ckpt"), global_step=step)
    script = (
        "import sys, tensorflow.compat.v1 as tf\n"
        "tf.disable_v2_behavior()\n"
        "k = tf.Variable([[0.0, 0.0]], name='dense/kernel'); w = tf.Variable(['', ''], name='words')\n"
        "g = tf.train.get_or_create_global_step()\n"
        "with tf.Session() as sess:\n"
        "    path = tf.train.latest_checkpoint(sys.argv[1])\n"
        "    tf.train.Saver().restore(sess, path)\n"
        "    print(path, sess.run(k).tolist(), sess.run(w).tolist(), sess.run(g))\n")
    done = subprocess.run([REFERENCE_PYTHON, "-c", script, str(tmp_path)], capture_output=True, text=True,
                          timeout=300, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split("\n")[-2] == f"{path} [[1.5, -2.0]] [b'ab', b'cde'] 0"
