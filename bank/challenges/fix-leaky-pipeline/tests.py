import statistics

import numpy as np

from vetml.judge.testkit import Case


def _honest(X, city, y, n_train, n_cities, ridge_lambda, smoothing) -> dict:
    """A second, independently written leak-free pipeline for the hand-made cases.

    Plain Python for the statistics and the encoding, and ridge as least squares on an augmented
    system (rows sqrt(lambda) * e_j appended) instead of the normal equations.
    """
    d = X.shape[1]
    train_rows = X[:n_train].tolist()
    mean = [statistics.fmean(row[j] for row in train_rows) for j in range(d)]
    std = [statistics.pstdev([row[j] for row in train_rows]) or 1.0 for j in range(d)]
    prior = statistics.fmean(y[:n_train].tolist())
    totals: dict[int, list[float]] = {}
    for c, target in zip(city[:n_train].tolist(), y[:n_train].tolist()):
        totals.setdefault(c, []).append(target)
    encoding = [
        (sum(totals.get(c, [])) + smoothing * prior) / (len(totals.get(c, [])) + smoothing) for c in range(n_cities)
    ]
    design = np.array(
        [
            [(value - mean[j]) / std[j] for j, value in enumerate(row)] + [encoding[c], 1.0]
            for row, c in zip(X.tolist(), city.tolist())
        ]
    )
    augmented = np.vstack([design[:n_train], np.sqrt(ridge_lambda) * np.eye(d + 2)[: d + 1]])
    targets = np.concatenate([y[:n_train], np.zeros(d + 1)])
    weights = np.linalg.lstsq(augmented, targets, rcond=None)[0]
    residuals = design[n_train:] @ weights - y[n_train:]
    return {
        "val_rmse": float(np.sqrt(np.mean(residuals**2))),
        "mean": mean,
        "std": std,
        "encoding": encoding,
        "weights": weights.tolist(),
    }


def _case(name: str, args: tuple, subtask: str, category: str) -> Case:
    return Case(name, args=args, expected=_honest(*args), subtask=subtask, category=category)


def _small_example() -> tuple:
    X = np.array(
        [
            [1.0, 20.0],
            [2.0, 22.0],
            [3.0, 19.0],
            [4.0, 25.0],
            [5.0, 24.0],
            [6.0, 30.0],
            [7.0, 28.0],
            [8.0, 35.0],
            [9.0, 33.0],
            [10.0, 40.0],
        ]
    )
    city = np.array([0, 1, 0, 2, 1, 0, 2, 1, 0, 2])
    y = np.array([3.0, 5.0, 4.0, 8.0, 6.0, 7.0, 10.0, 12.0, 11.0, 15.0])
    return X, city, y, 7, 3, 1.0, 2.0


def _dataset(rng: np.random.Generator, n: int, d: int, n_cities: int, train_share: float, drift: float) -> tuple:
    """Rows in time order; the later (validation) part drifts and has some cities that are new."""
    n_train = int(n * train_share)
    scales = rng.uniform(0.5, 20.0, d)
    X = rng.normal(rng.uniform(-50, 50, d), scales, size=(n, d))
    X[n_train:] += drift * scales
    old_cities = max(1, int(n_cities * 0.8))
    city = np.concatenate([rng.integers(0, old_cities, n_train), rng.integers(0, n_cities, n - n_train)]).astype(
        np.int64
    )
    effects = rng.normal(0.0, 3.0, n_cities)
    beta = rng.normal(0.0, 1.0, d) / scales
    y = X @ beta + effects[city] + rng.normal(0.0, 1.0, n) + drift * np.arange(n) / n
    return X, city, y, n_train, n_cities, float(rng.choice([0.1, 1.0, 10.0])), float(rng.choice([1.0, 5.0, 20.0]))


def examples():
    return [_case("ten rows, three cities", _small_example(), "basic", "example")]


def hidden():
    X, city, y, n_train, n_cities, lam, smoothing = _small_example()

    constant = X.copy()
    constant[:n_train, 1] = 21.0  # constant during training, moves during validation
    yield _case(
        "feature constant in training", (constant, city, y, n_train, n_cities, lam, smoothing), "basic", "edge cases"
    )

    new_city = city.copy()
    new_city[8] = 3  # city 3 appears only in validation; city 4 never appears
    yield _case("cities unseen in training", (X, new_city, y, n_train, 5, lam, smoothing), "basic", "unseen categories")

    yield _case("a single validation row", (X, city, y, 9, n_cities, 0.5, 1.0), "basic", "edge cases")

    shifted = y.copy()
    shifted[n_train:] += 100.0  # the validation period is very different
    yield _case(
        "validation targets far from training", (X, city, shifted, n_train, n_cities, lam, smoothing), "basic", "drift"
    )

    yield _case("light smoothing, strong ridge", (X, city, y, n_train, n_cities, 50.0, 0.5), "basic", "edge cases")

    rng = np.random.default_rng(2718)
    yield Case(
        "medium, drifting features", args=_dataset(rng, 2_000, 5, 20, 0.8, 0.5), subtask="generated", category="drift"
    )
    yield Case("medium, no drift", args=_dataset(rng, 3_000, 3, 50, 0.7, 0.0), subtask="generated", category="random")
    yield Case(
        "many cities, few rows each",
        args=_dataset(rng, 5_000, 4, 2_000, 0.75, 0.3),
        subtask="generated",
        category="unseen categories",
    )
    yield Case("large", args=_dataset(rng, 40_000, 8, 500, 0.8, 0.4), subtask="generated", category="large inputs")
