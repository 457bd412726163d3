import pytest

from jupyter_flow.notebook import flowboard_magic as magic
from tfevents_writing import write_run


def test_watches_the_given_directory_and_replaces_a_previous_board_for_it(tmp_path):
    write_run(tmp_path / "run-1", [(0, {"MSE": 1.0})])

    magic.flowboard_magic(str(tmp_path))
    first = magic._boards[str(tmp_path)]
    magic.flowboard_magic(f'"{tmp_path}"')
    second = magic._boards[str(tmp_path)]
    second.stop()

    assert first is not second and not first._thread.is_alive()
    assert second.store.runs == ["run-1"]


def test_no_argument_watches_the_chapters_tf_logs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    magic.flowboard_magic("")
    board = magic._boards[str(tmp_path / "tf_logs")]
    board.stop()

    assert board.logdir == "tf_logs"


def test_more_than_one_directory_is_a_usage_error():
    with pytest.raises(ValueError, match=r"usage: %flowboard \[LOGDIR\]"):
        magic.flowboard_magic("a b")


def test_a_file_instead_of_a_directory_is_named_in_the_error(tmp_path):
    (tmp_path / "notes.txt").write_text("")
    with pytest.raises(NotADirectoryError, match="notes.txt"):
        magic.flowboard_magic(str(tmp_path / "notes.txt"))
