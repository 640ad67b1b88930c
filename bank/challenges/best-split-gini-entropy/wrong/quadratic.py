import numpy as np


def _impurity(labels, criterion):
    if labels.size == 0:
        return 0.0
    _, counts = np.unique(labels, return_counts=True)
    p = counts / labels.size
    if criterion == "gini":
        return 1.0 - float(np.sum(p * p))
    return -float(np.sum(p * np.log2(p)))


def best_split(x, y, criterion):
    values = np.unique(x)
    parent = _impurity(y, criterion)
    best = (float("nan"), 0.0)
    best_gain = -np.inf
    for a, b in zip(values[:-1], values[1:]):
        t = (a + b) / 2
        mask = x <= t
        gain = parent - mask.mean() * _impurity(y[mask], criterion) - (1 - mask.mean()) * _impurity(y[~mask], criterion)
        if gain > best_gain + 1e-9:
            best_gain, best = gain, (float(t), float(gain))
    return best
