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
        order = np.argsort(-scores, kind="stable")
        s, hits = scores[order], y[order]
        ends = np.r_[np.flatnonzero(s[1:] != s[:-1]), len(s) - 1]
        tps = np.cumsum(hits)[ends]
        prec = np.r_[1.0, tps / (ends + 1.0)]
        rec = np.r_[0.0, tps / n_pos]
        # Area under the linearly interpolated PR curve (trapezoids) instead of the step-wise sum.
        ap = float(np.sum(np.diff(rec) * (prec[1:] + prec[:-1]) / 2))
    return {"precision": precision, "recall": recall, "f1": f1, "average_precision": ap}
