"""pytest imports test files by basename (the tests/ folders are not packages), so two test files of the same
name anywhere under tests/ stop the whole collection: keep them unique."""
import collections
import pathlib


def test_test_file_basenames_are_unique():
    by_name = collections.defaultdict(list)
    for path in pathlib.Path(__file__).parent.rglob("test_*.py"):
        by_name[path.name].append(str(path))
    assert {name: paths for name, paths in by_name.items() if len(paths) > 1} == {}
