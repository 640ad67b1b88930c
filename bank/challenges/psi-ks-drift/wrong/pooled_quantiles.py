import numpy as np


def drift_report(train, serving, n_bins):
    levels = np.arange(1, n_bins) / n_bins
    psi, ks = [], []
    for j in range(train.shape[1]):
        t, s = np.sort(train[:, j]), np.sort(serving[:, j])
        edges = np.unique(np.quantile(np.concatenate([t, s]), levels))  # edges from both samples
        p = np.bincount(np.searchsorted(edges, t, side="right"), minlength=len(edges) + 1) / len(t)
        q = np.bincount(np.searchsorted(edges, s, side="right"), minlength=len(edges) + 1) / len(s)
        p, q = np.where(p == 0, 1e-4, p), np.where(q == 0, 1e-4, q)
        psi.append(float(np.sum((q - p) * np.log(q / p))))
        pooled = np.concatenate([t, s])
        gap = np.searchsorted(t, pooled, side="right") / len(t) - np.searchsorted(s, pooled, side="right") / len(s)
        ks.append(float(np.max(np.abs(gap))))
    return psi, ks
