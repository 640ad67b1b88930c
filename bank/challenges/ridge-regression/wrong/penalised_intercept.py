import numpy as np


def fit_ridge(X, y, alpha):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    # Append a column of ones for the intercept and shrink every coefficient, the intercept included.
    A = np.hstack([X, np.ones((X.shape[0], 1))])
    theta = np.linalg.solve(A.T @ A + alpha * np.eye(A.shape[1]), A.T @ y)
    return theta[:-1], float(theta[-1])
