import numpy as np


def precision_recall_report(y_true, scores, threshold):
    y = np.asarray(y_true) == 1
    scores = np.asarray(scores, dtype=np.float64)
    n_pos = int(y.sum())

    def counts(t):
        predicted = scores >= t
        return int(np.count_nonzero(predicted & y)), int(np.count_nonzero(predicted & ~y))

    tp, fp = counts(threshold)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / n_pos if n_pos else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    ap, previous_recall = 0.0, 0.0
    if n_pos:
        # Re-thresholds the whole array for every distinct score: O(n) work per threshold.
        for t in np.unique(scores)[::-1]:
            tp_t, fp_t = counts(t)
            r = tp_t / n_pos
            ap += (r - previous_recall) * tp_t / (tp_t + fp_t)
            previous_recall = r
    return {"precision": precision, "recall": recall, "f1": f1, "average_precision": ap}
