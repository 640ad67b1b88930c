import numpy as np


def roc_auc(scores, labels):
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels)
    pos = scores[labels == 1]
    neg = scores[labels == 0]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    # Compare every positive with every negative: exact, but O(P * N).
    wins = 0.0
    for s in pos:
        wins += np.count_nonzero(neg < s) + 0.5 * np.count_nonzero(neg == s)
    return wins / (len(pos) * len(neg))
