import numpy as np
import pytest

from jupyter_flow.notebook.downsample import minmax_indices


def test_short_series_are_drawn_whole():
    np.testing.assert_array_equal(minmax_indices(np.arange(10.0), max_points=10), np.arange(10))


def test_100k_points_fit_the_budget_and_keep_first_last_and_spikes():
    rng = np.random.default_rng(1)
    y = rng.normal(size=100_000)
    y[31_337] = 50.0  # a loss spike must stay visible
    y[77_000] = -40.0

    kept = minmax_indices(y, max_points=2000)

    assert len(kept) <= 2000
    assert np.all(np.diff(kept) > 0)
    assert kept[0] == 0 and kept[-1] == 99_999
    assert 31_337 in kept and 77_000 in kept


def test_every_bucket_keeps_its_envelope():
    y = np.sin(np.linspace(0, 20, 10_000)) + np.random.default_rng(2).normal(scale=0.1, size=10_000)

    kept = minmax_indices(y, max_points=202)  # 100 buckets of 99 or 100 inner points

    inner = np.arange(1, 9_999)  # bucket i holds inner points [i * n // 100, (i + 1) * n // 100)
    edges = (np.arange(101) * len(inner)) // 100
    for bucket in (inner[a:b] for a, b in zip(edges[:-1], edges[1:], strict=True)):
        in_bucket = kept[(kept >= bucket[0]) & (kept <= bucket[-1])]
        assert y[in_bucket].max() == y[bucket].max()
        assert y[in_bucket].min() == y[bucket].min()


def test_a_zoomed_window_is_drawn_in_detail_with_one_neighbour_each_side():
    x = np.arange(100_000, dtype=float)
    y = np.cos(x)

    kept = minmax_indices(y, max_points=2000, x=x, x_range=(500.0, 1500.0))

    np.testing.assert_array_equal(kept, np.arange(499, 1502))


def test_non_finite_values_are_not_drawn():
    y = np.array([1.0, np.nan, 2.0, np.inf, 3.0])

    np.testing.assert_array_equal(minmax_indices(y, max_points=10), [0, 2, 4])


def test_a_budget_below_two_points_is_rejected():
    with pytest.raises(ValueError, match="max_points"):
        minmax_indices(np.arange(5.0), max_points=1)
