import numpy as np


def roc_auc(scores, labels):
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(labels) == 1
    n_pos = int(positive.sum())
    n_neg = len(scores) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    # Rank by position in the sorted order: tied scores get different ranks instead of their average.
    ranks = np.empty(len(scores))
    ranks[np.argsort(scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
