import numpy as np


def drift_report(train, serving, n_bins):
    levels = np.arange(1, n_bins) / n_bins
    psi, ks = [], []
    for j in range(train.shape[1]):
        t, s = np.sort(train[:, j]), np.sort(serving[:, j])
        edges = np.unique(np.quantile(t, levels))
        p = np.bincount(np.searchsorted(edges, t, side="right"), minlength=len(edges) + 1) / len(t)
        q = np.bincount(np.searchsorted(edges, s, side="right"), minlength=len(edges) + 1) / len(s)
        keep = (p > 0) & (q > 0)  # avoids log(0) by ignoring empty bins
        psi.append(float(np.sum((q[keep] - p[keep]) * np.log(q[keep] / p[keep]))))
        pooled = np.concatenate([t, s])
        gap = np.searchsorted(t, pooled, side="right") / len(t) - np.searchsorted(s, pooled, side="right") / len(s)
        ks.append(float(np.max(np.abs(gap))))
    return psi, ks
