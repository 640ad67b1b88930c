"""Synthetic customers with a known churn mechanism, small enough to train on in a test."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from churn.features import CONTRACTS, PAYMENT_METHODS
from churn.model import fit_pipeline

CONTRACT_EFFECT = {"month-to-month": 1.2, "one-year": 0.0, "two-year": -1.5}


def make_customers(n: int, seed: int = 0) -> pd.DataFrame:
    """Raw CRM-shaped rows whose churn rises with support calls and falls with tenure and contract length."""
    rng = np.random.default_rng(seed)
    tenure = rng.integers(0, 72, n)
    monthly = rng.uniform(20, 110, n).round(2)
    contract = rng.choice(CONTRACTS, n, p=[0.5, 0.3, 0.2])
    calls = rng.poisson(1.2, n)
    total = (monthly * tenure * rng.uniform(0.9, 1.05, n)).round(2)
    logit = -1.0 + 0.6 * calls - 0.04 * tenure + np.array([CONTRACT_EFFECT[c] for c in contract])
    churned = rng.random(n) < 1 / (1 + np.exp(-logit))
    return pd.DataFrame(
        {
            "customer_id": [f"C{seed:02d}{i:05d}" for i in range(n)],
            "tenure_months": tenure,
            "monthly_charges": monthly,
            "total_charges": np.where(tenure == 0, np.nan, total),
            "contract": contract,
            "payment_method": rng.choice(PAYMENT_METHODS, n),
            "support_calls_90d": calls,
            "churned": churned.astype(int),
        }
    )


@pytest.fixture
def customers() -> Callable[[int, int], pd.DataFrame]:
    """Factory for synthetic customers: ``customers(n, seed)``."""
    return make_customers


@pytest.fixture(scope="session")
def bundle() -> dict[str, object]:
    """A model trained once per test session on 600 synthetic customers."""
    pipeline = fit_pipeline(make_customers(600, seed=7), {"C": 1.0, "max_iter": 1000}, seed=42)
    return {"pipeline": pipeline, "version": "1.2.0+test", "threshold": 0.5}
