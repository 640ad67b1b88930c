import numpy as np


def fit_ridge(X: np.ndarray, y: np.ndarray, alpha: float) -> tuple[np.ndarray, float]:
    """Centre features and target (which removes the unpenalised intercept), solve the d x d system."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    x_mean = X.mean(axis=0)
    y_mean = y.mean()
    Xc = X - x_mean
    gram = Xc.T @ Xc
    gram[np.diag_indices_from(gram)] += alpha
    w = np.linalg.solve(gram, Xc.T @ (y - y_mean))
    b = y_mean - x_mean @ w
    return w, float(b)
