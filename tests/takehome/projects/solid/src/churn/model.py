"""Build, fit, save and load the churn pipeline; a saved model always carries its version."""

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
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from churn import __version__
from churn.features import TARGET, build_features, make_preprocessor

log = logging.getLogger(__name__)


def build_pipeline(params: dict[str, Any], seed: int) -> Pipeline:
    """The full model: shared preprocessing followed by a regularised logistic regression."""
    classifier = LogisticRegression(
        C=params.get("C", 1.0),
        class_weight=params.get("class_weight"),
        max_iter=params.get("max_iter", 1000),
        random_state=seed,
    )
    return Pipeline([("preprocess", make_preprocessor()), ("classifier", classifier)])


def fit_pipeline(raw: pd.DataFrame, params: dict[str, Any], seed: int) -> Pipeline:
    """Fit on labelled raw rows; features come from the same build_features that prediction uses."""
    pipeline = build_pipeline(params, seed)
    pipeline.fit(build_features(raw), raw[TARGET].astype(int))
    return pipeline


def model_version(data_fingerprint: str, params: dict[str, Any]) -> str:
    """Package version plus a short hash of the data and parameters, e.g. ``1.2.0+3fa9c2d1``."""
    digest = hashlib.sha256((data_fingerprint + json.dumps(params, sort_keys=True)).encode()).hexdigest()
    return f"{__version__}+{digest[:8]}"


def save_bundle(pipeline: Pipeline, path: Path, *, version: str, threshold: float, metrics: dict[str, float]) -> None:
    """Write the fitted pipeline with everything needed to trust it later."""
    path.parent.mkdir(parents=True, exist_ok=True)
    bundle = {
        "pipeline": pipeline,
        "version": version,
        "threshold": threshold,
        "metrics": metrics,
        "sklearn_version": sklearn.__version__,
        "trained_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    joblib.dump(bundle, path)
    log.info("saved model %s to %s", version, path)


def load_bundle(path: Path) -> dict[str, Any]:
    """Load a saved model, warning when it was trained under a different scikit-learn."""
    bundle: dict[str, Any] = joblib.load(path)
    if bundle["sklearn_version"] != sklearn.__version__:
        log.warning(
            "model %s was trained with scikit-learn %s but %s is installed",
            bundle["version"],
            bundle["sklearn_version"],
            sklearn.__version__,
        )
    return bundle
