import math

import numpy as np

from feature_scaling import clip_and_scale


def test_scales_and_clips():
    assert clip_and_scale([-100.0, 150.0, 250.0], 100.0, 200.0).tolist() == [0.0, 0.5, 1.0]


def test_nan_is_preserved():
    assert math.isnan(clip_and_scale([math.nan], 0.0, 1.0)[0])


def test_returns_float64():
    assert clip_and_scale(np.array([1, 2, 3]), 0, 4).dtype == np.float64


def test_input_is_not_modified():
    values = np.array([-1.0, 2.0])
    clip_and_scale(values, 0.0, 1.0)
    assert values.tolist() == [-1.0, 2.0]


def test_constant_range_is_rejected():
    try:
        clip_and_scale([1.0, 2.0], 3.0, 3.0)
    except ValueError:
        return
    raise AssertionError("expected ValueError for lower == upper")


def test_reversed_bounds_are_rejected():
    try:
        clip_and_scale([1.0], 2.0, 1.0)
    except ValueError:
        return
    raise AssertionError("expected ValueError for lower > upper")
