"""Raw customer rows to model features: the one function both training and prediction call."""

from __future__ import annotations

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

ID_COLUMN = "customer_id"
TARGET = "churned"
RAW_COLUMNS = (
    ID_COLUMN,
    "tenure_months",
    "monthly_charges",
    "total_charges",
    "contract",
    "payment_method",
    "support_calls_90d",
)
CONTRACTS = ("month-to-month", "one-year", "two-year")
PAYMENT_METHODS = ("card", "direct-debit", "invoice")
NUMERIC_FEATURES = ["tenure_months", "monthly_charges", "spend_ratio", "support_calls_90d"]
CATEGORICAL_FEATURES = ["contract", "payment_method"]


def build_features(raw: pd.DataFrame) -> pd.DataFrame:
    """Derive the model's input columns from raw CRM rows (the target, if present, is ignored)."""
    missing = [column for column in RAW_COLUMNS if column not in raw.columns]
    if missing:
        raise ValueError(f"input is missing columns: {', '.join(missing)}")
    tenure = raw["tenure_months"].astype(float)
    monthly = raw["monthly_charges"].astype(float)
    # Customers in their first month have no total yet; their bill so far is one month's charge.
    total = raw["total_charges"].astype(float).fillna(monthly)
    features = pd.DataFrame(index=raw.index)
    features["tenure_months"] = tenure
    features["monthly_charges"] = monthly
    # Average past spend against today's price: below 1 means the price went up, a known churn trigger.
    features["spend_ratio"] = total / (monthly * tenure.clip(lower=1))
    features["support_calls_90d"] = raw["support_calls_90d"].astype(float)
    features["contract"] = _normalise(raw["contract"])
    features["payment_method"] = _normalise(raw["payment_method"])
    return features


def make_preprocessor() -> ColumnTransformer:
    """Impute and scale numbers, one-hot encode categories; unseen categories encode as all zeros."""
    numeric = Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())])
    categorical = OneHotEncoder(categories=[list(CONTRACTS), list(PAYMENT_METHODS)], handle_unknown="ignore")
    return ColumnTransformer(
        [("numeric", numeric, NUMERIC_FEATURES), ("categorical", categorical, CATEGORICAL_FEATURES)]
    )


def _normalise(values: pd.Series) -> pd.Series:
    """CRM exports mix spellings ("Month-to-month ", "two_year"); map them onto one form."""
    return values.astype(str).str.strip().str.lower().str.replace("_", "-", regex=False).str.replace(" ", "-")
