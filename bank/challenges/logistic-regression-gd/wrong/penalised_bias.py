import numpy as np


def fit_logistic_regression(X, y, lr, n_iters, l2):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n, d = X.shape
    # Fold the bias into the weights as a column of ones, then regularise everything alike.
    Xb = np.hstack([X, np.ones((n, 1))])
    theta = np.zeros(d + 1)
    for _ in range(n_iters):
        z = Xb @ theta
        p = 0.5 * (1.0 + np.tanh(0.5 * z))
        theta = theta - lr * (Xb.T @ (p - y) / n + l2 * theta)
    return theta[:-1], float(theta[-1])
