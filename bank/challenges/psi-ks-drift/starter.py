import numpy as np


def drift_report(train: np.ndarray, serving: np.ndarray, n_bins: int) -> tuple[list[float], list[float]]:
    """Return (psi, ks): one population stability index and one KS statistic per feature (column)."""
    raise NotImplementedError
