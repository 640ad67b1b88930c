import numpy as np


def best_split(x, y, criterion):
    order = np.argsort(x, kind="stable")
    xs = x[order]
    _, classes = np.unique(y[order], return_inverse=True)
    n, k = xs.size, classes.max() + 1
    running = np.cumsum(np.eye(k, dtype=np.int64)[classes], axis=0)
    total = running[-1]
    cut = np.flatnonzero(xs[:-1] < xs[1:])
    if cut.size == 0:
        return float("nan"), 0.0

    def impurity(counts):
        sizes = counts.sum(axis=1, keepdims=True)
        p = counts / np.maximum(sizes, 1)
        if criterion == "gini":
            return 1.0 - (p * p).sum(axis=1)
        return -(np.where(p > 0, p * np.log2(np.where(p > 0, p, 1)), 0)).sum(axis=1)

    left, right = running[cut], total - running[cut]
    gain = impurity(total[None])[0] - (cut + 1) / n * impurity(left) - (n - cut - 1) / n * impurity(right)
    best = int(np.flatnonzero(gain >= gain.max() - 1e-9)[0])
    return float(xs[cut[best]]), float(gain[best])  # the left value, not the midpoint
