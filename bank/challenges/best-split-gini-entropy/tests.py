import math

import numpy as np

from vetml.judge.testkit import Case


def _f(values):
    return np.array(values, dtype=np.float64)


def _i(values):
    return np.array(values, dtype=np.int64)


def _entropy(*counts):
    total = sum(counts)
    return -sum(c / total * math.log2(c / total) for c in counts if c)


def _gini(*counts):
    total = sum(counts)
    return 1.0 - sum((c / total) ** 2 for c in counts)


def examples():
    return [
        Case("two pure halves", args=(_f([1, 2, 3, 4]), _i([0, 0, 1, 1]), "gini"), expected=(2.5, 0.5)),
        Case("tie goes to the smaller threshold", args=(_f([1, 2, 3, 4]), _i([0, 1, 1, 0]), "gini"),
             expected=(1.5, 1 / 6)),
        Case("entropy in bits", args=(_f([4, 3, 2, 1]), _i([1, 1, 0, 0]), "entropy"), expected=(2.5, 1.0)),
    ]


def _random_node(rng, n, n_classes, distinct):
    """Feature values drawn from `distinct` levels; the class depends noisily on the feature."""
    levels = np.sort(rng.normal(0.0, 3.0, size=distinct))
    x = levels[rng.integers(0, distinct, size=n)]
    labels = rng.choice(np.arange(0, 1000), size=n_classes, replace=False)
    signal = np.floor((x - x.min()) / (np.ptp(x) + 1e-12) * n_classes).astype(np.int64)
    noisy = np.where(rng.random(n) < 0.35, rng.integers(0, n_classes, size=n), signal)
    return x, labels[np.clip(noisy, 0, n_classes - 1)].astype(np.int64)


def hidden():
    # Hand-made nodes with values worked out on paper.
    yield Case("all values equal", args=(_f([5, 5, 5]), _i([0, 1, 0]), "gini"),
               expected=(math.nan, 0.0), subtask="basic", category="no split possible")
    yield Case("single sample", args=(_f([3.0]), _i([7]), "entropy"),
               expected=(math.nan, 0.0), subtask="basic", category="no split possible")
    yield Case("pure node", args=(_f([3, 1, 2]), _i([2, 2, 2]), "gini"),
               expected=(1.5, 0.0), subtask="basic", category="ties")
    yield Case("symmetric tie, entropy", args=(_f([4, 1, 3, 2]), _i([0, 0, 1, 1]), "entropy"),
               expected=(1.5, 1.0 - 0.75 * _entropy(2, 1)), subtask="basic", category="ties")
    yield Case("unsorted with duplicates", args=(_f([3, 1, 3, 2, 1]), _i([1, 0, 1, 1, 0]), "gini"),
               expected=(1.5, 0.48), subtask="basic", category="duplicate values")
    yield Case("duplicates with mixed classes", args=(_f([1, 1, 2, 2, 2]), _i([0, 1, 1, 1, 1]), "entropy"),
               expected=(1.5, _entropy(1, 4) - 0.4 * 1.0), subtask="basic", category="duplicate values")
    yield Case("negative values, nothing to gain", args=(_f([-1.5, 0.0, -1.5, 0.0]), _i([0, 0, 1, 1]), "gini"),
               expected=(-0.75, 0.0), subtask="basic", category="ties")
    # Sorted: 0.1-0.3 are class 5, 0.5 is class 42, 0.7-0.9 are class 999. Splitting at 0.4 isolates class 5.
    x3, y3 = _f([0.5, 0.1, 0.9, 0.3, 0.7, 0.2]), _i([42, 5, 999, 5, 999, 5])
    yield Case("three classes, sparse labels", args=(x3, y3, "gini"),
               expected=(0.4, _gini(3, 1, 2) - 0.5 * _gini(1, 2)), subtask="basic", category="multi-class")
    yield Case("three classes, entropy", args=(x3, y3, "entropy"),
               expected=(0.4, _entropy(3, 1, 2) - 0.5 * _entropy(1, 2)), subtask="basic", category="multi-class")
    yield Case("large magnitudes", args=(_f([1e12, -1e12, 3e12]), _i([1, 0, 1]), "gini"),
               expected=(0.0, _gini(1, 2)), subtask="basic", category="edge cases")

    rng = np.random.default_rng(20261122)
    for index in range(4):
        criterion = ("gini", "entropy")[index % 2]
        x, y = _random_node(rng, 2_000, 2 + index, distinct=(2_000, 40, 5, 1_000)[index])
        yield Case(f"random node {index + 1} ({criterion})", args=(x, y, criterion),
                   subtask="medium", category="random nodes")

    # Large nodes: the first two have over 100,000 distinct values, so recounting per threshold cannot keep up.
    for index, (distinct, n_classes, criterion) in enumerate(
        [(200_000, 2, "gini"), (200_000, 20, "entropy"), (3_000, 6, "gini"), (150, 12, "entropy")]
    ):
        x, y = _random_node(rng, 200_000, n_classes, distinct)
        yield Case(f"large node {index + 1} ({criterion})", args=(x, y, criterion),
                   subtask="large", category="large inputs")
