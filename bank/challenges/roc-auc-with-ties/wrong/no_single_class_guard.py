import numpy as np
from scipy.stats import rankdata


def roc_auc(scores, labels):
    positive = np.asarray(labels) == 1
    n_pos = int(positive.sum())
    n_neg = len(positive) - n_pos
    rank_sum = float(rankdata(scores)[positive].sum())
    # Nothing handles a batch with only one class: P * N is 0.
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
