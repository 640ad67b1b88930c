import math

import numpy as np


def _sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def fit_logistic_regression(X, y, lr, n_iters, l2):
    rows = [[float(v) for v in row] for row in X]
    labels = [float(v) for v in y]
    n, d = len(rows), len(rows[0])
    w = [0.0] * d
    b = 0.0
    for _ in range(n_iters):
        grad_w = [0.0] * d
        grad_b = 0.0
        for row, label in zip(rows, labels, strict=True):
            z = b
            for j in range(d):
                z += row[j] * w[j]
            r = _sigmoid(z) - label
            for j in range(d):
                grad_w[j] += r * row[j]
            grad_b += r
        w = [w[j] - lr * (grad_w[j] / n + l2 * w[j]) for j in range(d)]
        b -= lr * grad_b / n
    return np.array(w), b
