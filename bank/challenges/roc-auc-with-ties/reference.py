import numpy as np


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Mann-Whitney AUC from average ranks: a tied (positive, negative) pair counts one half."""
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(labels) == 1
    n = scores.shape[0]
    n_pos = int(positive.sum())
    n_neg = n - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(scores, kind="stable")
    sorted_scores = scores[order]
    # Runs of equal scores [start, end) share the average of the 1-based ranks start+1 .. end.
    starts = np.concatenate(([0], np.flatnonzero(sorted_scores[1:] != sorted_scores[:-1]) + 1))
    ends = np.concatenate((starts[1:], [n]))
    ranks = np.repeat((starts + ends + 1) / 2.0, ends - starts)
    positive_rank_sum = ranks[positive[order]].sum()
    return float((positive_rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))
