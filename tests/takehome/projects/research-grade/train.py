"""Train the failure classifier on everything before the split date and save it with the held-out set."""

import argparse
import json
import os
import random
import time

import joblib
import numpy as np
import pandas as pd
import yaml
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import average_precision_score, roc_auc_score

from features import build_features, feature_columns


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="config.yaml")
    args = parser.parse_args()

    with open(args.config) as f:
        config = yaml.safe_load(f)

    seed = config["seed"]
    random.seed(seed)
    np.random.seed(seed)

    print(f"loading {config['data']['path']}")
    raw = pd.read_csv(config["data"]["path"])
    df = build_features(raw, config)
    cols = feature_columns(df, config)
    label = config["data"]["label"]
    print(f"{len(df)} rows, {len(cols)} features, positive rate {df[label].mean():.3f}")

    split = pd.Timestamp(config["data"]["split_date"])
    train = df[df["date"] < split]
    holdout = df[df["date"] >= split]
    print(f"train: {len(train)} rows, holdout: {len(holdout)} rows")

    model = HistGradientBoostingClassifier(
        random_state=seed,
        class_weight="balanced",
        early_stopping=False,
        **config["model"],
    )
    start = time.time()
    model.fit(train[cols], train[label])
    print(f"trained in {time.time() - start:.1f}s")

    train_scores = model.predict_proba(train[cols])[:, 1]
    print(f"train ROC AUC: {roc_auc_score(train[label], train_scores):.4f}")
    print(f"train PR AUC:  {average_precision_score(train[label], train_scores):.4f}")

    out = config["output_dir"]
    os.makedirs(out, exist_ok=True)
    joblib.dump(model, os.path.join(out, "model.joblib"))
    holdout[["machine_id", "date", label, *cols]].to_csv(os.path.join(out, "holdout.csv"), index=False)
    with open(os.path.join(out, "features.json"), "w") as f:
        json.dump(cols, f, indent=2)
    print(f"saved model and holdout set to {out}/")


if __name__ == "__main__":
    main()
