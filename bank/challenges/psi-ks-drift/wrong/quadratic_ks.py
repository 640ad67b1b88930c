import numpy as np


def drift_report(train, serving, n_bins):
    levels = np.arange(1, n_bins) / n_bins
    psi, ks = [], []
    for j in range(train.shape[1]):
        t, s = train[:, j], serving[:, j]
        edges = np.unique(np.quantile(t, levels))
        p = np.bincount(np.searchsorted(edges, t, side="right"), minlength=len(edges) + 1) / len(t)
        q = np.bincount(np.searchsorted(edges, s, side="right"), minlength=len(edges) + 1) / len(s)
        p, q = np.where(p == 0, 1e-4, p), np.where(q == 0, 1e-4, q)
        psi.append(float(np.sum((q - p) * np.log(q / p))))
        best = 0.0
        for x in np.unique(np.concatenate([t, s])):  # a full pass over both samples per point
            best = max(best, abs(float(np.mean(t <= x)) - float(np.mean(s <= x))))
        ks.append(best)
    return psi, ks
