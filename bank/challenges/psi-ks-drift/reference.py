import numpy as np

EMPTY_BIN_SHARE = 1e-4


def _shares(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Share of values per bin; bin i holds edges[i-1] <= x < edges[i] (open-ended at both ends)."""
    bins = np.searchsorted(edges, values, side="right")
    shares = np.bincount(bins, minlength=len(edges) + 1) / len(values)
    return np.where(shares == 0, EMPTY_BIN_SHARE, shares)


def drift_report(train: np.ndarray, serving: np.ndarray, n_bins: int) -> tuple[list[float], list[float]]:
    """Per-feature PSI (training-quantile bins) and two-sample KS statistic."""
    train = np.asarray(train, dtype=np.float64)
    serving = np.asarray(serving, dtype=np.float64)
    levels = np.arange(1, n_bins) / n_bins
    psi: list[float] = []
    ks: list[float] = []
    for j in range(train.shape[1]):
        expected_values = np.sort(train[:, j])
        actual_values = np.sort(serving[:, j])

        edges = np.unique(np.quantile(expected_values, levels))
        p = _shares(expected_values, edges)
        q = _shares(actual_values, edges)
        psi.append(float(np.sum((q - p) * np.log(q / p))))

        pooled = np.concatenate([expected_values, actual_values])
        cdf_train = np.searchsorted(expected_values, pooled, side="right") / len(expected_values)
        cdf_serving = np.searchsorted(actual_values, pooled, side="right") / len(actual_values)
        ks.append(float(np.max(np.abs(cdf_train - cdf_serving))))
    return psi, ks
