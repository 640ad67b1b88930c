import random

from vetml.judge.testkit import Case


def _random_ids(rng: random.Random, n: int) -> list[str]:
    """Unique event ids in random (not sorted) order, so sorting by id cannot pass for stability."""
    ids = [f"evt-{i:06d}" for i in range(n)]
    rng.shuffle(ids)
    return ids


def _events(rng: random.Random, n: int, low: int, high: int) -> list[list]:
    return [[rng.randint(low, high), event_id] for event_id in _random_ids(rng, n)]


def examples():
    return [
        Case(
            "equal timestamps keep their order",
            args=([[30, "a"], [10, "b"], [30, "c"], [20, "d"], [10, "e"]],),
            expected=[[10, "b"], [10, "e"], [20, "d"], [30, "a"], [30, "c"]],
        ),
        Case("already sorted", args=([[1, "x"], [2, "y"], [3, "z"]],), expected=[[1, "x"], [2, "y"], [3, "z"]]),
    ]


def hidden():
    yield Case("empty", args=([],), expected=[], subtask="basic", category="edge cases")
    yield Case("single record", args=([[7, "only"]],), expected=[[7, "only"]], subtask="basic", category="edge cases")
    yield Case(
        "reverse order, distinct",
        args=([[5, "e"], [4, "d"], [3, "c"], [2, "b"], [1, "a"]],),
        expected=[[1, "a"], [2, "b"], [3, "c"], [4, "d"], [5, "e"]],
        subtask="basic",
        category="reverse order",
    )
    yield Case(
        "negative and huge timestamps",
        args=([[10**12, "p"], [-(10**12), "q"], [0, "r"], [-5, "s"], [999_999_999_999, "t"]],),
        expected=[[-(10**12), "q"], [-5, "s"], [0, "r"], [999_999_999_999, "t"], [10**12, "p"]],
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "two equal records",
        args=([[3, "second-shard"], [3, "first-shard"]],),
        expected=[[3, "second-shard"], [3, "first-shard"]],
        subtask="stability",
        category="ties",
    )
    yield Case(
        "all timestamps equal, ids descending",
        args=([[5, "z"], [5, "y"], [5, "x"], [5, "w"], [5, "v"], [5, "u"]],),
        expected=[[5, "z"], [5, "y"], [5, "x"], [5, "w"], [5, "v"], [5, "u"]],
        subtask="stability",
        category="ties",
    )
    yield Case(
        "interleaved ties across runs",
        args=([[2, "k1"], [1, "j1"], [2, "k2"], [1, "j2"], [2, "k3"], [1, "j3"], [0, "i1"], [2, "k4"], [1, "j4"]],),
        expected=[[0, "i1"], [1, "j1"], [1, "j2"], [1, "j3"], [1, "j4"], [2, "k1"], [2, "k2"], [2, "k3"], [2, "k4"]],
        subtask="stability",
        category="ties",
    )
    rng = random.Random(4471)
    for index, (n, high) in enumerate([(37, 3), (1000, 20), (5000, 2)]):
        yield Case(
            f"random with many ties {index + 1}", args=(_events(rng, n, 0, high),), subtask="stability", category="ties"
        )
    yield Case(
        "random distinct-ish, small", args=(_events(rng, 200, -(10**12), 10**12),), subtask="basic", category="random"
    )
    yield Case(
        "large random timestamps", args=(_events(rng, 60_000, 0, 10**9),), subtask="large", category="large inputs"
    )
    yield Case(
        "large, 50 distinct timestamps", args=(_events(rng, 60_000, 0, 49),), subtask="large", category="large inputs"
    )
    descending = _events(rng, 60_000, 0, 10**6)
    descending.sort(key=lambda event: -event[0])
    yield Case("large, descending with ties", args=(descending,), subtask="large", category="large inputs")
    ascending = _events(rng, 60_000, 0, 10**6)
    ascending.sort(key=lambda event: event[0])
    yield Case("large, already sorted", args=(ascending,), subtask="large", category="large inputs")
