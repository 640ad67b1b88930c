"""Train, evaluate, version and register the fraud model: ``python -m fraud.train --config configs/train.yaml``.

Run through DVC (``dvc repro``) so the data, parameters and outputs of every model are pinned together.
MLflow records each run; MLFLOW_TRACKING_URI selects the server (a local ./mlruns folder when unset).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
from pathlib import Path
from typing import Any

import mlflow
import numpy as np
import pandas as pd
import yaml
from sklearn.metrics import average_precision_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import train_test_split

from fraud.drift import reference_profile
from fraud.features import TARGET, build_features
from fraud.pipeline import decide, fit_pipeline, model_version, save_bundle
from fraud.schema import LABELLED_TRANSACTIONS, assert_valid

log = logging.getLogger("fraud.train")


def evaluate(pipeline: Any, raw: pd.DataFrame, thresholds: dict[str, float]) -> dict[str, float]:
    """Held-out ranking quality, and precision/recall of the decline and review decisions."""
    truth = raw[TARGET].astype(int)
    probability = pipeline.predict_proba(build_features(raw))[:, 1]
    decisions = np.array([decide(p, thresholds) for p in probability])
    declined = decisions == "decline"
    flagged = decisions != "approve"
    return {
        "roc_auc": float(roc_auc_score(truth, probability)),
        "average_precision": float(average_precision_score(truth, probability)),
        "decline_precision": float(precision_score(truth, declined, zero_division=0)),
        "decline_recall": float(recall_score(truth, declined, zero_division=0)),
        "flagged_recall": float(recall_score(truth, flagged, zero_division=0)),
        "review_rate": float(flagged.mean()),
    }


def train(config: dict[str, Any]) -> str:
    """Validate the data, fit, evaluate, save the bundle and log the run; returns the model version."""
    seed = config["seed"]
    random.seed(seed)
    np.random.seed(seed)
    data_path = Path(config["data"]["path"])
    raw = pd.read_csv(data_path)
    assert_valid(raw, LABELLED_TRANSACTIONS)
    data_md5 = hashlib.md5(data_path.read_bytes()).hexdigest()
    log.info("%d transactions from %s (md5 %s), fraud rate %.4f", len(raw), data_path, data_md5, raw[TARGET].mean())

    train_rows, test_rows = train_test_split(
        raw, test_size=config["data"]["test_size"], stratify=raw[TARGET], random_state=seed
    )
    pipeline = fit_pipeline(train_rows, config["model"], seed)
    metrics = evaluate(pipeline, test_rows, config["thresholds"])
    version = model_version(data_md5, {"model": config["model"], "seed": seed})
    log.info("model %s held-out metrics %s", version, json.dumps(metrics, sort_keys=True))

    model_path = Path(config["output"]["model_path"])
    save_bundle(
        model_path,
        pipeline=pipeline,
        version=version,
        thresholds=config["thresholds"],
        metrics=metrics,
        data_md5=data_md5,
        reference=reference_profile(build_features(train_rows), bins=config["drift"]["bins"]),
    )
    metrics_path = Path(config["output"]["metrics_path"])
    metrics_path.parent.mkdir(parents=True, exist_ok=True)
    metrics_path.write_text(json.dumps({"model_version": version, **metrics}, indent=2, sort_keys=True) + "\n")

    mlflow.set_experiment(config["tracking"]["experiment"])
    with mlflow.start_run(run_name=version):
        mlflow.set_tags({"model_version": version, "data_md5": data_md5})
        thresholds = {f"threshold_{name}": value for name, value in config["thresholds"].items()}
        mlflow.log_params({"seed": seed, **config["model"], **thresholds})
        mlflow.log_metrics(metrics)
        mlflow.log_artifact(str(model_path))
    return version


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Train the fraud model.")
    parser.add_argument("--config", type=Path, default=Path("configs/train.yaml"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with args.config.open() as handle:
        config = yaml.safe_load(handle)
    train(config)


if __name__ == "__main__":
    main()
