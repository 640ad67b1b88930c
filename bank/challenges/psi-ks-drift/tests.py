import math

import numpy as np

from vetml.judge.testkit import Case

EPS = 1e-4


def _col(values) -> np.ndarray:
    return np.array(values, dtype=np.float64).reshape(-1, 1)


def _psi(p: list[float], q: list[float]) -> float:
    """PSI written out by hand for the explicit cases (shares already floored at EPS)."""
    return sum((b - a) * math.log(b / a) for a, b in zip(p, q))


def _mixed_features(rng: np.random.Generator, n: int, drift: bool) -> np.ndarray:
    """Five features of different shapes; with drift=True each one moves in its own way."""
    shift = 1.0 if drift else 0.0
    return np.column_stack(
        [
            rng.normal(0.3 * shift, 1.0 + 0.2 * shift, n),  # location and scale shift
            rng.lognormal(0.5 * shift, 1.0, n),  # heavy right tail
            rng.poisson(3.0 + 2.0 * shift, n).astype(np.float64),  # small counts: ties at the edges
            np.full(n, 7.0),  # constant feature: all edges collapse into one
            np.where(rng.random(n) < 0.2 + 0.3 * shift, 0.0, rng.exponential(50.0, n)),  # zero-inflated
        ]
    )


def examples():
    return [
        Case(
            "one feature, an empty serving bin",
            args=(_col(range(1, 11)), _col(range(4, 12)), 4),
            expected=([_psi([0.3, 0.2, 0.2, 0.3], [EPS, 0.25, 0.25, 0.5])], [0.3]),
        ),
        Case(
            "constant training feature",
            args=(np.full((20, 1), 5.0), _col([4, 5, 5, 6]), 10),
            expected=([_psi([EPS, 1.0], [0.25, 0.75])], [0.25]),
        ),
    ]


def hidden():
    rng = np.random.default_rng(8080)
    same = rng.normal(size=(101, 2))
    yield Case(
        "identical samples",
        args=(same, same.copy(), 10),
        expected=([0.0, 0.0], [0.0, 0.0]),
        subtask="basic",
        category="no drift",
    )
    yield Case(
        "a single bin",
        args=(_col([1, 2, 3]), _col([10, 11]), 1),
        expected=([0.0], [1.0]),
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "serving entirely above training",
        args=(_col(range(1, 11)), _col([20, 30]), 4),
        expected=([_psi([0.3, 0.2, 0.2, 0.3], [EPS, EPS, EPS, 1.0])], [1.0]),
        subtask="basic",
        category="empty bins",
    )
    yield Case(
        "values equal to an edge go to the upper bin",
        args=(_col([1, 1, 1, 2, 2, 2, 3, 3, 3, 3]), _col([2, 2, 2, 2]), 2),
        expected=([_psi([0.3, 0.7], [EPS, 1.0])], [0.4]),
        subtask="ties",
        category="ties at bin edges",
    )
    yield Case(
        "two features are independent",
        args=(
            np.column_stack([np.arange(1.0, 11.0), [1, 1, 1, 2, 2, 2, 3, 3, 3, 3]]),
            np.column_stack([[20.0, 20, 30, 30], [2.0, 2, 2, 2]]),
            2,
        ),
        expected=([_psi([0.5, 0.5], [EPS, 1.0]), _psi([0.3, 0.7], [EPS, 1.0])], [1.0, 0.4]),
        subtask="ties",
        category="several features",
    )
    yield Case(
        "small, shifted normals",
        args=(rng.normal(0.0, 1.0, size=(502, 3)), rng.normal(0.4, 1.2, size=(300, 3)), 10),
        subtask="basic",
        category="drift",
    )
    yield Case(
        "small, different sample sizes",
        args=(rng.uniform(0, 1, size=(97, 2)), rng.uniform(0.1, 1.1, size=(1503, 2)), 5),
        subtask="basic",
        category="drift",
    )
    yield Case(
        "small counts, many ties",
        args=(
            rng.poisson(2.0, size=(800, 3)).astype(np.float64),
            rng.poisson(2.6, size=(650, 3)).astype(np.float64),
            10,
        ),
        subtask="ties",
        category="ties at bin edges",
    )
    yield Case(
        "few distinct values, 20 bins",
        args=(
            rng.integers(0, 4, size=(1000, 2)).astype(np.float64),
            rng.integers(1, 6, size=(999, 2)).astype(np.float64),
            20,
        ),
        subtask="ties",
        category="ties at bin edges",
    )
    yield Case(
        "mixed feature shapes, drift",
        args=(_mixed_features(rng, 3000, False), _mixed_features(rng, 2000, True), 10),
        subtask="ties",
        category="drift",
    )
    yield Case(
        "large, mixed feature shapes, drift",
        args=(_mixed_features(rng, 50_000, False), _mixed_features(rng, 40_000, True), 10),
        subtask="large",
        category="large inputs",
    )
    yield Case(
        "large, no drift",
        args=(_mixed_features(rng, 50_000, False), _mixed_features(rng, 50_000, False), 10),
        subtask="large",
        category="large inputs",
    )
    yield Case(
        "large, 50 bins",
        args=(rng.standard_t(3, size=(50_000, 4)), rng.standard_t(3, size=(40_000, 4)) * 1.1, 50),
        subtask="large",
        category="large inputs",
    )
