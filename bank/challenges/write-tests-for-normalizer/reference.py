import math

import numpy as np

from feature_scaling import clip_and_scale


def _raises_value_error(*args):
    try:
        clip_and_scale(*args)
    except ValueError:
        return True
    return False


def _close(result, expected):
    return np.allclose(result, expected, rtol=1e-12, atol=1e-12)


def test_values_inside_the_range_scale_linearly():
    assert _close(clip_and_scale([2.0, 3.0, 4.0, 6.0], 2.0, 6.0), [0.0, 0.25, 0.5, 1.0])


def test_values_outside_the_range_are_clipped_before_scaling():
    result = clip_and_scale([-100.0, 50.0, 150.0, 250.0, 1e9], 100.0, 200.0)
    assert _close(result, [0.0, 0.0, 0.5, 1.0, 1.0])


def test_negative_bounds():
    assert _close(clip_and_scale([-10.0, -7.5, -5.0, 0.0], -10.0, -5.0), [0.0, 0.5, 1.0, 1.0])


def test_infinities_clip_to_the_ends():
    assert clip_and_scale([-math.inf, math.inf], 0.0, 4.0).tolist() == [0.0, 1.0]


def test_constant_range_maps_everything_to_zero():
    result = clip_and_scale([1.0, 5.0, 9.0, math.inf], 5.0, 5.0)
    assert result.dtype == np.float64
    assert result.tolist() == [0.0, 0.0, 0.0, 0.0]


def test_constant_range_keeps_nan():
    result = clip_and_scale([math.nan, 3.0], 2, 2)
    assert math.isnan(result[0]) and result[1] == 0.0


def test_nan_is_preserved():
    result = clip_and_scale([math.nan, 0.0, 10.0], 0.0, 10.0)
    assert math.isnan(result[0])
    assert result[1:].tolist() == [0.0, 1.0]


def test_lower_above_upper_is_rejected():
    for lower, upper in [(1.0, 0.0), (5, -5), (0.0, -1e-12)]:
        assert _raises_value_error([0.5], lower, upper), (lower, upper)


def test_non_finite_bounds_are_rejected():
    for lower, upper in [(math.nan, 1.0), (0.0, math.nan), (-math.inf, 1.0), (0.0, math.inf)]:
        assert _raises_value_error([0.5], lower, upper), (lower, upper)


def test_float_array_input_is_not_modified():
    values = np.array([-3.0, 0.5, 7.0, math.nan])
    before = values.copy()
    result = clip_and_scale(values, 0.0, 1.0)
    assert np.array_equal(values, before, equal_nan=True)
    assert result is not values
    assert not np.shares_memory(result, values)


def test_list_input_is_not_modified():
    values = [[-3.0, 2.0], [4.0, 9.0]]
    clip_and_scale(values, 0.0, 4.0)
    assert values == [[-3.0, 2.0], [4.0, 9.0]]


def test_integer_input_gives_float64():
    result = clip_and_scale(np.array([0, 1, 2, 3, 4], dtype=np.int64), 0, 4)
    assert result.dtype == np.float64
    assert result.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]


def test_integer_list_input_gives_float64():
    result = clip_and_scale([0, 5, 10], 0, 10)
    assert result.dtype == np.float64
    assert result.tolist() == [0.0, 0.5, 1.0]


def test_float64_precision_is_kept():
    result = clip_and_scale([0.1, 1 / 3], 0.0, 1.0)
    assert result.dtype == np.float64
    assert result.tolist() == [0.1, 1 / 3]


def test_matrix_keeps_its_shape():
    result = clip_and_scale(np.array([[0.0, 5.0, 10.0], [-1.0, 2.5, 11.0]]), 0.0, 10.0)
    assert result.shape == (2, 3)
    assert _close(result, [[0.0, 0.5, 1.0], [0.0, 0.25, 1.0]])


def test_empty_input():
    result = clip_and_scale([], 0.0, 1.0)
    assert result.shape == (0,)
    assert result.dtype == np.float64
