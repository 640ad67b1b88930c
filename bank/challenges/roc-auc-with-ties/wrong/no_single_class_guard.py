import numpy as np


def roc_auc(scores, labels):
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(labels) == 1
    n_pos = int(positive.sum())
    n_neg = len(scores) - n_pos
    # Average ranks: rank of a value = (rows below it) + (rows equal to it + 1) / 2.
    sorted_scores = np.sort(scores)
    below = np.searchsorted(sorted_scores, scores, side="left")
    equal = np.searchsorted(sorted_scores, scores, side="right") - below
    rank_sum = float((below + (equal + 1) / 2.0)[positive].sum())
    # Nothing handles a batch with only one class: P * N is 0.
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
