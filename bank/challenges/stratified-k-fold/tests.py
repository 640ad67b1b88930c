import random

from vetml.judge.testkit import Case


def _zipf_labels(rng, n, classes):
    """Imbalanced labels: class i is drawn with weight 1 / (i + 1)."""
    weights = [1.0 / (i + 1) for i in range(len(classes))]
    return rng.choices(classes, weights=weights, k=n)


def examples():
    labels = ["spam", "ham", "spam", "ham", "ham", "spam", "ham"]
    return [Case("spam and ham", args=(labels, 3), expected=[[1, 5, 6], [0, 3], [2, 4]])]


def hidden():
    yield Case(
        "single class",
        args=([7, 7, 7, 7, 7], 2),
        expected=[[0, 2, 4], [1, 3]],
        subtask="basic",
        category="edge cases",
    )
    # Classes a: [1, 3], b: [0, 2], c: [4]; dealing order 1, 3, 0, 2, 4.
    yield Case(
        "k equals n",
        args=(["b", "a", "b", "a", "c"], 5),
        expected=[[1], [3], [0], [2], [4]],
        subtask="basic",
        category="edge cases",
    )
    # Sorted: -1: [3], 2: [1, 4], 10: [0, 2, 5]; dealing order 3, 1, 4, 0, 2, 5.
    yield Case(
        "integer labels sort numerically",
        args=([10, 2, 10, -1, 2, 10], 2),
        expected=[[2, 3, 4], [0, 1, 5]],
        subtask="basic",
        category="class order",
    )
    # Sorted as strings: "10": [2, 4], "9": [0, 3], "a": [1, 5]; dealing order 2, 4, 0, 3, 1, 5.
    # Dealing classes in first-seen order ("9" first) would give a different answer.
    yield Case(
        "string labels sort by code point",
        args=(["9", "a", "10", "9", "10", "a"], 4),
        expected=[[1, 2], [4, 5], [0], [3]],
        subtask="basic",
        category="class order",
    )
    # Every class is smaller than k. Sorted p: [1, 4], q: [3], x: [0, 2, 5]; dealing order 1, 4, 3, 0, 2, 5.
    yield Case(
        "classes smaller than k",
        args=(["x", "p", "x", "q", "p", "x"], 4),
        expected=[[1, 2], [4, 5], [3], [0]],
        subtask="basic",
        category="small classes",
    )

    rng = random.Random(1105)
    for n, n_classes, k in [(30, 3, 3), (500, 7, 5), (5_000, 40, 10)]:
        classes = [f"class-{rng.randrange(10**6):06d}" for _ in range(n_classes)]
        yield Case(
            f"random {n} rows, {n_classes} classes",
            args=(_zipf_labels(rng, n, classes), k),
            subtask="basic",
            category="imbalanced classes",
        )

    labels = _zipf_labels(rng, 200_000, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    yield Case("large, 10 integer classes", args=(labels, 5), subtask="large", category="large inputs")
    merchants = [f"mcc-{code:04d}" for code in rng.sample(range(10_000), 2_000)]
    labels = _zipf_labels(rng, 200_000, merchants)
    yield Case("large, 2,000 merchant codes", args=(labels, 10), subtask="large", category="many classes")
