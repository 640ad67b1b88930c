"""Evaluate a saved model on labelled data: ``python -m churn.evaluate --model ... --data ...``."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import pandas as pd
from sklearn.metrics import average_precision_score, precision_score, recall_score, roc_auc_score
from sklearn.pipeline import Pipeline

from churn.features import TARGET, build_features
from churn.model import load_bundle

log = logging.getLogger("churn.evaluate")


def score_labelled(pipeline: Pipeline, raw: pd.DataFrame, threshold: float) -> dict[str, float]:
    """Ranking and thresholded metrics on rows that carry the true label."""
    truth = raw[TARGET].astype(int)
    probability = pipeline.predict_proba(build_features(raw))[:, 1]
    flagged = (probability >= threshold).astype(int)
    return {
        "roc_auc": round(float(roc_auc_score(truth, probability)), 4),
        "average_precision": round(float(average_precision_score(truth, probability)), 4),
        "precision": round(float(precision_score(truth, flagged, zero_division=0)), 4),
        "recall": round(float(recall_score(truth, flagged, zero_division=0)), 4),
        "rows": float(len(raw)),
    }


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point: prints the metrics as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=Path("models/churn.joblib"))
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    bundle = load_bundle(args.model)
    metrics = score_labelled(bundle["pipeline"], pd.read_csv(args.data), bundle["threshold"])
    log.info("model %s on %s", bundle["version"], args.data)
    print(json.dumps({"version": bundle["version"], **metrics}, indent=2))


if __name__ == "__main__":
    main()
