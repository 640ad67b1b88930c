import numpy as np


def train_and_evaluate(
    X: np.ndarray,
    city: np.ndarray,
    y: np.ndarray,
    n_train: int,
    n_cities: int,
    ridge_lambda: float,
    smoothing: float,
) -> dict:
    """The starter's pipeline with every statistic fitted on the training rows only.

    The scaler's mean and std, the per-city sums and counts, and the prior of the target encoding
    all come from rows [:n_train]. Validation rows are only transformed with them; a city that
    never occurs in training gets the prior (count 0 in the smoothing formula).
    """
    X_train, city_train, y_train = X[:n_train], city[:n_train], y[:n_train]

    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std[std == 0] = 1.0
    Z = (X - mean) / std

    prior = y_train.mean()
    sums = np.bincount(city_train, weights=y_train, minlength=n_cities)
    counts = np.bincount(city_train, minlength=n_cities)
    encoding = (sums + smoothing * prior) / (counts + smoothing)

    A = np.column_stack([Z, encoding[city], np.ones(len(y))])
    A_train, A_val = A[:n_train], A[n_train:]

    penalty = ridge_lambda * np.eye(A.shape[1])
    penalty[-1, -1] = 0.0
    weights = np.linalg.solve(A_train.T @ A_train + penalty, A_train.T @ y_train)

    predictions = A_val @ weights
    val_rmse = float(np.sqrt(np.mean((predictions - y[n_train:]) ** 2)))
    return {
        "val_rmse": val_rmse,
        "mean": mean.tolist(),
        "std": std.tolist(),
        "encoding": encoding.tolist(),
        "weights": weights.tolist(),
    }
