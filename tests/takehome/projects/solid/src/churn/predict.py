"""Score customers with a saved model, using the same feature code as training."""

from __future__ import annotations

from typing import Any

import pandas as pd

from churn.features import ID_COLUMN, build_features


def predict_frame(bundle: dict[str, Any], raw: pd.DataFrame) -> pd.DataFrame:
    """One row per customer: churn probability, whether they go on the call list, and the model version."""
    probability = bundle["pipeline"].predict_proba(build_features(raw))[:, 1]
    return pd.DataFrame(
        {
            ID_COLUMN: raw[ID_COLUMN].to_numpy(),
            "churn_probability": probability.round(4),
            "call_list": probability >= bundle["threshold"],
            "model_version": bundle["version"],
        }
    )
