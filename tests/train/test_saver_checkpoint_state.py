"""The `checkpoint` state file, latest_checkpoint and max_to_keep."""
import os
import shutil

import pytest

import jupyter_flow as tf
from jupyter_flow.train import checkpoint_state


def _save_steps(tmp_path, steps, **saver_kwargs):
    v = tf.Variable(0, name="v")
    saver = tf.train.Saver(**saver_kwargs)
    with tf.Session() as sess:
        for step in steps:
            sess.run(v.assign(step))
            saver.save(sess, str(tmp_path / "model.ckpt"), global_step=step)
    return saver


def _files(tmp_path):
    return sorted(p.name for p in tmp_path.iterdir())


def test_max_to_keep_deletes_older_checkpoints_and_lists_the_kept_ones(tmp_path):
    saver = _save_steps(tmp_path, range(1, 8), max_to_keep=3)
    assert _files(tmp_path) == ["checkpoint"] + [f"model.ckpt-{s}.{ext}" for s in (5, 6, 7)
                                                 for ext in ("data-00000-of-00001", "index", "meta")]
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert state.model_checkpoint_path == str(tmp_path / "model.ckpt-7")
    assert state.all_model_checkpoint_paths == [str(tmp_path / f"model.ckpt-{s}") for s in (5, 6, 7)]
    assert saver.last_checkpoints == [str(tmp_path / f"model.ckpt-{s}") for s in (5, 6, 7)]
    assert tf.train.latest_checkpoint(str(tmp_path)) == str(tmp_path / "model.ckpt-7")


def test_state_file_uses_tf1_text_format_with_the_save_paths_as_given(tmp_path):
    _save_steps(tmp_path, [10, 20], max_to_keep=5)
    lines = (tmp_path / "checkpoint").read_text().splitlines()
    assert lines[:3] == [f'model_checkpoint_path: "{tmp_path}/model.ckpt-20"',  # absolute, as TF1
                         f'all_model_checkpoint_paths: "{tmp_path}/model.ckpt-10"',
                         f'all_model_checkpoint_paths: "{tmp_path}/model.ckpt-20"']
    assert [ln.split(":")[0] for ln in lines[3:]] == ["all_model_checkpoint_timestamps"] * 2 + [
        "last_preserved_timestamp"]


def test_checkpoint_directory_saved_with_relative_paths_can_be_moved(tmp_path):
    src = tmp_path / "run1"
    src.mkdir()
    _save_steps(src, [1, 2], save_relative_paths=True)  # TF1's option for it (absolute paths would not move)
    shutil.move(str(src), str(tmp_path / "moved"))
    latest = tf.train.latest_checkpoint(str(tmp_path / "moved"))
    assert latest == str(tmp_path / "moved" / "model.ckpt-2")
    tf.reset_default_graph()
    v = tf.Variable(0, name="v")
    with tf.Session() as sess:
        tf.train.Saver().restore(sess, latest)
        assert v.eval() == 2


def test_resaving_the_same_prefix_keeps_one_entry(tmp_path):
    saver = _save_steps(tmp_path, [3, 3, 3], max_to_keep=2)
    assert saver.last_checkpoints == [str(tmp_path / "model.ckpt-3")]
    assert tf.train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths == [
        str(tmp_path / "model.ckpt-3")]


def test_max_to_keep_none_deletes_nothing_and_lists_only_the_latest(tmp_path):
    _save_steps(tmp_path, [1, 2, 3], max_to_keep=None)
    assert len([f for f in _files(tmp_path) if f.endswith(".index")]) == 3
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert state.all_model_checkpoint_paths == [str(tmp_path / "model.ckpt-3")]


def test_keep_checkpoint_every_zero_hours_preserves_every_checkpoint(tmp_path):
    saver = _save_steps(tmp_path, [1, 2, 3, 4], max_to_keep=1, keep_checkpoint_every_n_hours=0)
    assert len([f for f in _files(tmp_path) if f.endswith(".index")]) == 4
    assert saver.last_checkpoints == [str(tmp_path / "model.ckpt-4")]


def test_recover_last_checkpoints_lets_a_new_saver_delete_old_ones(tmp_path):
    _save_steps(tmp_path, [1, 2, 3], max_to_keep=3)
    tf.reset_default_graph()
    v = tf.Variable(0, name="v")
    saver = tf.train.Saver(max_to_keep=3)
    saver.recover_last_checkpoints(tf.train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths)
    with tf.Session() as sess:
        sess.run(v.initializer)
        saver.save(sess, str(tmp_path / "model.ckpt"), global_step=4)
    assert [f for f in _files(tmp_path) if f.endswith(".index")] == [f"model.ckpt-{s}.index" for s in (2, 3, 4)]


def test_latest_checkpoint_is_none_without_state_file(tmp_path):
    assert tf.train.latest_checkpoint(str(tmp_path)) is None
    assert tf.train.get_checkpoint_state(str(tmp_path)) is None
    assert tf.train.latest_checkpoint(str(tmp_path / "does_not_exist")) is None


def test_latest_checkpoint_is_none_with_warning_when_index_file_is_gone(tmp_path):
    _save_steps(tmp_path, [1])
    os.remove(tmp_path / "model.ckpt-1.index")
    with pytest.warns(UserWarning, match="model.ckpt-1.index is missing"):
        assert tf.train.latest_checkpoint(str(tmp_path)) is None


def test_checkpoint_exists_accepts_prefix_or_index_file_as_tf1(tmp_path):
    _save_steps(tmp_path, [1])
    assert tf.train.checkpoint_exists(str(tmp_path / "model.ckpt-1"))
    assert tf.train.checkpoint_exists(str(tmp_path / "model.ckpt-1.index"))  # TF1: True too
    assert not tf.train.checkpoint_exists(str(tmp_path / "model.ckpt-2"))


def test_custom_latest_filename(tmp_path):
    v = tf.Variable(5, name="v")
    with tf.Session() as sess:
        sess.run(v.initializer)
        tf.train.Saver().save(sess, str(tmp_path / "m"), latest_filename="best")
    assert not (tmp_path / "checkpoint").exists()
    assert tf.train.latest_checkpoint(str(tmp_path), "best") == str(tmp_path / "m")


@pytest.mark.parametrize("name", ['plain', 'with space', 'quote"and\\backslash', 'tab\there', 'naïve-ü-🙂'])
def test_state_file_string_escaping_round_trips(tmp_path, name):
    checkpoint_state.update_checkpoint_state(str(tmp_path), str(tmp_path / name))
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert state.model_checkpoint_path == str(tmp_path / name)
    assert (tmp_path / "checkpoint").read_bytes().isascii()


def test_state_file_written_by_tensorflow_is_read(tmp_path):
    # As TensorFlow 1.15 writes it, absolute paths and octal escapes included.
    (tmp_path / "checkpoint").write_text(
        'model_checkpoint_path: "/data/run/model.ckpt-200"\n'
        'all_model_checkpoint_paths: "/data/run/model.ckpt-100"\n'
        'all_model_checkpoint_paths: "/data/run/model.ckpt-200"\n'
        'all_model_checkpoint_timestamps: 1584380123.4567\n'
        'all_model_checkpoint_timestamps: 1584380190.0\n'
        'last_preserved_timestamp: 1584380000.25\n'
        'some_future_field: 3\n')
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert state.model_checkpoint_path == "/data/run/model.ckpt-200"
    assert state.all_model_checkpoint_paths == ["/data/run/model.ckpt-100", "/data/run/model.ckpt-200"]
    assert state.all_model_checkpoint_timestamps == [1584380123.4567, 1584380190.0]
    assert state.last_preserved_timestamp == 1584380000.25
    (tmp_path / "checkpoint").write_text('model_checkpoint_path: "caf\\303\\251"\n')
    assert tf.train.get_checkpoint_state(str(tmp_path)).model_checkpoint_path == str(tmp_path / "café")


def test_garbled_state_file_is_data_loss_naming_file_and_line(tmp_path):
    (tmp_path / "checkpoint").write_text('model_checkpoint_path: "model.ckpt-1"\nall_model_checkpoint_paths: "unterminated\n')
    with pytest.raises(tf.errors.DataLossError, match=r"checkpoint state file .*checkpoint, line 2"):
        tf.train.latest_checkpoint(str(tmp_path))
    (tmp_path / "checkpoint").write_text('all_model_checkpoint_paths: "a"\n')
    with pytest.raises(tf.errors.DataLossError, match="has no model_checkpoint_path"):
        tf.train.get_checkpoint_state(str(tmp_path))


def test_saving_leaves_no_temporary_files(tmp_path):
    _save_steps(tmp_path, range(5), max_to_keep=2)
    assert not [f for f in _files(tmp_path) if f.endswith(".tmp")]


def test_values_of_each_listed_checkpoint_match_their_step(tmp_path):
    _save_steps(tmp_path, range(1, 6), max_to_keep=3)
    tf.reset_default_graph()
    v = tf.Variable(0, name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        for path in tf.train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths:
            saver.restore(sess, path)
            assert v.eval() == int(path.rsplit("-", 1)[1])
