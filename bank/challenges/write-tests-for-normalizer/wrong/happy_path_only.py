from feature_scaling import clip_and_scale


def test_midpoint_of_the_range():
    assert clip_and_scale([0.0, 5.0, 10.0], 0.0, 10.0).tolist() == [0.0, 0.5, 1.0]


def test_values_just_outside_are_clipped():
    assert clip_and_scale([-1.0, 11.0], 0.0, 10.0).tolist() == [0.0, 1.0]


def test_output_stays_in_the_unit_interval():
    result = clip_and_scale([-3.0, 2.0, 4.0, 12.0], 0.0, 10.0)
    assert result.min() >= 0.0
    assert result.max() <= 1.0
