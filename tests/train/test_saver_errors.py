"""Restore errors name the file and the variable: missing, corrupted, absent key, mismatches."""
import json
import os
import re

import numpy as np
import pytest
import safetensors.numpy

import jupyter_flow as tf
from jupyter_flow.train.checkpoint_format import CHECKPOINT_KIND, write_tensor_file
from jupyter_flow.train.tensor_bundle import read_bundle


@pytest.fixture
def saved(tmp_path):
    """A checkpoint of theta (float32 [3, 1]) and step (int32); returns its prefix."""
    tf.Variable([[1.0], [2.0], [3.0]], name="theta")
    tf.Variable(7, name="step")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, str(tmp_path / "model.ckpt"))
    tf.reset_default_graph()
    return path


@pytest.fixture
def old_saved(saved):
    """The same checkpoint as an older jupyter_flow wrote it: one checksummed `<prefix>.safetensors`."""
    write_tensor_file(saved + ".safetensors", read_bundle(saved), {}, CHECKPOINT_KIND)
    for suffix in (".index", ".data-00000-of-00001"):
        os.remove(saved + suffix)
    return saved


def _restore(path, **variables):
    saver = tf.train.Saver({name: tf.Variable(value, name=name) for name, value in variables.items()})
    with tf.Session() as sess:
        saver.restore(sess, path)
        return {name: sess.run(name + ":0") for name in variables}


def test_missing_checkpoint_is_not_found_in_tf1_words(tmp_path):
    with pytest.raises(tf.errors.NotFoundError,
                       match=re.escape(f"Failed to find any matching files for {tmp_path / 'nothing.ckpt'}")):
        _restore(str(tmp_path / "nothing.ckpt"), theta=np.zeros((3, 1), np.float32))


def test_restore_of_directory_suggests_latest_checkpoint(saved, tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match=r"is a directory: pass a checkpoint prefix, e.g. "
                                                      r"tf.train.latest_checkpoint"):
        _restore(str(tmp_path), theta=np.zeros((3, 1), np.float32))


def test_restore_of_tf1_file_name_suggests_the_prefix(saved):
    with pytest.raises(tf.errors.NotFoundError, match=re.escape(f"Pass the checkpoint prefix ('{saved}')")):
        _restore(saved + ".index", theta=np.zeros((3, 1), np.float32))


def test_restore_of_none_explains_latest_checkpoint_returned_none():
    tf.Variable(1.0, name="a")
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="Can't load save_path when it is None"):
            tf.train.Saver().restore(sess, None)


def test_variable_absent_from_checkpoint_names_key_file_and_contents(saved):
    with pytest.raises(tf.errors.NotFoundError) as e:
        _restore(saved, theta=np.zeros((3, 1), np.float32), bias=np.float32(0))
    assert f"Key bias not found in checkpoint {saved}" in str(e.value)
    assert "The checkpoint holds: step, theta" in str(e.value)
    assert e.value.op.name == "bias"


def test_shape_mismatch_names_variable_and_both_shapes(saved):
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        _restore(saved, theta=np.zeros((4, 1), np.float32))
    msg = str(e.value)
    assert f"Restoring from checkpoint {saved} failed: variable 'theta'" in msg
    assert "shape [4,1] in the graph but shape [3,1] in the checkpoint" in msg
    assert "lhs shape= [4,1] rhs shape= [3,1]" in msg


def test_dtype_mismatch_names_variable_and_both_dtypes(saved):
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        _restore(saved, theta=np.zeros((3, 1), np.float64))
    assert (f"tensor_name = theta; expected dtype float64 does not equal original dtype float32 in checkpoint "
            f"{saved}") in str(e.value)


def test_flipped_byte_in_data_is_data_loss_with_checksum_message(old_saved):
    data = bytearray(open(old_saved + ".safetensors", "rb").read())
    data[-3] ^= 0x01  # inside theta's float bytes
    open(old_saved + ".safetensors", "wb").write(data)
    with pytest.raises(tf.errors.DataLossError) as e:
        _restore(old_saved, theta=np.zeros((3, 1), np.float32), step=np.int32(0))
    assert f"Unable to read file {old_saved}.safetensors: Checksum does not match: stored " in str(e.value)


def test_flipped_byte_in_header_is_data_loss(old_saved):
    data = bytearray(open(old_saved + ".safetensors", "rb").read())
    i = data.index(b'"shape":[3,1]') + len('"shape":[')
    data[i:i + 3] = b"1,3"  # same byte count, another shape: only the checksum can tell
    open(old_saved + ".safetensors", "wb").write(data)
    with pytest.raises(tf.errors.DataLossError, match="Checksum does not match"):
        _restore(old_saved, theta=np.zeros((1, 3), np.float32))


@pytest.mark.parametrize("keep", [0, 5, 100, -1])
def test_truncated_file_is_data_loss_saying_truncated(old_saved, keep):
    data = open(old_saved + ".safetensors", "rb").read()
    open(old_saved + ".safetensors", "wb").write(data[:keep] if keep >= 0 else data[:keep])
    with pytest.raises(tf.errors.DataLossError, match=r"truncated") as e:
        _restore(old_saved, theta=np.zeros((3, 1), np.float32))
    assert f"{old_saved}.safetensors" in str(e.value)


def test_foreign_safetensors_file_is_refused(old_saved):
    open(old_saved + ".safetensors", "wb").write(safetensors.numpy.save({"theta": np.zeros((3, 1), np.float32)}))
    with pytest.raises(tf.errors.DataLossError, match="not a jupyter_flow checkpoint or meta graph"):
        _restore(old_saved, theta=np.zeros((3, 1), np.float32))


def test_meta_graph_file_passed_as_checkpoint_is_refused(old_saved):
    meta = open(old_saved + ".meta", "rb").read()
    open(old_saved + ".safetensors", "wb").write(meta)
    with pytest.raises(tf.errors.DataLossError, match="holds a 'jupyter_flow.meta_graph', not a "
                                                      "'jupyter_flow.checkpoint'"):
        _restore(old_saved, theta=np.zeros((3, 1), np.float32))


def test_flipped_byte_in_the_data_file_we_write_is_data_loss_naming_the_tensor(saved):
    data = bytearray(open(saved + ".data-00000-of-00001", "rb").read())
    data[-2] ^= 0x01  # tensors are stored in name order: the last bytes are theta's
    open(saved + ".data-00000-of-00001", "wb").write(data)
    with pytest.raises(tf.errors.DataLossError, match=r"data-00000-of-00001: the checksum of tensor 'theta'"):
        _restore(saved, theta=np.zeros((3, 1), np.float32), step=np.int32(0))


def test_truncated_index_we_write_is_data_loss_naming_it(saved):
    index = open(saved + ".index", "rb").read()
    open(saved + ".index", "wb").write(index[:-10])
    with pytest.raises(tf.errors.DataLossError, match=r"model\.ckpt\.index: it is not a TensorFlow checkpoint"):
        _restore(saved, theta=np.zeros((3, 1), np.float32))


class _TouchOnUnpickle:
    """A pickle that creates a file when loaded: what an attacker would plant."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        import pathlib
        return pathlib.Path.touch, (pathlib.Path(self.path),)


def test_malicious_pickle_is_data_loss_and_never_executed(old_saved, tmp_path):
    import pickle
    marker = tmp_path / "executed"
    payload = pickle.dumps(_TouchOnUnpickle(str(marker)))
    pickle.loads(payload)  # proves the payload works...
    marker.unlink()        # ...then plant it as the checkpoint
    open(old_saved + ".safetensors", "wb").write(payload)
    with pytest.raises(tf.errors.DataLossError):
        _restore(old_saved, theta=np.zeros((3, 1), np.float32))
    assert not marker.exists()


def test_failed_restore_leaves_variables_untouched(saved):
    theta = tf.Variable(np.full((4, 1), 9.0, np.float32), name="theta")
    step = tf.Variable(0, name="step")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError):
            tf.train.Saver().restore(sess, saved)
        assert sess.run(step) == 0  # 'step' sorts before 'theta' yet was not restored
        np.testing.assert_array_equal(sess.run(theta), np.full((4, 1), 9.0))


def test_meta_graph_checksum_is_verified_on_import(saved):
    data = bytearray(open(saved + ".meta", "rb").read())
    header_len = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + header_len])
    assert header["__metadata__"]["format"] == "jupyter_flow.meta_graph"
    i = data.index(b"theta")
    data[i] = ord("T")
    open(saved + ".meta", "wb").write(data)
    with pytest.raises(tf.errors.DataLossError, match=f"Unable to read file {re.escape(saved)}.meta: Checksum"):
        tf.train.import_meta_graph(saved + ".meta")


def test_missing_meta_graph_is_oserror_as_tf1(tmp_path):
    with pytest.raises(OSError, match=re.escape(f"File {tmp_path / 'x.meta'} does not exist.")):
        tf.train.import_meta_graph(str(tmp_path / "x.meta"))
