"""The model: build and fit the pipeline, turn scores into decisions, save and load versioned bundles."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import joblib
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from fraud import __version__
from fraud.features import CATEGORICAL_FEATURES, MERCHANT_CATEGORIES, NUMERIC_FEATURES, TARGET, build_features

log = logging.getLogger(__name__)


def build_pipeline(params: dict[str, Any], seed: int) -> Pipeline:
    """One-hot encode the merchant category, pass numbers through, then gradient-boosted trees."""
    encode = ColumnTransformer(
        [
            ("numeric", "passthrough", NUMERIC_FEATURES),
            (
                "merchant",
                OneHotEncoder(categories=[list(MERCHANT_CATEGORIES)], sparse_output=False),
                CATEGORICAL_FEATURES,
            ),
        ]
    )
    classifier = HistGradientBoostingClassifier(early_stopping=False, random_state=seed, **params)
    return Pipeline([("encode", encode), ("classifier", classifier)])


def fit_pipeline(raw: pd.DataFrame, params: dict[str, Any], seed: int) -> Pipeline:
    """Fit on labelled raw transactions through the shared feature code."""
    pipeline = build_pipeline(params, seed)
    pipeline.fit(build_features(raw), raw[TARGET].astype(int))
    return pipeline


def decide(probability: float, thresholds: dict[str, float]) -> str:
    """approve, review (sent to an analyst) or decline."""
    if probability >= thresholds["decline"]:
        return "decline"
    if probability >= thresholds["review"]:
        return "review"
    return "approve"


def model_version(data_md5: str, params: dict[str, Any]) -> str:
    """Package version plus a short hash of the data and the parameters, e.g. ``2.3.1+9c1e0a4b``."""
    digest = hashlib.sha256((data_md5 + json.dumps(params, sort_keys=True)).encode()).hexdigest()
    return f"{__version__}+{digest[:8]}"


def save_bundle(path: Path, **bundle: Any) -> None:
    """Write the pipeline with its version, thresholds, metrics and drift reference."""
    for key in ("pipeline", "version", "thresholds", "reference"):
        if key not in bundle:
            raise ValueError(f"a model bundle needs {key!r}")
    bundle.setdefault("trained_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    bundle["sklearn_version"] = sklearn.__version__
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(bundle, path)
    log.info("saved model %s to %s", bundle["version"], path)


def load_bundle(path: Path) -> dict[str, Any]:
    """Load a bundle; refuse one trained under another scikit-learn, whose pickles may not behave the same."""
    bundle: dict[str, Any] = joblib.load(path)
    if bundle["sklearn_version"] != sklearn.__version__:
        raise RuntimeError(
            f"model {bundle['version']} was trained with scikit-learn {bundle['sklearn_version']}, "
            f"but {sklearn.__version__} is installed; retrain or install the matching version"
        )
    return bundle
