"""What must and must not move the fraud score."""

import joblib
import pandas as pd
import pytest
import sklearn

from fraud.features import build_features
from fraud.pipeline import decide, load_bundle, save_bundle


@pytest.fixture
def score(bundle, transaction):
    """Fraud probability of an ordinary purchase with some fields changed: ``score(amount=900.0)``."""

    def _score(model=bundle, **overrides):
        raw = pd.DataFrame([transaction(**overrides)])
        return float(model["pipeline"].predict_proba(build_features(raw))[0, 1])

    return _score


def test_an_ordinary_purchase_is_approved(bundle, score):
    assert decide(score(), bundle["thresholds"]) == "approve"


def test_the_transaction_id_does_not_change_the_score(score):
    assert score(transaction_id="t-0001") == score(transaction_id="something-else")


def test_merchant_spelling_does_not_change_the_score(score):
    assert score(merchant_category="travel") == score(merchant_category=" TRAVEL ")


@pytest.mark.parametrize(
    "risky",
    [
        {"amount": 900.0},
        {"card_present": False},
        {"timestamp": "2024-06-03T03:10:00Z"},
        {"distance_from_home_km": 140.0},
    ],
)
def test_each_risk_signal_raises_the_score(score, risky):
    assert score(**risky) > score()


def test_all_risk_signals_together_are_never_approved(bundle, score):
    probability = score(
        amount=1800.0,
        card_present=False,
        timestamp="2024-06-03T03:10:00Z",
        distance_from_home_km=140.0,
        merchant_category="electronics",
    )

    assert decide(probability, bundle["thresholds"]) in {"review", "decline"}


def test_decisions_follow_the_thresholds():
    thresholds = {"review": 0.3, "decline": 0.8}

    assert [decide(p, thresholds) for p in (0.1, 0.3, 0.79, 0.8)] == ["approve", "review", "review", "decline"]


def test_saved_bundle_keeps_its_version_and_scores(bundle, score, tmp_path):
    path = tmp_path / "fraud.joblib"
    save_bundle(path, **bundle)

    loaded = load_bundle(path)

    assert loaded["version"] == bundle["version"]
    assert loaded["sklearn_version"] == sklearn.__version__
    assert score(loaded, amount=900.0) == score(bundle, amount=900.0)


def test_a_bundle_from_another_scikit_learn_is_refused(bundle, tmp_path):
    path = tmp_path / "fraud.joblib"
    save_bundle(path, **bundle)
    joblib.dump(load_bundle(path) | {"sklearn_version": "0.0.1"}, path)

    with pytest.raises(RuntimeError, match="retrain or install the matching version"):
        load_bundle(path)
