"""``churn-predict``: score a CSV of customers and write the retention call list."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pandas as pd

from churn.model import load_bundle
from churn.predict import predict_frame

log = logging.getLogger("churn.cli")


def main(argv: list[str] | None = None) -> int:
    """Read customers, score them, write the scores; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="churn-predict", description=__doc__)
    parser.add_argument("--model", type=Path, default=Path("models/churn.joblib"))
    parser.add_argument("--input", type=Path, required=True, help="CSV with the raw customer columns")
    parser.add_argument("--output", type=Path, required=True, help="where to write the scores CSV")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    bundle = load_bundle(args.model)
    customers = pd.read_csv(args.input)
    scores = predict_frame(bundle, customers)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    scores.to_csv(args.output, index=False)
    log.info(
        "scored %d customers with model %s; %d on the call list -> %s",
        len(scores),
        bundle["version"],
        int(scores["call_list"].sum()),
        args.output,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
