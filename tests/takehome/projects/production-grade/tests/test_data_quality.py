import numpy as np
import pytest

from fraud.schema import LABELLED_TRANSACTIONS, DataQualityError, assert_valid, validate


def test_clean_data_passes(transactions):
    assert validate(transactions(200, 1), LABELLED_TRANSACTIONS) == []


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("amount", -5.0, "amount has values below 0.01"),
        ("amount", np.nan, "amount has 1 empty values"),
        ("txn_count_24h", 2.5, "txn_count_24h has values that are not whole numbers"),
        ("merchant_category", "casino", "merchant_category has unknown values: casino"),
        ("card_present", 3, "card_present has values other than 0/1"),
        ("timestamp", "yesterday", "timestamp has values that are not timestamps"),
        ("distance_from_home_km", 25_000.0, "distance_from_home_km has values above 20000"),
    ],
)
def test_each_broken_rule_is_reported(transactions, column, value, problem):
    raw = transactions(20, 2)
    raw[column] = raw[column].astype(object)
    raw.loc[3, column] = value

    assert problem in validate(raw)


def test_missing_columns_and_duplicate_ids_are_reported(transactions):
    raw = transactions(20, 3).drop(columns=["amount"])
    raw.loc[5, "transaction_id"] = raw.loc[4, "transaction_id"]

    problems = validate(raw)

    assert "missing column 'amount'" in problems
    assert "transaction_id has duplicates" in problems


def test_assert_valid_lists_every_problem(transactions):
    raw = transactions(20, 4)
    raw["amount"] = -1.0
    raw["hour_of_day"] = 99
    raw = raw.drop(columns=["is_fraud"])

    with pytest.raises(DataQualityError) as error:
        assert_valid(raw, LABELLED_TRANSACTIONS)

    assert error.value.problems == ["missing column 'is_fraud'", "amount has values below 0.01"]
