import math

import numpy as np

from vetml.judge.testkit import Case


def _a(rows):
    return np.array(rows, dtype=np.float64)


def _labels(values):
    return np.array(values, dtype=np.int64)


def _slow_scores(X, y, X_test, n_rounds):
    """Independent, loop-by-loop AdaBoost: used to keep generated test points away from a zero score."""
    n, d = X.shape
    w = [1.0 / n] * n
    stumps = []
    for _ in range(n_rounds):
        best = None
        for j in range(d):
            values = sorted(set(X[:, j].tolist()))
            for low, high in zip(values, values[1:]):
                threshold = (low + high) / 2
                for polarity in (1, -1):
                    error = math.fsum(w[i] for i in range(n)
                                      if (polarity if X[i, j] > threshold else -polarity) != y[i])
                    if best is None or error < best[0] - 1e-10:
                        best = (error, j, threshold, polarity)
        error, j, threshold, polarity = best
        error = min(max(error, 1e-10), 1 - 1e-10)
        alpha = 0.5 * math.log((1 - error) / error)
        stumps.append((j, threshold, polarity, alpha))
        w = [w[i] * math.exp(-alpha * y[i] * (polarity if X[i, j] > threshold else -polarity)) for i in range(n)]
        total = math.fsum(w)
        w = [v / total for v in w]
    return np.array([math.fsum(alpha * (polarity if x[j] > threshold else -polarity)
                               for j, threshold, polarity, alpha in stumps) for x in X_test])


def examples():
    line = _a([[1], [2], [3], [4]])
    five = _a([[1], [2], [3], [4], [5]])
    return [
        Case("one perfect stump", args=(line, _labels([-1, -1, 1, 1]), _a([[0], [2.5], [2.6], [10]]), 1),
             expected=_labels([-1, -1, 1, 1])),
        # Stumps: (x <= 2.5 -> +1, alpha ln 2), (x > 4.5 -> +1, alpha ln(3)/2), (x <= 2.5 -> +1, alpha ln(2)/2),
        # (x > 1.5 -> +1, alpha ln(11/5)/2). Scores at 0, 2, 3, 5: 0.096, 0.885, -1.195, -0.096.
        Case("four rounds on five points", args=(five, _labels([1, 1, -1, -1, 1]), _a([[0], [2], [3], [5]]), 4),
             expected=_labels([1, 1, -1, -1])),
    ]


def _additive_dataset(rng, n_train, n_test, d, noise):
    """Labels from a sum of axis-aligned steps, the kind of boundary boosted stumps can represent."""
    X = rng.normal(0.0, 1.0, size=(n_train + n_test, d))
    cuts = rng.normal(0.0, 0.6, size=d)
    weights = np.zeros(d)
    weights[:4] = [1.0, 0.8, -0.7, 0.6]
    margin = ((X > cuts) * 2 - 1) @ weights + 0.5 * (X[:, 4] > 0.8)
    y = np.where(margin > 0.05, 1, -1)
    flip = rng.random(n_train) < noise
    y_train = np.where(flip, -y[:n_train], y[:n_train])
    return X[:n_train], y_train.astype(np.int64), X[n_train:], y[n_train:].astype(np.int64)


def hidden():
    line = _a([[1], [2], [3], [4]])
    five = _a([[1], [2], [3], [4], [5]])
    yield Case("reversed polarity", args=(line, _labels([1, 1, -1, -1]), _a([[0], [2.5], [2.6], [10]]), 1),
               expected=_labels([1, 1, -1, -1]), subtask="basic", category="polarity")
    yield Case("tie between features", args=(_a([[1, 10], [2, 20], [3, 30], [4, 40]]), _labels([-1, -1, 1, 1]),
                                             _a([[3, 5], [2, 35]]), 3),
               expected=_labels([1, -1]), subtask="basic", category="ties")
    # Thresholds 2.5 and 4.5 (polarity +1) both misclassify one of six points; 2.5 comes first.
    yield Case("tie between thresholds", args=(_a([[1], [2], [3], [4], [5], [6]]), _labels([-1, -1, 1, -1, 1, 1]),
                                               _a([[3.5], [2.4], [4.6]]), 1),
               expected=_labels([1, -1, 1]), subtask="basic", category="ties")
    yield Case("point on the threshold", args=(_a([[0], [10]]), _labels([1, -1]), _a([[5], [5.0001], [4.9999]]), 2),
               expected=_labels([1, -1, 1]), subtask="basic", category="boundaries")
    yield Case("constant feature is skipped", args=(_a([[7, 1], [7, 2], [7, 3]]), _labels([1, -1, -1]),
                                                    _a([[0, 1.4], [100, 1.6]]), 2),
               expected=_labels([1, -1]), subtask="basic", category="degenerate features")
    yield Case("repeated values with mixed labels", args=(_a([[1], [1], [1], [2], [2]]), _labels([1, 1, -1, -1, -1]),
                                                          _a([[1], [2], [1.5]]), 1),
               expected=_labels([1, -1, 1]), subtask="basic", category="boundaries")
    # Rounds 5 and 6 add (x <= 2.5 -> +1, 0.2798) and (x > 4.5 -> +1, 0.3253): scores 0.051, 0.839, -1.8, -0.051.
    yield Case("six rounds on five points", args=(five, _labels([1, 1, -1, -1, 1]), _a([[0], [1.6], [3], [6]]), 6),
               expected=_labels([1, 1, -1, -1]), subtask="basic", category="weighted vote")

    # Round 1: (x > 1.5 -> +1) ties with (x <= 3.5 -> +1) and (x > 5.5 -> +1) at error 1/3; alpha = ln(2)/2.
    # Round 2: (x <= 3.5 -> +1) ties with (x > 5.5 -> +1) at error 1/4; alpha = ln(3)/2.
    # Round 3: (x > 5.5 -> +1) at error 1/6; alpha = ln(5)/2.
    # Scores: -0.602 below 1.5, +0.091 on (1.5, 3.5], -1.007 on (3.5, 5.5], +0.602 above 5.5.
    yield Case("three stumps outvote one", args=(_a([[1], [2], [3], [4], [5], [6]]), _labels([-1, 1, 1, -1, -1, 1]),
                                                 _a([[0.5], [2], [3], [4], [5], [6.5]]), 3),
               expected=_labels([-1, 1, 1, -1, -1, 1]), subtask="basic", category="weighted vote")

    rng = np.random.default_rng(8080)
    made = 0
    while made < 10:
        n, d, rounds = int(rng.integers(8, 15)), int(rng.integers(2, 5)), int(rng.integers(3, 11))
        X = rng.integers(0, 6, size=(n, d)).astype(np.float64)  # few distinct values: many ties
        y = rng.choice(np.array([-1, 1]), size=n)
        if all(np.unique(X[:, j]).size < 2 for j in range(d)):
            continue
        X_test = rng.integers(-1, 7, size=(40, d)) + rng.choice(np.array([0.0, 0.25, 0.5]), size=(40, d))
        X_test = X_test[np.abs(_slow_scores(X, y, X_test, rounds)) > 1e-9]  # no test point on a zero score
        made += 1
        yield Case(f"random small set {made} ({n} points, {d} features, {rounds} rounds)",
                   args=(X, y.astype(np.int64), X_test, rounds), subtask="small", category="random small sets")

    for index, (n_train, d, rounds, noise, at_least) in enumerate(
        [(4_000, 10, 60, 0.1, 0.9), (5_000, 20, 100, 0.05, 0.9), (3_000, 8, 40, 0.2, 0.9)]
    ):
        X, y, X_test, y_test = _additive_dataset(rng, n_train, 4_000, d, noise)
        yield Case(f"held-out accuracy {index + 1} ({n_train} x {d}, {rounds} rounds)",
                   args=(X, y, X_test, rounds), expected=y_test, checker="metric",
                   checker_options={"metric": "accuracy", "at_least": at_least},
                   subtask="heldout", category="held-out accuracy")
