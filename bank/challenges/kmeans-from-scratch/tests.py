import numpy as np

from vetml.judge.testkit import Case


def _blobs(rng, n, d, k, spread):
    """Gaussian blobs around k random centres, with initial centroids picked from the points."""
    centres = rng.normal(0.0, spread, size=(k, d))
    X = centres[rng.integers(0, k, size=n)] + rng.normal(size=(n, d))
    init = X[rng.choice(n, size=k, replace=False)].copy()
    return X, init


def examples():
    return [
        Case(
            "two clusters on a line",
            args=(np.array([[1.0], [2.0], [10.0], [11.0], [12.0]]), np.array([[1.0], [2.0]]), 10),
            expected=(np.array([0, 0, 1, 1, 1]), np.array([[1.5], [11.0]])),
        ),
        Case(
            "a tie goes to the lower index",
            args=(np.array([[0.0, 0.0], [2.0, 0.0], [1.0, 0.0]]), np.array([[0.0, 0.0], [2.0, 0.0]]), 10),
            expected=(np.array([0, 1, 0]), np.array([[0.5, 0.0], [2.0, 0.0]])),
        ),
    ]


def hidden():
    X = np.array([[0.0], [1.0], [5.0], [10.0]])
    init = np.array([[0.0], [1.0]])
    yield Case(
        "max_iter = 1 stops after one update",
        args=(X, init, 1),
        expected=(np.array([0, 1, 1, 1]), np.array([[0.0], [16.0 / 3.0]])),
        subtask="basic",
        category="stopping rule",
    )
    yield Case(
        "converges on the third pass",
        args=(X, init, 50),
        expected=(np.array([0, 0, 1, 1]), np.array([[0.5], [7.5]])),
        subtask="basic",
        category="stopping rule",
    )
    yield Case(
        "single cluster",
        args=(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 9.0]]), np.array([[100.0, -100.0]]), 5),
        expected=(np.array([0, 0, 0]), np.array([[3.0, 5.0]])),
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "identical initial centroids",
        args=(np.array([[1.0, 1.0], [3.0, 1.0], [2.0, 4.0]]), np.array([[2.0, 2.0], [2.0, 2.0]]), 10),
        expected=(np.array([0, 0, 0]), np.array([[2.0, 2.0], [2.0, 2.0]])),
        subtask="basic",
        category="ties",
    )
    yield Case(
        "a far centroid stays empty",
        args=(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]), np.array([[0.0, 0.0], [100.0, 100.0]]), 10),
        expected=(np.array([0, 0, 0]), np.array([[1.0 / 3.0, 1.0 / 3.0], [100.0, 100.0]])),
        subtask="basic",
        category="empty clusters",
    )
    # Pass 1: labels [0, 1, 1, 2], centroids [1, 4.5, 9]. Pass 2: both middle points leave cluster 1,
    # which keeps 4.5; the others move to [1.5, 8]. Pass 3 changes nothing.
    yield Case(
        "a cluster empties during the run",
        args=(np.array([[1.0], [2.0], [7.0], [9.0]]), np.array([[0.0], [3.0], [14.0]]), 10),
        expected=(np.array([0, 0, 2, 2]), np.array([[1.5], [4.5], [8.0]])),
        subtask="basic",
        category="empty clusters",
    )

    rng = np.random.default_rng(8675309)
    for index, (n, d, k) in enumerate([(60, 2, 3), (400, 3, 5), (1000, 5, 12)]):
        X, init = _blobs(rng, n, d, k, spread=3.0)
        yield Case(f"random blobs {index + 1}", args=(X, init, 100), subtask="basic", category="random problems")

    X, init = _blobs(rng, 20_000, 16, 16, spread=1.5)
    yield Case("large, overlapping blobs", args=(X, init, 50), subtask="large", category="large inputs")
    X, init = _blobs(rng, 20_000, 16, 16, spread=4.0)
    yield Case("large, separated blobs", args=(X, init, 50), subtask="large", category="large inputs")
