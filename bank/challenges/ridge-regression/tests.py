import numpy as np

from vetml.judge.testkit import Case


def _linear(rng, n, d, noise=1.0):
    X = rng.normal(0.0, 1.0, size=(n, d)) * rng.uniform(0.5, 3.0, size=d) + rng.normal(0.0, 2.0, size=d)
    true_w = rng.normal(0.0, 2.0, size=d)
    y = X @ true_w + rng.normal(0.0, 5.0) + rng.normal(0.0, noise, size=n)
    return X, y


def _timestamps(rng, n, window_s):
    """Sensor rows whose middle column is a raw Unix time in seconds inside a short window."""
    t = (1_700_000_000 + rng.integers(0, window_s, size=n)).astype(np.float64)
    other = rng.normal(size=(n, 2))
    X = np.column_stack([other[:, 0], t, other[:, 1]])
    y = 0.01 * (t - 1_700_000_000) + other @ np.array([1.0, -2.0]) + 40.0 + rng.normal(size=n)
    return X, y


def examples():
    return [
        Case(
            "one feature",
            args=(np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 3.0, 5.0]), 1.0),
            expected=(np.array([4.0 / 3.0]), 5.0 / 3.0),
        ),
        Case(
            "two features",
            args=(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]]), np.array([1.0, 2.0, 3.0, 0.0]), 1.0),
            expected=(np.array([0.5, 1.0]), 0.75),
        ),
    ]


def hidden():
    yield Case(
        "single row",
        args=(np.array([[2.0, -1.0, 7.0]]), np.array([4.5]), 0.5),
        expected=(np.zeros(3), 4.5),
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "constant feature gets zero weight",
        args=(np.array([[3.0, 0.0], [3.0, 1.0], [3.0, 2.0]]), np.array([1.0, 2.0, 3.0]), 2.0),
        expected=(np.array([0.0, 0.5]), 1.5),
        subtask="basic",
        category="edge cases",
    )
    # Centred: x = [-1, 0, 1], y = [-3, -1, 4], so w = 7 / (2 + alpha) and b = 5 - 2 w.
    alpha = 1e12
    yield Case(
        "huge alpha leaves only the mean",
        args=(np.array([[1.0], [2.0], [3.0]]), np.array([2.0, 4.0, 9.0]), alpha),
        expected=(np.array([7.0 / (2.0 + alpha)]), 5.0 - 2.0 * 7.0 / (2.0 + alpha)),
        subtask="basic",
        category="intercept",
    )
    # Mean of y far from zero: a penalised intercept is pulled towards 0.
    yield Case(
        "target far from zero",
        args=(np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([1000.0, 1002.0, 1004.0, 1006.0]), 5.0),
        expected=(np.array([10.0 / (5.0 + 5.0)]), 1003.0 - 1.5),
        subtask="basic",
        category="intercept",
    )
    rng = np.random.default_rng(424242)
    for n, d, alpha in [(30, 4, 0.1), (200, 12, 25.0), (15, 40, 1.0)]:
        X, y = _linear(rng, n, d)
        yield Case(
            f"random {n} x {d}" + (" (more features than rows)" if d > n else ""),
            args=(X, y, alpha),
            subtask="basic",
            category="more features than rows" if d > n else "random problems",
        )

    for index, (n, window_s) in enumerate([(2000, 300), (3000, 600)]):
        X, y = _timestamps(rng, n, window_s)
        yield Case(
            f"raw Unix timestamps {index + 1}",
            args=(X, y, 5.0),
            subtask="stability",
            category="numerical stability",
        )

    for index in range(2):
        X, y = _linear(rng, 50_000, 10, noise=3.0)
        yield Case(
            f"large {index + 1}",
            args=(X, y, 10.0 ** (index + 1)),
            subtask="large",
            category="large inputs",
        )
