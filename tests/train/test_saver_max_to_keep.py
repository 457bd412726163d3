"""max_to_keep follows TF1 (None or 0 keep all, a negative count is refused), and save() can
never delete the checkpoint it returns."""
import os

import pytest

import jupyter_flow as tf


def _saved_files(path):
    return sorted(p.name for p in path.iterdir() if p.name.endswith(".index"))


@pytest.mark.parametrize("count", [-1, -5])
def test_negative_max_to_keep_is_a_value_error_at_construction(count):
    tf.Variable(1.0, name="v")
    with pytest.raises(ValueError, match=rf"Saver\(max_to_keep={count}\): .* cannot be negative; pass None or 0"):
        tf.train.Saver(max_to_keep=count)


@pytest.mark.parametrize("value", [2.5, "3", True])
def test_non_integer_max_to_keep_is_a_type_error(value):
    tf.Variable(1.0, name="v")
    with pytest.raises(TypeError, match="max_to_keep=...\\) must be an integer or None"):
        tf.train.Saver(max_to_keep=value)


@pytest.mark.parametrize("count", [None, 0])
def test_none_and_zero_keep_every_checkpoint_and_restore_the_latest(tmp_path, count):
    v = tf.Variable(0, name="v")
    saver = tf.train.Saver(max_to_keep=count)
    with tf.Session() as sess:
        for step in (1, 2, 3):
            sess.run(v.assign(step * 10))
            returned = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=step)
            assert os.path.exists(returned + ".index")
        assert _saved_files(tmp_path) == [f"model.ckpt-{s}.index" for s in (1, 2, 3)]
        sess.run(v.assign(0))
        saver.restore(sess, tf.train.latest_checkpoint(str(tmp_path)))
        assert sess.run(v) == 30


def test_save_never_deletes_the_checkpoint_it_returns_even_if_queued_for_deletion(tmp_path):
    # The guard does not rely on the bookkeeping being right: queue the very prefix being saved
    # (as a wrong count or a stale list could) and the file still survives the save.
    v = tf.Variable(5, name="v")
    saver = tf.train.Saver(max_to_keep=1)
    target = str(tmp_path / "model.ckpt-7")
    saver._checkpoints_to_be_deleted.append((target, 0.0))
    saver._checkpoints_to_be_deleted.append((str(tmp_path / "." / "model.ckpt-7"), 0.0))  # same file, other spelling
    with tf.Session() as sess:
        sess.run(v.initializer)
        returned = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=7)
        assert returned == target
        assert _saved_files(tmp_path) == ["model.ckpt-7.index"]
        assert os.path.exists(target + ".meta")
        assert tf.train.latest_checkpoint(str(tmp_path)) == target
        sess.run(v.assign(0))
        saver.restore(sess, returned)
        assert sess.run(v) == 5


def test_max_to_keep_one_keeps_only_the_newest(tmp_path):
    v = tf.Variable(0, name="v")
    saver = tf.train.Saver(max_to_keep=1)
    with tf.Session() as sess:
        sess.run(v.initializer)
        for step in (1, 2, 3):
            saver.save(sess, str(tmp_path / "model.ckpt"), global_step=step)
    assert _saved_files(tmp_path) == ["model.ckpt-3.index"]
