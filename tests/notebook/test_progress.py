import pytest

from jupyter_flow.notebook.progress import progress


def test_yields_every_item_of_the_iterable():
    assert list(progress(["a", "b", "c"], disable=True)) == ["a", "b", "c"]


def test_a_number_means_that_many_steps():
    bar = progress(4, disable=True)
    assert list(bar) == [0, 1, 2, 3] and bar.total == 4


def test_total_can_be_given_for_a_generator():
    assert progress((i for i in range(3)), total=3, disable=True).total == 3


def test_something_not_iterable_is_rejected_by_type():
    with pytest.raises(TypeError, match="float"):
        progress(2.5)
