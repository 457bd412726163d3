"""A process killed (SIGKILL) in the middle of Saver.save never damages earlier checkpoints, and
latest_checkpoint never names a partial one.

The child process saves a large-ish variable in a loop. Deterministic kills: the child wraps
os.replace / os.fdopen so that it SIGKILLs itself at a chosen point of one save (mid-write of
the data file, before or after each rename). Random kills: the parent kills the child while it
is saving. Either way the parent then restores the latest checkpoint in a fresh graph and
verifies every checkpoint the state file lists.
"""
import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.train.tensor_bundle import read_bundle

N = 500_000  # float32 elements: 2 MB per checkpoint, so a save takes a while

CHILD = textwrap.dedent(f"""
    import os, signal, sys
    import jupyter_flow as tf

    ckpt_dir, kill_point, kill_step = sys.argv[1], sys.argv[2], int(sys.argv[3])
    current = {{"step": 0}}

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    real_replace, real_fdopen = os.replace, os.fdopen

    def replace(src, dst, *a, **k):
        target = f"model.ckpt-{{kill_step}}"
        is_data = dst.endswith(target + ".data-00000-of-00001")
        is_index = dst.endswith(target + ".index")
        is_meta = dst.endswith(target + ".meta")
        is_state = dst.endswith("/checkpoint")
        now = current["step"] == kill_step
        if now and ((kill_point == "before_data_rename" and is_data) or
                    (kill_point == "before_index_rename" and is_index) or
                    (kill_point == "before_meta_rename" and is_meta) or
                    (kill_point == "before_state_rename" and is_state)):
            die()
        real_replace(src, dst, *a, **k)
        if now and kill_point == "after_state_rename" and is_state:
            die()  # before the old checkpoints are deleted

    class DyingAfterOneMegabyteFile:
        def __init__(self, f):
            self.f, self.written = f, 0
        def write(self, data):
            room = 1_000_000 - self.written
            if len(data) < room:
                self.written += len(data)
                return self.f.write(data)
            self.f.write(bytes(memoryview(data)[:room]))
            self.f.flush()
            os.fsync(self.f.fileno())
            die()
        def __getattr__(self, name):
            return getattr(self.f, name)
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.f.__exit__(*exc)

    def fdopen(fd, *a, **k):
        f = real_fdopen(fd, *a, **k)
        if current["step"] == kill_step and kill_point == "mid_data_write" and not current.get("wrote"):
            current["wrote"] = True
            return DyingAfterOneMegabyteFile(f)
        return f

    os.replace, os.fdopen = replace, fdopen

    big = tf.Variable(tf.zeros([{N}]), name="big")
    step = tf.Variable(0, name="global_step", trainable=False)
    advance = tf.group(tf.assign(big, big + 1.0), tf.assign_add(step, 1))
    saver = tf.train.Saver(max_to_keep=3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(1, 100000):
            sess.run(advance)
            current["step"] = i
            print("saving", i, flush=True)
            saver.save(sess, os.path.join(ckpt_dir, "model.ckpt"), global_step=step)
            print("saved", i, flush=True)
""")


def _run_child(tmp_path, kill_point="none", kill_step=0, kill_after_saving=None):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    ckpt_dir = tmp_path / "ckpts"
    ckpt_dir.mkdir()
    proc = subprocess.Popen([sys.executable, str(script), str(ckpt_dir), kill_point, str(kill_step)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    saved = 0
    try:
        for line in proc.stdout:
            word, i = line.split()
            if word == "saved":
                saved = int(i)
            if kill_after_saving is not None and word == "saving" and int(i) == kill_after_saving:
                proc.send_signal(signal.SIGKILL)  # lands somewhere inside this save
                break
    finally:
        proc.wait(timeout=120)
        err = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, err
    return ckpt_dir, saved


def _check_directory(ckpt_dir, at_least):
    """latest_checkpoint restores in a fresh graph; every listed checkpoint verifies and holds its step."""
    latest = tf.train.latest_checkpoint(str(ckpt_dir))
    assert latest is not None
    latest_step = int(latest.rsplit("-", 1)[1])
    assert latest_step >= at_least

    tf.reset_default_graph()
    big = tf.Variable(tf.zeros([N]), name="big")
    step = tf.Variable(-1, name="global_step", trainable=False)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, latest)
        assert sess.run(step) == latest_step
        np.testing.assert_array_equal(sess.run(big), np.full(N, latest_step, np.float32))

    state = tf.train.get_checkpoint_state(str(ckpt_dir))
    assert state.all_model_checkpoint_paths[-1] == latest
    assert 1 <= len(state.all_model_checkpoint_paths) <= 3
    for path in state.all_model_checkpoint_paths:
        arrays = read_bundle(path)  # checksums verified
        s = int(path.rsplit("-", 1)[1])
        assert arrays["global_step"] == s
        assert np.all(arrays["big"] == s)
        assert os.path.isfile(path + ".meta")
    return latest_step


@pytest.mark.parametrize("kill_point, expected_latest", [
    ("mid_data_write", 4),        # 1 MB of the 2 MB data file written to the temporary file
    ("before_data_rename", 4),    # the complete data file, not yet renamed
    ("before_index_rename", 4),   # data file in place, the index (which makes it a checkpoint) not yet
    ("before_meta_rename", 4),    # data and index in place, meta graph not yet
    ("before_state_rename", 4),   # both files in place, state file not yet updated
    ("after_state_rename", 5),    # state names step 5; old checkpoints not yet deleted
])
def test_sigkill_at_each_point_of_a_save_keeps_a_restorable_latest_checkpoint(tmp_path, kill_point,
                                                                               expected_latest):
    ckpt_dir, saved = _run_child(tmp_path, kill_point, kill_step=5)
    assert saved == 4
    assert _check_directory(ckpt_dir, at_least=4) == expected_latest
    # The kill landed where intended: what is (not) on disk proves it.
    files = set(os.listdir(ckpt_dir))
    temporaries = sorted(f for f in files if f.endswith(".tmp"))
    if kill_point in ("mid_data_write", "before_data_rename"):
        assert "model.ckpt-5.data-00000-of-00001" not in files
        assert len(temporaries) == 1 and temporaries[0].startswith(".model.ckpt-5.data-00000-of-00001.")
        full_size = os.path.getsize(ckpt_dir / "model.ckpt-4.data-00000-of-00001")
        expected_size = 1_000_000 if kill_point == "mid_data_write" else full_size
        assert os.path.getsize(ckpt_dir / temporaries[0]) == expected_size
    elif kill_point == "before_index_rename":
        assert "model.ckpt-5.data-00000-of-00001" in files and "model.ckpt-5.index" not in files
        assert len(temporaries) == 1 and temporaries[0].startswith(".model.ckpt-5.index.")
    elif kill_point == "before_meta_rename":
        assert "model.ckpt-5.index" in files and "model.ckpt-5.meta" not in files
        assert len(temporaries) == 1 and temporaries[0].startswith(".model.ckpt-5.meta.")
    elif kill_point == "before_state_rename":
        assert {"model.ckpt-5.data-00000-of-00001", "model.ckpt-5.index", "model.ckpt-5.meta"} <= files
        assert len(temporaries) == 1 and temporaries[0].startswith(".checkpoint.")
    else:
        assert not temporaries
        assert "model.ckpt-2.index" in files  # fell out of max_to_keep, not yet deleted
        assert str(ckpt_dir / "model.ckpt-2") not in tf.train.get_checkpoint_state(
            str(ckpt_dir)).all_model_checkpoint_paths


@pytest.mark.parametrize("kill_after_saving", [4, 7])
def test_sigkill_at_a_random_moment_of_a_save_loop_keeps_a_restorable_latest_checkpoint(tmp_path,
                                                                                       kill_after_saving):
    ckpt_dir, saved = _run_child(tmp_path, kill_after_saving=kill_after_saving)
    assert saved == kill_after_saving - 1
    _check_directory(ckpt_dir, at_least=saved)


def test_an_exception_while_writing_leaves_previous_checkpoint_and_no_temp_file(tmp_path, monkeypatch):
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(v.initializer)
        first = saver.save(sess, str(tmp_path / "m"), global_step=1)
        sess.run(v.assign(2.0))

        def disk_full(fd):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", disk_full)
        with pytest.raises(OSError, match="No space left"):
            saver.save(sess, str(tmp_path / "m"), global_step=2)
        monkeypatch.undo()
        assert sorted(os.listdir(tmp_path)) == ["checkpoint", "m-1.data-00000-of-00001", "m-1.index", "m-1.meta"]
        assert tf.train.latest_checkpoint(str(tmp_path)) == first
        saver.restore(sess, first)
        assert v.eval() == 1.0
