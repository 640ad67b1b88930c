import math

import numpy as np

from vetml.judge.testkit import Case


def _softmax(row):
    """Hand formula for small rows: exp(z - max) / sum, written with math for independence."""
    top = max(row)
    exps = [math.exp(z - top) for z in row]
    total = math.fsum(exps)
    return [e / total for e in exps]


def _loss(row, label):
    top = max(row)
    return math.log(math.fsum(math.exp(z - top) for z in row)) + top - row[label]


def _case(name, rows, labels, **fields):
    expected_probs = np.array([_softmax(row) for row in rows], dtype=np.float64)
    expected_loss = math.fsum(_loss(row, label) for row, label in zip(rows, labels)) / len(rows)
    return Case(name, args=(np.array(rows, dtype=np.float64), np.array(labels, dtype=np.int64)),
                expected=(expected_probs, expected_loss), **fields)


def examples():
    return [_case("small batch", [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], [2, 0])]


def hidden():
    yield _case("one class", [[3.5], [-2.0]], [0, 0], subtask="moderate", category="edge cases")
    yield _case("uniform row", [[0.25, 0.25, 0.25, 0.25]], [1], subtask="moderate", category="edge cases")
    yield _case("single row, confident", [[12.0, -3.0, 0.5]], [0], subtask="moderate", category="edge cases")
    yield _case("wrong and confident", [[12.0, -3.0, 0.5]], [1], subtask="moderate", category="edge cases")

    rng = np.random.default_rng(90210)
    for index, (n, k, scale) in enumerate([(50, 10, 1.0), (400, 7, 5.0), (10_000, 50, 3.0)]):
        logits = rng.normal(0.0, scale, size=(n, k))
        labels = rng.integers(0, k, size=n)
        yield Case(f"random batch {index + 1} ({n}x{k})", args=(logits, labels), subtask="moderate",
                   category="random batches" if n < 10_000 else "large inputs")

    yield _case("large positive logits", [[10_000.0, 0.0], [9_000.0, 9_000.0]], [1, 0],
                subtask="extreme", category="overflow")
    yield _case("large negative logits", [[-1_000.0, -1_000.0, -1_001.0]], [2], subtask="extreme",
                category="underflow")
    yield _case("true class underflows", [[0.0, -800.0], [5.0, -9_995.0]], [1, 1], subtask="extreme",
                category="underflow")
    yield _case("rows of very different scale", [[10_000.0, 9_999.0], [-10_000.0, -9_998.0]], [0, 1],
                subtask="extreme", category="mixed scales")
    yield _case("all logits at the bound", [[-10_000.0, -10_000.0], [10_000.0, 10_000.0]], [0, 1],
                subtask="extreme", category="mixed scales")

    for index, (n, k) in enumerate([(1_000, 20), (10_000, 50), (1_000, 500)]):
        logits = rng.uniform(-10_000.0, 10_000.0, size=(n, k))
        # Every 7th row stays within a few units of its first logit, so its probabilities are not just 0 and 1.
        near = logits[::7]
        near[:] = near[:, :1] + rng.normal(0.0, 3.0, size=near.shape)
        labels = rng.integers(0, k, size=n)
        yield Case(f"random extreme batch {index + 1} ({n}x{k})", args=(logits, labels), subtask="extreme",
                   category="extreme logits")
