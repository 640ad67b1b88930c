"""Score the held-out period written by train.py and print the metrics we report."""

import argparse
import json
import os

import joblib
import numpy as np
import pandas as pd
import yaml
from sklearn.metrics import average_precision_score, roc_auc_score


def precision_at_k_per_week(df, label, k):
    """Mean precision when maintenance inspects the k highest-scored machines each week."""
    weekly = []
    for _, week in df.groupby(pd.Grouper(key="date", freq="W")):
        if week.empty:
            continue
        per_machine = week.groupby("machine_id").agg(score=("score", "max"), failed=(label, "max"))
        top = per_machine.nlargest(k, "score")
        weekly.append(top["failed"].mean())
    return float(np.mean(weekly))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="config.yaml")
    args = parser.parse_args()

    with open(args.config) as f:
        config = yaml.safe_load(f)

    out = config["output_dir"]
    label = config["data"]["label"]
    model = joblib.load(os.path.join(out, "model.joblib"))
    with open(os.path.join(out, "features.json")) as f:
        cols = json.load(f)
    holdout = pd.read_csv(os.path.join(out, "holdout.csv"), parse_dates=["date"])

    holdout["score"] = model.predict_proba(holdout[cols])[:, 1]
    k = config["evaluation"]["top_k"]
    metrics = {
        "roc_auc": roc_auc_score(holdout[label], holdout["score"]),
        "pr_auc": average_precision_score(holdout[label], holdout["score"]),
        f"precision_at_{k}_per_week": precision_at_k_per_week(holdout, label, k),
        "base_rate": float(holdout[label].mean()),
    }
    for name, value in metrics.items():
        print(f"{name:>28}: {value:.4f}")

    with open(os.path.join(out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)
    print(f"wrote {out}/metrics.json")


if __name__ == "__main__":
    main()
