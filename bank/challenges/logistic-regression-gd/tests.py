import math

import numpy as np

from vetml.judge.testkit import Case


def _sig(z):
    return 1.0 / (1.0 + math.exp(-z))


def _problem(rng, n, d, scale=1.0):
    """Gaussian features and labels drawn from a logistic model, so the classes overlap."""
    X = rng.normal(0.0, scale, size=(n, d))
    true_w = rng.normal(0.0, 1.5, size=d) / scale
    logits = X @ true_w + rng.normal(0.0, 0.5)
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-logits))).astype(np.int64)
    return X, y


def _with_outliers(rng, n, d, n_outliers):
    """A well-behaved problem plus rows whose first feature is in the thousands (raw, unscaled)."""
    X = rng.normal(size=(n, d))
    y = (X[:, 0] + 0.5 * rng.normal(size=n) > 0).astype(np.int64)
    rows = rng.choice(n, size=n_outliers, replace=False)
    magnitude = rng.uniform(5_000.0, 20_000.0, size=n_outliers)
    X[rows, 0] = np.where(y[rows] == 1, magnitude, -magnitude)
    return X, y


def examples():
    X = np.array([[1.0, 2.0], [-1.0, 0.0], [3.0, 1.0], [0.0, -2.0]])
    y = np.array([1, 0, 1, 0])
    # Two steps on a symmetric 1-D problem: w1 = 1, then w2 = 1 - (0.5 - 2 * sigmoid(-2)).
    X2 = np.array([[2.0], [-2.0]])
    y2 = np.array([1, 0])
    return [
        Case("one step from zero", args=(X, y, 0.5, 1, 0.1), expected=(np.array([0.3125, 0.3125]), 0.0)),
        Case(
            "two steps with L2",
            args=(X2, y2, 1.0, 2, 0.5),
            expected=(np.array([0.5 + 2.0 / (1.0 + math.exp(2.0))]), 0.0),
        ),
    ]


def hidden():
    X = np.array([[1.0, -1.0, 2.0], [0.5, 0.0, -1.0]])
    yield Case(
        "zero iterations",
        args=(X, np.array([1, 0]), 0.1, 0, 0.0),
        expected=(np.zeros(3), 0.0),
        subtask="basic",
        category="edge cases",
    )
    # Every label is 1: one step moves w by lr * 0.5 * column means and b by lr * 0.5.
    X = np.array([[2.0, 0.0], [4.0, -2.0], [0.0, 5.0]])
    yield Case(
        "single class, one step",
        args=(X, np.array([1, 1, 1]), 0.2, 1, 1.0),
        expected=(np.array([0.2, 0.1]), 0.1),
        subtask="basic",
        category="edge cases",
    )
    # Labels [1, 0, 0] move the bias. Step 1: w = 1/6, b = -1/12; the logits are then [1/12, -1/12, -1/4].
    X = np.array([[1.0], [0.0], [-1.0]])
    w2 = 1.0 / 6.0 - 0.5 * (_sig(1.0 / 12.0) - 1.0 - _sig(-0.25)) / 3.0
    b2 = -1.0 / 12.0 - 0.5 * _sig(-0.25) / 3.0
    yield Case(
        "intercept moves, two steps",
        args=(X, np.array([1, 0, 0]), 0.5, 2, 0.0),
        expected=(np.array([w2]), b2),
        subtask="basic",
        category="intercept",
    )
    yield Case(
        "intercept is not regularised",
        args=(X, np.array([1, 0, 0]), 0.5, 2, 0.8),
        expected=(np.array([w2 - 0.5 * 0.8 / 6.0]), b2),
        subtask="basic",
        category="regularisation",
    )
    rng = np.random.default_rng(20260311)
    settings = [(40, 1, 0.5, 50, 0.0), (250, 5, 0.1, 200, 0.05), (120, 8, 0.3, 150, 0.5)]
    for index, (n, d, lr, iters, l2) in enumerate(settings):
        X, y = _problem(rng, n, d, scale=1.0 + index)
        yield Case(
            f"random problem {index + 1}",
            args=(X, y, lr, iters, l2),
            subtask="basic",
            category="regularisation" if l2 else "random problems",
        )

    yield Case(
        "saturated logits of 5e7",
        args=(np.array([[1e4], [-1e4]]), np.array([1, 0]), 1.0, 3, 0.0),
        expected=(np.array([5000.0]), 0.0),
        subtask="stability",
        category="numerical stability",
    )
    for index in range(2):
        X, y = _with_outliers(rng, 300, 3, 6)
        yield Case(
            f"unscaled outliers {index + 1}",
            args=(X, y, 0.1, 200, 0.01 * index),
            subtask="stability",
            category="numerical stability",
        )

    for index in range(2):
        X, y = _problem(rng, 20_000, 20)
        yield Case(
            f"large {index + 1}",
            args=(X, y, 0.2, 200, 0.001 * index),
            subtask="large",
            category="large inputs",
        )
