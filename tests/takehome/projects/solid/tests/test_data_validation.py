"""The committed sample extract must look like the CRM extract the model is trained on."""

from pathlib import Path

import pandas as pd
import pytest

from churn.features import CONTRACTS, PAYMENT_METHODS, RAW_COLUMNS, TARGET

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_customers.csv"


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return pd.read_csv(SAMPLE)


def test_schema(sample):
    assert list(sample.columns) == [*RAW_COLUMNS, TARGET]
    assert sample["customer_id"].notna().all()
    assert sample["customer_id"].is_unique


def test_numeric_ranges(sample):
    assert sample["tenure_months"].between(0, 120).all()
    assert sample["monthly_charges"].between(0, 500, inclusive="right").all()
    assert sample["support_calls_90d"].between(0, 50).all()
    assert (sample["total_charges"].dropna() >= 0).all()


def test_total_charges_missing_only_for_first_month_customers(sample):
    missing = sample["total_charges"].isna()
    assert (sample.loc[missing, "tenure_months"] == 0).all()


def test_categories_and_label(sample):
    assert set(sample["contract"]) <= set(CONTRACTS)
    assert set(sample["payment_method"]) <= set(PAYMENT_METHODS)
    assert set(sample[TARGET]) == {0, 1}
