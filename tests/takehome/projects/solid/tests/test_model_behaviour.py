"""Behavioural checks: what must and must not move the churn score."""

import pandas as pd

from churn.model import load_bundle, save_bundle
from churn.predict import predict_frame


def _scores(bundle, raw):
    return predict_frame(bundle, raw)["churn_probability"].to_numpy()


def test_customer_id_does_not_change_the_score(bundle, customers):
    raw = customers(50, 11)
    renamed = raw.assign(customer_id=[f"X{i}" for i in range(len(raw))])

    assert (_scores(bundle, raw) == _scores(bundle, renamed)).all()


def test_contract_spelling_does_not_change_the_score(bundle, customers):
    raw = customers(50, 12)
    messy = raw.assign(contract=raw["contract"].str.upper().str.replace("-", "_") + " ")

    assert (_scores(bundle, raw) == _scores(bundle, messy)).all()


def test_more_support_calls_raise_the_score(bundle, customers):
    raw = customers(50, 13)
    frustrated = raw.assign(support_calls_90d=raw["support_calls_90d"] + 4)

    assert (_scores(bundle, frustrated) > _scores(bundle, raw)).all()


def test_a_two_year_contract_lowers_the_score(bundle, customers):
    raw = customers(50, 14).assign(contract="month-to-month")
    committed = raw.assign(contract="two-year")

    assert (_scores(bundle, committed) < _scores(bundle, raw)).all()


def test_saved_model_predicts_the_same_and_keeps_its_version(bundle, customers, tmp_path):
    path = tmp_path / "churn.joblib"
    save_bundle(bundle["pipeline"], path, version="1.2.0+abcdef12", threshold=0.4, metrics={"roc_auc": 0.8})
    loaded = load_bundle(path)
    raw = customers(20, 15)

    scores = predict_frame(loaded, raw)

    assert loaded["version"] == "1.2.0+abcdef12"
    assert (scores["model_version"] == "1.2.0+abcdef12").all()
    pd.testing.assert_series_equal(scores["churn_probability"], predict_frame(bundle, raw)["churn_probability"])
