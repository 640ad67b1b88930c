import numpy as np


def fit_logistic_regression(X, y, lr, n_iters, l2):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(n_iters):
        z = X @ w + b
        p = np.exp(z) / (1.0 + np.exp(z))
        residual = p - y
        w = w - lr * (X.T @ residual / n + l2 * w)
        b = b - lr * residual.mean()
    return w, float(b)
