import numpy as np

TIE_TOLERANCE = 1e-9


def best_split(x: np.ndarray, y: np.ndarray, criterion: str) -> tuple[float, float]:
    """Sort once, take running class counts at every boundary between distinct values, score all at once."""
    if criterion not in ("gini", "entropy"):
        raise ValueError(f"unknown criterion {criterion!r}")
    x = np.asarray(x, dtype=np.float64)
    n = x.shape[0]
    order = np.argsort(x, kind="stable")
    xs = x[order]
    # Boundary i separates xs[: i + 1] (left, x <= threshold) from xs[i + 1 :].
    boundaries = np.flatnonzero(xs[:-1] < xs[1:])
    if boundaries.size == 0:
        return float("nan"), 0.0

    _, classes = np.unique(np.asarray(y), return_inverse=True)
    classes = classes.ravel()[order]
    k = int(classes.max()) + 1
    one_hot = np.zeros((k, n), dtype=np.int32)  # one row per class: the running sums stay contiguous
    one_hot[classes, np.arange(n)] = 1
    left = np.cumsum(one_hot, axis=1, dtype=np.int32)[:, boundaries].T  # class counts on the left
    total = np.bincount(classes, minlength=k)
    right = total - left
    n_left = (boundaries + 1).astype(np.float64)
    n_right = n - n_left

    if criterion == "gini":
        # n * sum_children (n_c/n) * gini_c = n - sum_children (sum_k count^2) / n_c
        purity = (np.einsum("ij,ij->i", left, left, dtype=np.float64) / n_left
                  + np.einsum("ij,ij->i", right, right, dtype=np.float64) / n_right)  # fmt: skip
        parent = 1.0 - float(np.dot(total, total)) / (n * n)
        decrease = parent - (n - purity) / n
    else:
        # n * H(S) = n log2 n - sum_k c log2 c, with c log2 c looked up for every integer count.
        c_log_c = np.zeros(n + 1)
        c_log_c[1:] = np.arange(1, n + 1) * np.log2(np.arange(1, n + 1))
        left_sum = n_left * np.log2(n_left) - c_log_c[left].sum(axis=1)
        right_sum = n_right * np.log2(n_right) - c_log_c[right].sum(axis=1)
        parent = (n * np.log2(n) - c_log_c[total].sum()) / n
        decrease = parent - (left_sum + right_sum) / n

    best = decrease.max()
    first = int(np.flatnonzero(decrease >= best - TIE_TOLERANCE)[0])  # boundaries are in increasing x
    i = boundaries[first]
    return float((xs[i] + xs[i + 1]) / 2), float(decrease[first])
