import numpy as np


def precision_recall_report(y_true, scores, threshold):
    y = np.asarray(y_true) == 1
    scores = np.asarray(scores, dtype=np.float64)
    n_pos = int(y.sum())
    predicted = scores >= threshold
    tp = int(np.count_nonzero(predicted & y))
    fp = int(np.count_nonzero(predicted & ~y))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / n_pos if n_pos else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    ap = 0.0
    if n_pos:
        # One step per row instead of per distinct score: rows with equal scores get different precisions.
        hits = y[np.argsort(-scores, kind="stable")]
        precision_at = np.cumsum(hits) / np.arange(1, len(hits) + 1)
        ap = float(precision_at[hits].sum() / n_pos)
    return {"precision": precision, "recall": recall, "f1": f1, "average_precision": ap}
