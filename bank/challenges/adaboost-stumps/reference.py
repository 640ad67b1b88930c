import numpy as np

TIE_TOLERANCE = 1e-10
EPS_FLOOR = 1e-10


def adaboost_predict(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, n_rounds: int) -> np.ndarray:
    """Discrete AdaBoost over decision stumps; every round scores all stumps with cumulative sums."""
    X = np.asarray(X_train, dtype=np.float64)
    y = np.asarray(y_train, dtype=np.int64)
    n, d = X.shape

    # Sort each feature once (one row per feature). Boundary i of feature j lies between its i-th and
    # (i+1)-th smallest values; only boundaries between distinct values are thresholds.
    order = np.argsort(X.T, axis=1, kind="stable")  # (d, n)
    xs = np.take_along_axis(X.T, order, axis=1)
    unusable = ~(xs[:, :-1] < xs[:, 1:])  # (d, n-1)
    thresholds = (xs[:, :-1] + xs[:, 1:]) / 2
    positive = y[order] == 1

    w = np.full(n, 1.0 / n)
    stumps: list[tuple[int, float, int, float]] = []
    errors = np.empty((d, n - 1, 2))
    for _ in range(n_rounds):
        ws = w[order]
        left_all = np.cumsum(ws, axis=1)[:, :-1]  # weight at or below each boundary
        left_pos = np.cumsum(np.where(positive, ws, 0.0), axis=1)[:, :-1]
        left_neg = left_all - left_pos
        total_pos = w[y == 1].sum()
        total_neg = w.sum() - total_pos
        errors[:, :, 0] = left_pos + (total_neg - left_neg)  # polarity +1: right of the threshold is +1
        errors[:, :, 1] = left_neg + (total_pos - left_pos)  # polarity -1: right of the threshold is -1
        errors[unusable] = np.inf

        # Flattened (feature, threshold, polarity) order is exactly the tie-breaking order.
        flat = errors.ravel()
        first = int(np.flatnonzero(flat <= flat.min() + TIE_TOLERANCE)[0])
        j, i, p = np.unravel_index(first, errors.shape)
        polarity = 1 if p == 0 else -1
        threshold = float(thresholds[j, i])

        eps = min(max(float(flat[first]), EPS_FLOOR), 1.0 - EPS_FLOOR)
        alpha = 0.5 * np.log((1.0 - eps) / eps)
        stumps.append((int(j), threshold, polarity, alpha))

        h = np.where(X[:, j] > threshold, polarity, -polarity)
        w = w * np.exp(-alpha * y * h)
        w /= w.sum()

    T = np.asarray(X_test, dtype=np.float64)
    score = np.zeros(T.shape[0])
    for j, threshold, polarity, alpha in stumps:
        score += alpha * np.where(T[:, j] > threshold, polarity, -polarity)
    return np.where(score >= 0, 1, -1).astype(np.int64)
