import numpy as np
import pandas as pd
import pytest

from churn.features import CATEGORICAL_FEATURES, NUMERIC_FEATURES, TARGET, build_features


def test_build_features_returns_the_model_columns_in_order(customers):
    features = build_features(customers(20, 1))

    assert list(features.columns) == NUMERIC_FEATURES + CATEGORICAL_FEATURES
    assert len(features) == 20


def test_build_features_ignores_the_target(customers):
    raw = customers(30, 2)

    with_target = build_features(raw)
    without_target = build_features(raw.drop(columns=[TARGET]))

    pd.testing.assert_frame_equal(with_target, without_target)


def test_first_month_customers_get_a_neutral_spend_ratio(customers):
    raw = customers(5, 3)
    raw.loc[0, ["tenure_months", "total_charges"]] = [0, np.nan]

    features = build_features(raw)

    assert features.loc[0, "spend_ratio"] == pytest.approx(1.0)
    assert not features.isna().any().any()


def test_contract_spellings_are_normalised(customers):
    raw = customers(3, 4)
    raw["contract"] = ["Month-to-month ", "ONE_YEAR", "two year"]

    features = build_features(raw)

    assert list(features["contract"]) == ["month-to-month", "one-year", "two-year"]


def test_missing_raw_column_is_named_in_the_error(customers):
    raw = customers(3, 5).drop(columns=["support_calls_90d"])

    with pytest.raises(ValueError, match="support_calls_90d"):
        build_features(raw)
