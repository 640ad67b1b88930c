import numpy as np  # entropy measured in nats

TIE_TOLERANCE = 1e-9


def _impurity(counts: np.ndarray, totals: np.ndarray, criterion: str) -> np.ndarray:
    """Impurity of each row of class counts; rows with a zero total get impurity 0."""
    safe_totals = np.where(totals > 0, totals, 1).astype(np.float64)
    shares = counts / safe_totals[:, None]
    if criterion == "gini":
        return 1.0 - np.sum(shares * shares, axis=1)
    if criterion == "entropy":
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(shares > 0, shares * np.log(np.where(shares > 0, shares, 1.0)), 0.0)
        return -np.sum(terms, axis=1)
    raise ValueError(f"unknown criterion {criterion!r}")


def best_split(x: np.ndarray, y: np.ndarray, criterion: str) -> tuple[float, float]:
    """Sort once, sweep running class counts, score every boundary between distinct values."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y)
    n = x.shape[0]
    order = np.argsort(x, kind="stable")
    xs = x[order]
    _, classes = np.unique(y[order], return_inverse=True)
    k = int(classes.max()) + 1 if n else 1

    # Boundaries: positions i where xs[i] < xs[i + 1]; the left child is xs[: i + 1].
    boundaries = np.flatnonzero(xs[:-1] < xs[1:])
    if boundaries.size == 0:
        return float("nan"), 0.0

    one_hot = np.zeros((n, k), dtype=np.int32)
    one_hot[np.arange(n), classes] = 1
    running = np.cumsum(one_hot, axis=0, dtype=np.int64)
    total = running[-1]

    left_counts = running[boundaries]
    right_counts = total[None, :] - left_counts
    n_left = (boundaries + 1).astype(np.float64)
    n_right = n - n_left

    parent = _impurity(total[None, :], np.array([n]), criterion)[0]
    left = _impurity(left_counts, n_left, criterion)
    right = _impurity(right_counts, n_right, criterion)
    decrease = parent - (n_left / n) * left - (n_right / n) * right

    best = decrease.max()
    first = int(np.flatnonzero(decrease >= best - TIE_TOLERANCE)[0])  # boundaries are in increasing x
    i = boundaries[first]
    threshold = (xs[i] + xs[i + 1]) / 2
    return float(threshold), float(decrease[first])
