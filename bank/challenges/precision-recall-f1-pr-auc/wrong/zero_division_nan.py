import numpy as np


def precision_recall_report(y_true, scores, threshold):
    y = np.asarray(y_true) == 1
    scores = np.asarray(scores, dtype=np.float64)
    n_pos = y.sum()
    predicted = scores >= threshold
    tp = np.count_nonzero(predicted & y)
    fp = np.count_nonzero(predicted & ~y)
    # numpy division: 0 / 0 quietly becomes NaN instead of the stated 0.0.
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.float64(tp) / (tp + fp)
        recall = np.float64(tp) / n_pos
        f1 = 2 * precision * recall / (precision + recall)
        order = np.argsort(-scores, kind="stable")
        s, hits = scores[order], y[order]
        ends = np.r_[np.flatnonzero(s[1:] != s[:-1]), len(s) - 1]
        tps = np.cumsum(hits)[ends]
        ap = np.sum(np.diff(tps, prepend=0) / n_pos * tps / (ends + 1.0))
    return {"precision": float(precision), "recall": float(recall), "f1": float(f1), "average_precision": float(ap)}
