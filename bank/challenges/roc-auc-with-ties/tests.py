import numpy as np

from vetml.judge.testkit import Case


def _model_scores(rng, n, positive_rate, decimals=None):
    """Labels with a given positive rate and noisy scores that rank positives higher on average."""
    labels = (rng.random(n) < positive_rate).astype(np.int8)
    scores = 1.0 / (1.0 + np.exp(-(1.2 * labels + rng.normal(0.0, 1.0, size=n))))
    if decimals is not None:
        scores = np.round(scores, decimals)
    return scores, labels


def examples():
    return [
        Case("no ties", args=(np.array([0.1, 0.4, 0.35, 0.8]), np.array([0, 0, 1, 1])), expected=0.75),
        Case(
            "a tied pair counts one half",
            args=(np.array([0.2, 0.6, 0.6, 0.9]), np.array([0, 1, 0, 1])),
            expected=0.875,
        ),
    ]


def hidden():
    yield Case(
        "only positives",
        args=(np.array([0.3, 0.9, 0.1]), np.array([1, 1, 1])),
        expected=float("nan"),
        subtask="basic",
        category="single class",
    )
    yield Case(
        "only negatives",
        args=(np.array([0.5]), np.array([0])),
        expected=float("nan"),
        subtask="basic",
        category="single class",
    )
    yield Case(
        "all scores equal",
        args=(np.full(6, 0.3), np.array([1, 0, 1, 0, 0, 1])),
        expected=0.5,
        subtask="basic",
        category="ties",
    )
    yield Case(
        "one positive among ties",
        args=(np.array([0.1, 0.4, 0.4, 0.9]), np.array([0, 1, 0, 0])),
        expected=0.5,
        subtask="basic",
        category="ties",
    )
    yield Case(
        "perfect ranking",
        args=(np.array([3.0, -1.0, 2.5, 0.0, 7.0]), np.array([1, 0, 1, 0, 1])),
        expected=1.0,
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "inverted ranking",
        args=(np.array([3.0, -1.0, 2.5, 0.0, 7.0]), np.array([0, 1, 0, 1, 0])),
        expected=0.0,
        subtask="basic",
        category="edge cases",
    )
    # -0.0 equals 0.0, so that pair ties; the extremes are ordinary wins.
    yield Case(
        "signed zero and extreme scores",
        args=(np.array([-0.0, 0.0, 1e300, -1e300]), np.array([1, 0, 1, 0])),
        expected=0.875,
        subtask="basic",
        category="ties",
    )
    # Negatives 0, 0, 1, 1 and positives 1, 2, 2: wins 2 + 2*4 = 10, ties 2 -> 11 / 12.
    yield Case(
        "integer scores with repeated values",
        args=(np.array([0, 1, 0, 2, 1, 1, 2]), np.array([0, 1, 0, 1, 0, 0, 1])),
        expected=11.0 / 12.0,
        subtask="basic",
        category="ties",
    )

    rng = np.random.default_rng(31337)
    for n, rate, decimals in [(50, 0.5, 1), (1_000, 0.3, None), (5_000, 0.1, 2)]:
        scores, labels = _model_scores(rng, n, rate, decimals)
        yield Case(
            f"random {n} rows",
            args=(scores, labels),
            subtask="basic",
            category="ties" if decimals is not None else "random scores",
        )

    scores, labels = _model_scores(rng, 500_000, 0.5)
    yield Case("large, balanced", args=(scores, labels), subtask="large", category="large inputs")
    scores, labels = _model_scores(rng, 500_000, 0.4, decimals=2)
    yield Case(
        "large, scores rounded to 0.01", args=(scores, labels), subtask="large", category="large inputs with ties"
    )
    scores, labels = _model_scores(rng, 500_000, 0.01)
    yield Case("large, 1% positives", args=(scores, labels), subtask="large", category="large inputs")
