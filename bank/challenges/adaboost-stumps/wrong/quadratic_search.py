import numpy as np


def adaboost_predict(X_train, y_train, X_test, n_rounds):
    n, d = X_train.shape
    w = np.full(n, 1.0 / n)
    model = []
    for _ in range(n_rounds):
        best = None
        for j in range(d):
            values = np.unique(X_train[:, j])
            for threshold in (values[:-1] + values[1:]) / 2:
                right = X_train[:, j] > threshold
                for polarity in (1, -1):
                    pred = np.where(right, polarity, -polarity)
                    error = w[pred != y_train].sum()
                    if best is None or error < best[0] - 1e-10:
                        best = (error, j, threshold, polarity)
        error, j, threshold, polarity = best
        error = min(max(error, 1e-10), 1 - 1e-10)
        alpha = 0.5 * np.log((1 - error) / error)
        model.append((j, threshold, polarity, alpha))
        pred = np.where(X_train[:, j] > threshold, polarity, -polarity)
        w = w * np.exp(-alpha * y_train * pred)
        w /= w.sum()
    score = sum(alpha * np.where(X_test[:, j] > t, p, -p) for j, t, p, alpha in model)
    return np.where(score >= 0, 1, -1)
