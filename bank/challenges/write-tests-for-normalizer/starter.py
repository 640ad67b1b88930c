import math

import numpy as np

from feature_scaling import clip_and_scale


def test_values_inside_the_range_scale_linearly():
    assert clip_and_scale([2.0, 4.0, 6.0], 2.0, 6.0).tolist() == [0.0, 0.5, 1.0]


# Add tests for every clause of the contract: clipping, validation, the constant range,
# missing values, dtype and shape of the result, and the input being left untouched.
