"""Raw transactions to model features: the only feature code, called by training, serving and the drift job."""

from __future__ import annotations

import numpy as np
import pandas as pd

TARGET = "is_fraud"
ID_COLUMN = "transaction_id"
MERCHANT_CATEGORIES = ("grocery", "fuel", "travel", "electronics", "gaming", "other")
RAW_COLUMNS = (
    ID_COLUMN,
    "timestamp",
    "amount",
    "merchant_category",
    "card_present",
    "customer_avg_amount",
    "txn_count_24h",
    "distance_from_home_km",
)
NUMERIC_FEATURES = ["log_amount", "amount_to_avg", "is_night", "card_present", "txn_count_24h", "log_distance_km"]
CATEGORICAL_FEATURES = ["merchant_category"]
FEATURES = NUMERIC_FEATURES + CATEGORICAL_FEATURES


def build_features(raw: pd.DataFrame) -> pd.DataFrame:
    """Derive model features from raw transactions; the target column, if present, is ignored."""
    missing = [column for column in RAW_COLUMNS if column not in raw.columns]
    if missing:
        raise ValueError(f"transactions are missing columns: {', '.join(missing)}")
    amount = raw["amount"].astype(float)
    # New customers have no history yet; treat their average as 1 so the ratio stays finite.
    average = raw["customer_avg_amount"].astype(float).clip(lower=1.0)
    hour = pd.to_datetime(raw["timestamp"], utc=True).dt.hour
    features = pd.DataFrame(index=raw.index)
    features["log_amount"] = np.log1p(amount)
    features["amount_to_avg"] = amount / average
    features["is_night"] = hour.between(0, 5).astype(int).to_numpy()
    features["card_present"] = raw["card_present"].astype(int)
    features["txn_count_24h"] = raw["txn_count_24h"].astype(int)
    features["log_distance_km"] = np.log1p(raw["distance_from_home_km"].astype(float))
    category = raw["merchant_category"].astype(str).str.strip().str.lower()
    features["merchant_category"] = category.where(category.isin(MERCHANT_CATEGORIES), "other")
    return features
