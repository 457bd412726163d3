import numpy as np
import pytest

from jupyter_flow.notebook.smoothing import ExponentialSmoothing, smooth


def test_matches_tensorboards_debiased_moving_average():
    # TensorBoard: last = last * w + (1 - w) * v; smoothed = last / (1 - w ** n)
    assert smooth([1.0, 0.0, 0.0], 0.6) == pytest.approx([1.0, 0.375, 0.144 / 0.784])


def test_weight_zero_gives_the_raw_values():
    values = np.array([3.0, -1.0, 7.5])
    np.testing.assert_array_equal(smooth(values, 0.0), values)


def test_non_finite_values_pass_through_without_entering_the_average():
    result = smooth([1.0, np.nan, 3.0, np.inf], 0.5)

    assert result[0] == 1.0 and np.isnan(result[1]) and np.isinf(result[3])
    assert result[2] == pytest.approx((0.5 * 0.5 * 1.0 + 0.5 * 3.0) / (1 - 0.25))


def test_a_constant_series_stays_exactly_constant():
    np.testing.assert_array_equal(smooth([0.1] * 7, 0.9), [0.1] * 7)


def test_smoothing_a_growing_series_in_pieces_equals_smoothing_it_whole():
    values = np.random.default_rng(0).normal(size=1000).cumsum()
    smoothing = ExponentialSmoothing(0.95)

    for end in (1, 10, 11, 500, 1000):
        pieces = smoothing.update(values[:end])

    np.testing.assert_allclose(pieces, smooth(values, 0.95), rtol=0, atol=1e-12)


def test_a_weight_outside_zero_to_one_is_rejected_with_the_range():
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        ExponentialSmoothing(1.0)
