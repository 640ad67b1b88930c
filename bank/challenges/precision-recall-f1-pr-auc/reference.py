import numpy as np


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den > 0 else 0.0


def precision_recall_report(y_true: np.ndarray, scores: np.ndarray, threshold: float) -> dict:
    """Precision, recall and F1 at `score >= threshold`, and step-wise average precision over all thresholds."""
    y = np.asarray(y_true) == 1
    scores = np.asarray(scores, dtype=np.float64)
    n_pos = int(y.sum())

    predicted = scores >= threshold
    tp = int(np.count_nonzero(predicted & y))
    fp = int(np.count_nonzero(predicted & ~y))
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, n_pos)
    f1 = _ratio(2.0 * precision * recall, precision + recall)

    average_precision = 0.0
    if n_pos > 0:
        order = np.argsort(-scores, kind="stable")
        sorted_scores = scores[order]
        hits = y[order]
        # One operating point per distinct score: the last row of each run of equal scores.
        run_ends = np.concatenate((np.flatnonzero(sorted_scores[1:] != sorted_scores[:-1]), [len(scores) - 1]))
        tp_at = np.cumsum(hits)[run_ends]
        precision_at = tp_at / (run_ends + 1.0)
        recall_gain = np.diff(tp_at, prepend=0) / n_pos
        average_precision = float(np.sum(recall_gain * precision_at))

    return {"precision": precision, "recall": recall, "f1": f1, "average_precision": average_precision}
