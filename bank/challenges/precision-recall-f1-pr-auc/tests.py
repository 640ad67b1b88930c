import numpy as np

from vetml.judge.testkit import Case


def _report(precision, recall, f1, average_precision):
    return {"precision": precision, "recall": recall, "f1": f1, "average_precision": average_precision}


def _scored(rng, n, positive_rate, decimals=None):
    """Labels at a given base rate and model scores that are informative but imperfect."""
    y = (rng.random(n) < positive_rate).astype(np.int8)
    scores = 1.0 / (1.0 + np.exp(-(2.0 * y - 1.0 + rng.normal(0.0, 1.3, size=n))))
    if decimals is not None:
        scores = np.round(scores, decimals)
    return y, scores


def examples():
    return [
        Case(
            "five alerts",
            args=(np.array([1, 0, 1, 1, 0]), np.array([0.9, 0.8, 0.7, 0.4, 0.2]), 0.5),
            expected=_report(2 / 3, 2 / 3, 2 / 3, 29 / 36),
        ),
        Case(
            "tied scores form one step",
            args=(np.array([1, 0, 1, 0]), np.array([0.6, 0.6, 0.3, 0.3]), 0.6),
            expected=_report(0.5, 0.5, 0.5, 0.5),
        ),
    ]


def hidden():
    yield Case(
        "threshold above every score",
        args=(np.array([1, 0, 1]), np.array([0.3, 0.7, 0.5]), 0.95),
        expected=_report(0.0, 0.0, 0.0, 7 / 12),
        subtask="basic",
        category="zero division",
    )
    yield Case(
        "no positive labels",
        args=(np.array([0, 0, 0, 0]), np.array([0.9, 0.1, 0.5, 0.5]), 0.5),
        expected=_report(0.0, 0.0, 0.0, 0.0),
        subtask="basic",
        category="zero division",
    )
    yield Case(
        "score equal to the threshold counts as positive",
        args=(np.array([1, 0, 1]), np.array([0.3, 0.7, 0.5]), 0.5),
        expected=_report(0.5, 0.5, 0.5, 7 / 12),
        subtask="basic",
        category="threshold boundary",
    )
    yield Case(
        "only positive labels",
        args=(np.array([1, 1, 1]), np.array([0.2, 0.9, 0.2]), 0.5),
        expected=_report(1.0, 1 / 3, 0.5, 1.0),
        subtask="basic",
        category="edge cases",
    )
    # The run at 0.5 holds two positives and a negative: recall 2/3 at precision 2/3, then 1 at 3/5.
    yield Case(
        "tie group with two positives and a negative",
        args=(np.array([1, 1, 0, 0, 1]), np.array([0.5, 0.5, 0.5, 0.2, 0.1]), 0.5),
        expected=_report(2 / 3, 2 / 3, 2 / 3, 29 / 45),
        subtask="basic",
        category="ties",
    )
    yield Case(
        "every score equal",
        args=(np.array([0, 1, 0, 0, 1, 0]), np.full(6, 0.4), 0.1),
        expected=_report(1 / 3, 1.0, 0.5, 1 / 3),
        subtask="basic",
        category="ties",
    )

    rng = np.random.default_rng(5150)
    for n, rate, decimals, threshold in [(40, 0.4, None, 0.5), (2_000, 0.1, 1, 0.7), (5_000, 0.3, 2, 0.35)]:
        y, scores = _scored(rng, n, rate, decimals)
        yield Case(
            f"random {n} rows",
            args=(y, scores, threshold),
            subtask="basic",
            category="ties" if decimals is not None else "random scores",
        )

    y, scores = _scored(rng, 500_000, 0.2)
    yield Case("large, distinct scores", args=(y, scores, 0.5), subtask="large", category="large inputs")
    y, scores = _scored(rng, 500_000, 0.3, decimals=2)
    yield Case(
        "large, scores rounded to 0.01", args=(y, scores, 0.62), subtask="large", category="large inputs with ties"
    )
    y, scores = _scored(rng, 500_000, 0.005)
    yield Case("large, 0.5% positives", args=(y, scores, 0.9), subtask="large", category="large inputs")
