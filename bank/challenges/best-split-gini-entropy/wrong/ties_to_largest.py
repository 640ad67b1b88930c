import numpy as np


def best_split(x, y, criterion):
    order = np.argsort(x, kind="stable")
    xs, ys = x[order], y[order]
    labels, classes = np.unique(ys, return_inverse=True)
    n, k = xs.size, labels.size
    left = np.zeros(k)
    total = np.bincount(classes, minlength=k).astype(float)

    def impurity(counts, size):
        if size == 0:
            return 0.0
        p = counts / size
        if criterion == "gini":
            return 1.0 - float(p @ p)
        p = p[p > 0]
        return -float(np.sum(p * np.log2(p)))

    parent = impurity(total, n)
    best = (float("nan"), 0.0)
    best_gain = -np.inf
    for i in range(n - 1):
        left[classes[i]] += 1
        if xs[i] == xs[i + 1]:
            continue
        gain = parent - (i + 1) / n * impurity(left, i + 1) - (n - i - 1) / n * impurity(total - left, n - i - 1)
        if gain >= best_gain:  # later thresholds win ties
            best_gain, best = gain, ((xs[i] + xs[i + 1]) / 2, gain)
    return float(best[0]), float(best[1])
