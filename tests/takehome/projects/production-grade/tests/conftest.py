"""Synthetic transactions with a known fraud mechanism, and a small model trained on them once per session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from fraud.drift import reference_profile
from fraud.features import MERCHANT_CATEGORIES, build_features
from fraud.pipeline import fit_pipeline

PARAMS = {"learning_rate": 0.1, "max_iter": 60, "max_leaf_nodes": 15, "min_samples_leaf": 20}
THRESHOLDS = {"review": 0.3, "decline": 0.8}
RISKY_MERCHANTS = {"electronics", "gaming"}


def make_transactions(n: int, seed: int = 0) -> pd.DataFrame:
    """Raw transactions: fraud is likelier for big amounts against the usual spend, at night, card absent, far away."""
    rng = np.random.default_rng(seed)
    average = rng.gamma(2.0, 30.0, n).round(2)
    ratio = rng.lognormal(0.0, 0.8, n)
    hours = rng.integers(0, 24, n)
    card_present = rng.random(n) < 0.6
    distance = rng.exponential(15.0, n).round(1)
    merchant = rng.choice(MERCHANT_CATEGORIES, n)
    logit = (
        -5.0
        + 1.2 * np.log(ratio + 0.1)
        + 1.5 * (hours < 6)
        + 1.5 * ~card_present
        + 0.02 * np.minimum(distance, 150)
        + 1.0 * np.isin(merchant, list(RISKY_MERCHANTS))
    )
    fraud = rng.random(n) < 1 / (1 + np.exp(-logit))
    timestamps = pd.Timestamp("2024-05-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 30, n), unit="D")
    timestamps = timestamps + pd.to_timedelta(hours, unit="h")
    return pd.DataFrame(
        {
            "transaction_id": [f"t-{seed}-{i}" for i in range(n)],
            "timestamp": timestamps.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "amount": np.clip(average * ratio, 0.5, 20_000).round(2),
            "merchant_category": merchant,
            "card_present": card_present.astype(int),
            "customer_avg_amount": average,
            "txn_count_24h": rng.poisson(2.0, n),
            "distance_from_home_km": distance,
            "is_fraud": fraud.astype(int),
        }
    )


def ordinary_transaction(**overrides: Any) -> dict[str, Any]:
    """One ordinary daytime grocery purchase, as the API receives it."""
    payload = {
        "transaction_id": "t-0001",
        "timestamp": "2024-06-03T14:20:00Z",
        "amount": 42.5,
        "merchant_category": "grocery",
        "card_present": True,
        "customer_avg_amount": 45.0,
        "txn_count_24h": 2,
        "distance_from_home_km": 3.2,
    }
    return {**payload, **overrides}


@pytest.fixture
def transactions() -> Callable[[int, int], pd.DataFrame]:
    """Factory for synthetic transactions: ``transactions(n, seed)``."""
    return make_transactions


@pytest.fixture
def transaction() -> Callable[..., dict[str, Any]]:
    """Factory for API payloads: ``transaction(amount=900.0)`` changes one field of an ordinary purchase."""
    return ordinary_transaction


@pytest.fixture(scope="session")
def bundle() -> dict[str, Any]:
    """A model trained on 3,000 synthetic transactions, shaped like the bundles fraud.train saves."""
    raw = make_transactions(3000, seed=1)
    return {
        "pipeline": fit_pipeline(raw, PARAMS, seed=7),
        "version": "2.3.1+test0001",
        "thresholds": THRESHOLDS,
        "reference": reference_profile(build_features(raw)),
    }
