import numpy as np


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function that only ever exponentiates -|z|, so it cannot overflow."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def fit_logistic_regression(
    X: np.ndarray, y: np.ndarray, lr: float, n_iters: int, l2: float
) -> tuple[np.ndarray, float]:
    """Full-batch gradient descent on the mean log-loss plus (l2 / 2) * ||w||^2 (bias not penalised)."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(n_iters):
        residual = _sigmoid(X @ w + b) - y
        grad_w = X.T @ residual / n + l2 * w
        grad_b = residual.sum() / n
        w = w - lr * grad_w
        b = b - lr * grad_b
    return w, float(b)
