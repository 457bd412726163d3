"""The `checkpoint` state file holds the paths as Saver.save got them, as TF1: absolute for an
absolute save_path, relative to the directory for a relative one. Expected file contents are
tensorflow.compat.v1's (TF 2.21), with that Saver's sequence of saves."""
import os

import pytest

import jupyter_flow as tf


def _paths(state_file):
    return [line for line in open(state_file).read().splitlines() if "timestamp" not in line]


@pytest.fixture
def saved(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for d in ("abs", "rel", "dot"):
        os.makedirs(d)
    v = tf.Variable(1.)
    with tf.Session() as sess:
        sess.run(v.initializer)
        s = tf.train.Saver()
        returned = [s.save(sess, str(tmp_path / "abs" / "model"), global_step=1),
                    s.save(sess, "rel/model", global_step=2), s.save(sess, "rel/model", global_step=3)]
        files = {"abs": _paths("abs/checkpoint"), "rel": _paths("rel/checkpoint")}
        returned += [s.save(sess, "./dot/model"), s.save(sess, "plain")]
        files.update(dot=_paths("dot/checkpoint"), plain=_paths("checkpoint"))
    return str(tmp_path), returned, files


def test_state_file_paths_follow_the_save_path_as_tf1(saved):
    d, returned, files = saved
    assert returned == [f"{d}/abs/model-1", "rel/model-2", "rel/model-3", "./dot/model", "plain"]
    assert files["abs"] == [f'model_checkpoint_path: "{d}/abs/model-1"', f'all_model_checkpoint_paths: "{d}/abs/model-1"']
    assert files["rel"] == ['model_checkpoint_path: "model-3"', f'all_model_checkpoint_paths: "{d}/abs/model-1"',
                            'all_model_checkpoint_paths: "model-2"', 'all_model_checkpoint_paths: "model-3"']
    # the Saver's earlier relative checkpoints, rewritten relative to the new directory
    assert files["dot"] == ['model_checkpoint_path: "model"', f'all_model_checkpoint_paths: "{d}/abs/model-1"',
                            'all_model_checkpoint_paths: "../rel/model-2"',
                            'all_model_checkpoint_paths: "../rel/model-3"', 'all_model_checkpoint_paths: "model"']
    assert files["plain"] == ['model_checkpoint_path: "plain"', f'all_model_checkpoint_paths: "{d}/abs/model-1"',
                              'all_model_checkpoint_paths: "rel/model-2"', 'all_model_checkpoint_paths: "rel/model-3"',
                              'all_model_checkpoint_paths: "dot/model"', 'all_model_checkpoint_paths: "plain"']


def test_latest_checkpoint_reads_either_form(saved):
    d, _, _ = saved
    assert tf.train.latest_checkpoint("rel") == "rel/model-3"
    assert tf.train.latest_checkpoint(f"{d}/abs") == f"{d}/abs/model-1"
    assert tf.train.latest_checkpoint(".") == "./plain"
    assert tf.train.latest_checkpoint("dot") == "dot/model"
    state = tf.train.get_checkpoint_state("rel")
    assert state.model_checkpoint_path == "rel/model-3"
    assert state.all_model_checkpoint_paths == [f"{d}/abs/model-1", "rel/model-2", "rel/model-3"]
    os.chdir("/")
    assert tf.train.latest_checkpoint(f"{d}/rel") == f"{d}/rel/model-3"
    assert tf.train.get_checkpoint_state(f"{d}/rel").all_model_checkpoint_paths == [
        f"{d}/abs/model-1", f"{d}/rel/model-2", f"{d}/rel/model-3"]


def test_save_relative_paths_writes_absolute_save_paths_relative(tmp_path):
    v = tf.Variable(1.)
    with tf.Session() as sess:
        sess.run(v.initializer)
        tf.train.Saver(save_relative_paths=True).save(sess, str(tmp_path / "model"), global_step=4)
    assert _paths(tmp_path / "checkpoint") == ['model_checkpoint_path: "model-4"',
                                               'all_model_checkpoint_paths: "model-4"']
    assert tf.train.latest_checkpoint(str(tmp_path)) == str(tmp_path / "model-4")
