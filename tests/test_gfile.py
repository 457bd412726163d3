"""tf.gfile / tf.io.gfile: TF's modes, return types and error types and messages (TF's values)."""
import os

import pytest

import jupyter_flow as tf


def test_text_mode_reads_str_and_binary_mode_reads_bytes(tmp_path):
    path = str(tmp_path / "x.txt")
    with tf.gfile.GFile(path, "w") as f:
        f.write("hello\nworld\n")
    assert tf.gfile.GFile(path).read() == "hello\nworld\n"
    assert tf.gfile.GFile(path, "rb").read() == b"hello\nworld\n"
    assert tf.gfile.Open(path, "r").readlines() == ["hello\n", "world\n"]
    assert list(tf.gfile.FastGFile(path, "r")) == ["hello\n", "world\n"]
    assert tf.gfile.GFile(path).readline() == "hello\n"
    assert tf.gfile.GFile(path).size() == 12


def test_read_seek_tell_count_bytes(tmp_path):
    path = str(tmp_path / "x.txt")
    with tf.gfile.GFile(path, "w") as f:
        f.write("hello\nworld\n")
    f = tf.gfile.GFile(path)
    assert f.read(3) == "hel"
    f.seek(2)
    assert (f.read(2), f.tell()) == ("ll", 4)
    assert (f.name, f.mode) == (path, "r")


def test_write_takes_str_or_bytes_in_any_mode_and_append_adds(tmp_path):
    path = str(tmp_path / "y.bin")
    with tf.gfile.GFile(path, "w") as f:
        f.write(b"ab")
    with tf.gfile.GFile(path, "ab") as f:
        f.write("cd")
    assert tf.gfile.GFile(path, "rb").read() == b"abcd"


def test_file_is_created_at_first_write_not_at_open(tmp_path):
    path = str(tmp_path / "w.txt")
    tf.gfile.GFile(path, "w").close()
    assert not os.path.exists(path)
    tf.gfile.GFile(str(tmp_path / "nodir" / "f"), "w")  # TF opens lazily: no error yet
    with pytest.raises(tf.errors.NotFoundError, match="nodir/f; No such file or directory"):
        tf.gfile.GFile(str(tmp_path / "nodir" / "f"), "w").write("x")


def test_reading_a_missing_file_raises_not_found_with_tf_message(tmp_path):
    path = str(tmp_path / "missing.txt")
    with pytest.raises(tf.errors.NotFoundError) as info:
        tf.gfile.GFile(path).read()
    assert str(info.value) == f"{path}; No such file or directory"
    with pytest.raises(tf.errors.FailedPreconditionError, match="; Is a directory"):
        tf.gfile.GFile(str(tmp_path)).read()


def test_wrong_mode_and_wrong_direction_errors(tmp_path):
    path = str(tmp_path / "x.txt")
    with pytest.raises(tf.errors.InvalidArgumentError, match="mode is not 'r' or 'w' or 'a' or 'r\\+'"):
        tf.gfile.GFile(path, "q")
    with pytest.raises(tf.errors.PermissionDeniedError, match="File isn't open for reading"):
        tf.gfile.GFile(path, "w").read()
    tf.gfile.GFile(path, "w").write("a")
    with pytest.raises(tf.errors.PermissionDeniedError, match="File isn't open for writing"):
        tf.gfile.GFile(path, "r").write("a")


def test_directory_functions(tmp_path):
    d = str(tmp_path)
    with pytest.raises(tf.errors.NotFoundError, match="a/b; No such file or directory"):
        tf.gfile.MkDir(os.path.join(d, "a", "b"))
    tf.gfile.MakeDirs(os.path.join(d, "a", "b"))
    tf.gfile.MakeDirs(os.path.join(d, "a", "b"))  # existing: fine
    tf.gfile.MkDir(os.path.join(d, "a", "b"))
    tf.gfile.GFile(os.path.join(d, "x.txt"), "w").write("abc")
    assert sorted(tf.gfile.ListDirectory(d)) == ["a", "x.txt"]
    assert tf.gfile.IsDirectory(d) and not tf.gfile.IsDirectory(os.path.join(d, "x.txt"))
    assert tf.gfile.Exists(os.path.join(d, "x.txt")) and not tf.gfile.Exists(os.path.join(d, "zz"))
    with pytest.raises(tf.errors.NotFoundError, match="^Could not find directory .*x.txt$"):
        tf.gfile.ListDirectory(os.path.join(d, "x.txt"))
    with pytest.raises(tf.errors.FailedPreconditionError, match="x.txt is not a directory"):
        tf.gfile.MakeDirs(os.path.join(d, "x.txt"))


def test_glob_matches_and_returns_empty_list_for_no_match(tmp_path):
    d = str(tmp_path)
    for name in ("a.bin", "b.bin", ".hidden.bin", "c.txt"):
        tf.gfile.GFile(os.path.join(d, name), "w").write("x")
    assert sorted(tf.gfile.Glob(os.path.join(d, "*.bin"))) == [os.path.join(d, n)
                                                              for n in (".hidden.bin", "a.bin", "b.bin")]
    assert tf.gfile.Glob(os.path.join(d, "nomatch*")) == []
    assert tf.io.gfile.glob(os.path.join(d, "nodir", "*")) == []


def test_remove_rename_copy_and_their_errors(tmp_path):
    d = str(tmp_path)
    x, y = os.path.join(d, "x.txt"), os.path.join(d, "y.txt")
    missing = os.path.join(d, "missing")
    tf.gfile.GFile(x, "w").write("abc")
    tf.gfile.GFile(y, "w").write("y")
    for fn in (tf.gfile.Remove, tf.gfile.Stat):
        with pytest.raises(tf.errors.NotFoundError, match=f"^{missing}; No such file or directory$"):
            fn(missing)
    with pytest.raises(tf.errors.NotFoundError, match=f"^{missing} not found$"):
        tf.gfile.DeleteRecursively(missing)
    with pytest.raises(tf.errors.FailedPreconditionError, match=f"^{d}; Is a directory$"):
        tf.gfile.Remove(d)
    for fn in (tf.gfile.Copy, tf.gfile.Rename):
        with pytest.raises(tf.errors.AlreadyExistsError, match="^file already exists$"):
            fn(x, y)
        with pytest.raises(tf.errors.NotFoundError, match="missing; No such file or directory"):
            fn(missing, y)
    tf.gfile.Copy(x, y, True)
    assert tf.gfile.GFile(y).read() == "abc"
    tf.gfile.Rename(x, os.path.join(d, "z.txt"))
    assert sorted(tf.io.gfile.listdir(d)) == ["y.txt", "z.txt"]
    tf.gfile.Remove(y)
    assert tf.io.gfile.listdir(d) == ["z.txt"]


def test_stat_and_delete_recursively(tmp_path):
    d = str(tmp_path)
    tf.gfile.MakeDirs(os.path.join(d, "a", "b"))
    tf.gfile.GFile(os.path.join(d, "a", "b", "f"), "w").write("12345")
    st = tf.gfile.Stat(os.path.join(d, "a", "b", "f"))
    assert (st.length, st.is_directory) == (5, False) and st.mtime_nsec > 0
    assert tf.gfile.Stat(d).is_directory
    tf.gfile.DeleteRecursively(os.path.join(d, "a"))
    assert tf.gfile.ListDirectory(d) == []


def test_walk_top_down_and_bottom_up(tmp_path):
    d = str(tmp_path)
    tf.io.gfile.makedirs(os.path.join(d, "s", "t"))
    tf.io.gfile.GFile(os.path.join(d, "s", "t", "f"), "w").write("")
    tf.io.gfile.GFile(os.path.join(d, "w.txt"), "w").write("")
    expected = [(d, ["s"], ["w.txt"]), (os.path.join(d, "s"), ["t"], []), (os.path.join(d, "s", "t"), [], ["f"])]
    assert list(tf.gfile.Walk(d)) == expected
    assert list(tf.gfile.Walk(d, in_order=False)) == expected[::-1]
    assert list(tf.io.gfile.walk(d, topdown=False)) == expected[::-1]
    assert list(tf.gfile.Walk(os.path.join(d, "missing"))) == []


def test_io_gfile_names_are_the_same_functions():
    assert tf.io.gfile.GFile is tf.gfile.GFile and tf.io.gfile.exists is tf.gfile.Exists
    assert tf.io.gfile.rmtree is tf.gfile.DeleteRecursively and tf.io.gfile.join("a", "b") == "a/b"
