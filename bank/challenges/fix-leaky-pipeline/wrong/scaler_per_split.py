import numpy as np


def _standardise(block):
    mean = block.mean(axis=0)
    std = block.std(axis=0)
    std[std == 0] = 1.0
    return (block - mean) / std, mean, std


def train_and_evaluate(X, city, y, n_train, n_cities, ridge_lambda, smoothing):
    # Each split is standardised with its own mean and std, so validation is scaled with validation statistics.
    Z_train, mean, std = _standardise(X[:n_train])
    Z_val, _, _ = _standardise(X[n_train:])
    prior = y[:n_train].mean()
    sums = np.bincount(city[:n_train], weights=y[:n_train], minlength=n_cities)
    counts = np.bincount(city[:n_train], minlength=n_cities)
    encoding = (sums + smoothing * prior) / (counts + smoothing)
    A_train = np.column_stack([Z_train, encoding[city[:n_train]], np.ones(n_train)])
    A_val = np.column_stack([Z_val, encoding[city[n_train:]], np.ones(len(y) - n_train)])
    penalty = ridge_lambda * np.eye(A_train.shape[1])
    penalty[-1, -1] = 0.0
    weights = np.linalg.solve(A_train.T @ A_train + penalty, A_train.T @ y[:n_train])
    val_rmse = float(np.sqrt(np.mean((A_val @ weights - y[n_train:]) ** 2)))
    return {
        "val_rmse": val_rmse,
        "mean": mean.tolist(),
        "std": std.tolist(),
        "encoding": encoding.tolist(),
        "weights": weights.tolist(),
    }
