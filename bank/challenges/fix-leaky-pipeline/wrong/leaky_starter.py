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
    """Fit a ridge model on the first n_train rows (in time order) and score it on the rest.

    This pipeline runs and its validation RMSE looks great. It also leaks: find and fix every leak
    without changing anything else about the model.
    """
    n_rows = len(y)

    # 1. Standardise the numeric features.
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[std == 0] = 1.0
    Z = (X - mean) / std

    # 2. Target-encode the city: smoothed mean of y per city, shrunk towards the global mean.
    prior = y.mean()
    sums = np.bincount(city, weights=y, minlength=n_cities)
    counts = np.bincount(city, minlength=n_cities)
    encoding = (sums + smoothing * prior) / (counts + smoothing)
    city_feature = encoding[city]

    # 3. Design matrix: standardised features, encoded city, intercept.
    A = np.column_stack([Z, city_feature, np.ones(n_rows)])

    # 4. Time-based split: the first n_train rows train, the remaining rows validate.
    A_train, A_val = A[:n_train], A[n_train:]
    y_train, y_val = y[:n_train], y[n_train:]

    # 5. Ridge regression in closed form; the intercept is not penalised.
    penalty = ridge_lambda * np.eye(A.shape[1])
    penalty[-1, -1] = 0.0
    weights = np.linalg.solve(A_train.T @ A_train + penalty, A_train.T @ y_train)

    # 6. Validation RMSE.
    predictions = A_val @ weights
    val_rmse = float(np.sqrt(np.mean((predictions - y_val) ** 2)))

    return {
        "val_rmse": val_rmse,
        "mean": mean.tolist(),
        "std": std.tolist(),
        "encoding": encoding.tolist(),
        "weights": weights.tolist(),
    }
