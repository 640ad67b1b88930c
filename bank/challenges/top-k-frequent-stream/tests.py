import random

from vetml.judge.testkit import Case


def _zipf_stream(rng: random.Random, n: int, vocabulary: int, exponent: float) -> list[str]:
    """n view events over `vocabulary` items with Zipf-like popularity; many tail items tie on small counts."""
    ids = [f"i{rng.randrange(10**6):06d}" for _ in range(vocabulary)]
    weights = [1.0 / (rank + 1) ** exponent for rank in range(vocabulary)]
    return rng.choices(ids, weights=weights, k=n)


def examples():
    return [
        Case("ties broken by id", args=(["b", "a", "c", "b", "a", "c", "d", "b"], 2), expected=["b", "a"]),
        Case("k larger than the number of items", args=(["x", "y", "x"], 5), expected=["x", "y"]),
    ]


def hidden():
    yield Case("empty stream", args=([], 3), expected=[], subtask="basic", category="edge cases")
    yield Case("k is zero", args=(["a", "a", "b"], 0), expected=[], subtask="basic", category="edge cases")
    yield Case("single event", args=(["sku-7"], 1), expected=["sku-7"], subtask="basic", category="edge cases")
    yield Case(
        "tie at the cut, later id seen first",
        args=(["zeta", "zeta", "beta", "alpha", "beta", "alpha", "omega"], 2),
        expected=["alpha", "beta"],
        subtask="basic",
        category="ties",
    )
    yield Case(
        "all items tied",
        args=(["d", "c", "b", "a", "e", "c", "d", "a", "b", "e"], 3),
        expected=["a", "b", "c"],
        subtask="basic",
        category="ties",
    )
    yield Case(
        "ids compared as strings, not numbers",
        args=(["item9", "item10", "item9", "item10", "item100", "item2"], 3),
        expected=["item10", "item9", "item100"],
        subtask="basic",
        category="ties",
    )
    yield Case(
        "case-sensitive ids",
        args=(["sku", "SKU", "Sku", "sku", "SKU", "Sku", "sku"], 3),
        expected=["sku", "SKU", "Sku"],
        subtask="basic",
        category="ties",
    )
    yield Case(
        "most frequent item appears last",
        args=(["a", "b", "c", "c", "d", "d", "d", "d"], 2),
        expected=["d", "c"],
        subtask="basic",
        category="edge cases",
    )
    rng = random.Random(8675309)
    small = _zipf_stream(rng, 400, 60, 1.1)
    yield Case("400 events, Zipf popularity", args=(small, 12), subtask="basic", category="random small")

    yield Case(
        "300,000 events, top 10",
        args=(_zipf_stream(rng, 300_000, 40_000, 1.05), 10),
        subtask="large",
        category="large inputs",
    )
    yield Case(
        "300,000 events, cut inside a tie",
        args=(_zipf_stream(rng, 300_000, 60_000, 0.8), 5_000),
        subtask="large",
        category="ties",
    )
    distinct = [f"u{index:06d}" for index in range(300_000)]
    rng.shuffle(distinct)
    yield Case(
        "300,000 distinct items",
        args=(distinct, 7),
        expected=[f"u{index:06d}" for index in range(7)],
        subtask="large",
        category="ties",
    )
    heavy = _zipf_stream(rng, 250_000, 20_000, 1.0) + ["SKU-HOT"] * 50_000
    rng.shuffle(heavy)
    yield Case("one heavy hitter, k = 100,000", args=(heavy, 100_000), subtask="large", category="large inputs")
