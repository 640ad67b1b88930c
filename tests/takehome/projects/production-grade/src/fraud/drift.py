"""Feature drift: population stability index (PSI) of live inputs against the training reference.

Run daily on the prediction log:
``python -m fraud.drift --model models/fraud.joblib --predictions logs/predictions.jsonl``.
PSI below 0.1 is stable, 0.1 to 0.2 worth a look, above 0.2 a shift that pages (see MONITORING.md).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fraud.features import CATEGORICAL_FEATURES, NUMERIC_FEATURES, build_features
from fraud.schema import assert_valid

log = logging.getLogger("fraud.drift")

ALERT_THRESHOLD = 0.2
# Keeps empty bins from giving log(0); small enough not to change a real shift's PSI.
EPSILON = 1e-4

Profile = dict[str, dict[str, list[Any]]]


@dataclass(frozen=True)
class DriftReport:
    """PSI per feature and the features whose PSI crossed the threshold."""

    psi: dict[str, float]
    threshold: float
    rows: int

    @property
    def drifted(self) -> list[str]:
        return sorted(name for name, value in self.psi.items() if value > self.threshold)


def reference_profile(features: pd.DataFrame, bins: int = 10) -> Profile:
    """Bin edges and proportions of each training feature, stored in the model bundle."""
    profile: Profile = {}
    for name in NUMERIC_FEATURES:
        values = features[name].to_numpy(dtype=float)
        inner = np.unique(np.quantile(values, np.linspace(0, 1, bins + 1)[1:-1]))
        profile[name] = {"edges": inner.tolist(), "proportions": _binned(values, inner).tolist()}
    for name in CATEGORICAL_FEATURES:
        shares = features[name].value_counts(normalize=True)
        profile[name] = {"categories": shares.index.tolist(), "proportions": shares.tolist()}
    return profile


def population_stability_index(expected: np.ndarray, actual: np.ndarray) -> float:
    """PSI = sum((actual - expected) * ln(actual / expected)) over matching bins of two distributions."""
    expected = np.clip(np.asarray(expected, dtype=float), EPSILON, None)
    actual = np.clip(np.asarray(actual, dtype=float), EPSILON, None)
    return float(np.sum((actual - expected) * np.log(actual / expected)))


def check_drift(
    profile: Profile,
    features: pd.DataFrame,
    *,
    threshold: float = ALERT_THRESHOLD,
    alert: Callable[[DriftReport], None] | None = None,
) -> DriftReport:
    """Compare live features with the reference; call the alert hook when any feature drifted."""
    psi = {}
    for name, reference in profile.items():
        if "edges" in reference:
            actual = _binned(features[name].to_numpy(dtype=float), np.asarray(reference["edges"]))
            expected = np.asarray(reference["proportions"])
        else:
            shares = features[name].value_counts(normalize=True)
            categories = list(dict.fromkeys([*reference["categories"], *shares.index]))
            known = dict(zip(reference["categories"], reference["proportions"], strict=True))
            expected = np.array([known.get(c, 0.0) for c in categories])
            actual = np.array([shares.get(c, 0.0) for c in categories])
        psi[name] = round(population_stability_index(expected, actual), 4)
    report = DriftReport(psi=psi, threshold=threshold, rows=len(features))
    if report.drifted and alert is not None:
        alert(report)
    return report


def log_alert(report: DriftReport) -> None:
    """Default alert hook: an ERROR log line, which the log pipeline turns into a page."""
    log.error("feature drift in %s: %s", ", ".join(report.drifted), json.dumps(report.psi, sort_keys=True))


def webhook_alert(url: str) -> Callable[[DriftReport], None]:
    """Alert hook that posts the report as JSON to a chat or paging webhook."""

    def send(report: DriftReport) -> None:
        body = json.dumps({"event": "feature_drift", "drifted": report.drifted, **asdict(report)}).encode()
        request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10):
            pass

    return send


def load_logged_inputs(path: Path) -> pd.DataFrame:
    """The raw inputs of every prediction in a JSON-lines prediction log written by fraud.serve."""
    with path.open() as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return pd.DataFrame([record["inputs"] for record in records if record.get("event") == "prediction"])


def _binned(values: np.ndarray, inner_edges: np.ndarray) -> np.ndarray:
    counts = np.bincount(np.searchsorted(inner_edges, values, side="right"), minlength=len(inner_edges) + 1)
    return counts / max(len(values), 1)


def main(argv: list[str] | None = None) -> int:
    """Check one window of logged predictions; exit 1 when drift was found so the scheduler marks the run."""
    from fraud.pipeline import load_bundle

    parser = argparse.ArgumentParser(description="Check live inputs for drift against the training reference.")
    parser.add_argument("--model", type=Path, default=Path("models/fraud.joblib"))
    parser.add_argument("--predictions", type=Path, required=True, help="JSON-lines prediction log")
    parser.add_argument("--threshold", type=float, default=ALERT_THRESHOLD)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    bundle = load_bundle(args.model)
    inputs = load_logged_inputs(args.predictions)
    assert_valid(inputs)
    webhook = os.environ.get("FRAUD_ALERT_WEBHOOK_URL")
    report = check_drift(
        bundle["reference"],
        build_features(inputs),
        threshold=args.threshold,
        alert=webhook_alert(webhook) if webhook else log_alert,
    )
    log.info("model %s, %d predictions, PSI %s", bundle["version"], report.rows, json.dumps(report.psi))
    return 1 if report.drifted else 0


if __name__ == "__main__":
    raise SystemExit(main())
