"""Train the churn model from a YAML config: ``python -m churn.train --config configs/train.yaml``."""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from sklearn.model_selection import train_test_split

from churn.evaluate import score_labelled
from churn.features import TARGET
from churn.model import fit_pipeline, model_version, save_bundle

log = logging.getLogger("churn.train")


def load_config(path: Path) -> dict[str, Any]:
    """Read the training configuration."""
    with path.open() as handle:
        config: dict[str, Any] = yaml.safe_load(handle)
    return config


def set_seeds(seed: int) -> None:
    """Fix every random source the pipeline touches."""
    random.seed(seed)
    np.random.seed(seed)


def train(config: dict[str, Any], data_path: Path) -> dict[str, float]:
    """Fit on a stratified split, evaluate on the held-out part, refit on all rows and save."""
    seed = config["seed"]
    set_seeds(seed)
    raw = pd.read_csv(data_path)
    log.info("loaded %d customers from %s (churn rate %.3f)", len(raw), data_path, raw[TARGET].mean())

    train_rows, test_rows = train_test_split(
        raw, test_size=config["data"]["test_size"], stratify=raw[TARGET], random_state=seed
    )
    threshold = config["decision_threshold"]
    held_out = fit_pipeline(train_rows, config["model"], seed)
    metrics = score_labelled(held_out, test_rows, threshold)
    log.info("held-out metrics: %s", json.dumps(metrics, sort_keys=True))

    final = fit_pipeline(raw, config["model"], seed)
    fingerprint = hashlib.sha256(data_path.read_bytes()).hexdigest()
    version = model_version(fingerprint, config["model"])
    save_bundle(final, Path(config["output"]["model_path"]), version=version, threshold=threshold, metrics=metrics)

    metrics_path = Path(config["output"]["metrics_path"])
    metrics_path.parent.mkdir(parents=True, exist_ok=True)
    metrics_path.write_text(json.dumps({"version": version, **metrics}, indent=2) + "\n")
    return metrics


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", type=Path, default=Path("configs/train.yaml"))
    parser.add_argument("--data", type=Path, help="override data.path from the config")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = load_config(args.config)
    log.info("config: %s", json.dumps(config, sort_keys=True))
    train(config, args.data or Path(config["data"]["path"]))


if __name__ == "__main__":
    main()
