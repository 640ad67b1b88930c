import pandas as pd
import pytest

from fraud.features import FEATURES, TARGET, build_features


def test_features_are_the_model_columns(transactions):
    features = build_features(transactions(25, 1))

    assert list(features.columns) == FEATURES
    assert not features.isna().any().any()


def test_target_is_ignored(transactions):
    raw = transactions(25, 2)

    pd.testing.assert_frame_equal(build_features(raw), build_features(raw.drop(columns=[TARGET])))


def test_amount_is_compared_with_the_customers_usual_spend(transactions):
    raw = transactions(2, 3)
    raw["amount"] = [300.0, 300.0]
    raw["customer_avg_amount"] = [100.0, 0.0]

    features = build_features(raw)

    assert features["amount_to_avg"].tolist() == pytest.approx([3.0, 300.0])


def test_night_is_midnight_to_six_utc(transactions):
    raw = transactions(3, 4)
    raw["timestamp"] = ["2024-06-01T00:30:00Z", "2024-06-01T05:59:00Z", "2024-06-01T06:00:00Z"]

    assert build_features(raw)["is_night"].tolist() == [1, 1, 0]


def test_unknown_or_oddly_written_merchants_are_normalised(transactions):
    raw = transactions(3, 5)
    raw["merchant_category"] = [" Travel", "casino", "FUEL"]

    assert build_features(raw)["merchant_category"].tolist() == ["travel", "other", "fuel"]


def test_missing_column_is_named(transactions):
    with pytest.raises(ValueError, match="distance_from_home_km"):
        build_features(transactions(3, 6).drop(columns=["distance_from_home_km"]))
