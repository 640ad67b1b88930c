import random

from vetml.judge.testkit import Case


def _workload(rng: random.Random, n_ops: int, key_space: int, get_share: float, hot_share: float = 0.0) -> list[list]:
    """Random gets and puts; with hot_share > 0 that share of keys comes from a small hot set."""
    hot = max(1, key_space // 100)
    operations: list[list] = []
    for _ in range(n_ops):
        if hot_share and rng.random() < hot_share:
            key = rng.randrange(hot)
        else:
            key = rng.randrange(key_space)
        if rng.random() < get_share:
            operations.append(["get", key])
        else:
            operations.append(["put", key, rng.randrange(1_000_000)])
    return operations


def examples():
    return [
        Case(
            "a get makes a key recent",
            args=(
                2,
                [["put", 1, 100], ["put", 2, 200], ["get", 1], ["put", 3, 300], ["get", 2], ["get", 1], ["get", 3]],
            ),
            expected=[100, -1, 100, 300],
        ),
    ]


def hidden():
    yield Case("get on an empty cache", args=(3, [["get", 5]]), expected=[-1], subtask="basic", category="edge cases")
    yield Case(
        "capacity one",
        args=(1, [["put", 1, 10], ["put", 2, 20], ["get", 1], ["get", 2], ["put", 2, 21], ["get", 2]]),
        expected=[-1, 20, 21],
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "zero is a value, not a miss",
        args=(2, [["put", 0, 0], ["get", 0], ["put", 7, 0], ["get", 7], ["get", 1]]),
        expected=[0, 0, -1],
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "a miss does not change recency",
        args=(2, [["put", 1, 1], ["put", 2, 2], ["get", 3], ["put", 4, 4], ["get", 1], ["get", 2], ["get", 4]]),
        expected=[-1, -1, 2, 4],
        subtask="basic",
        category="eviction order",
    )
    yield Case(
        "a get refreshes the key",
        args=(
            3,
            [
                ["put", 1, 1],
                ["put", 2, 2],
                ["put", 3, 3],
                ["get", 1],
                ["put", 4, 4],
                ["get", 2],
                ["get", 1],
                ["get", 3],
                ["get", 4],
            ],
        ),
        expected=[1, -1, 1, 3, 4],
        subtask="basic",
        category="eviction order",
    )
    yield Case(
        "an update refreshes the key",
        args=(2, [["put", 1, 1], ["put", 2, 2], ["put", 1, 10], ["put", 3, 3], ["get", 1], ["get", 2], ["get", 3]]),
        expected=[10, -1, 3],
        subtask="basic",
        category="updates",
    )
    yield Case(
        "updating a key in a full cache evicts nothing",
        args=(2, [["put", 1, 1], ["put", 2, 2], ["put", 2, 20], ["get", 1], ["get", 2]]),
        expected=[1, 20],
        subtask="basic",
        category="updates",
    )
    rng = random.Random(90210)
    yield Case("random, capacity 5", args=(5, _workload(rng, 300, 12, 0.5)), subtask="basic", category="random")
    yield Case(
        "random, capacity 40",
        args=(40, _workload(rng, 3000, 100, 0.6, hot_share=0.5)),
        subtask="basic",
        category="random",
    )
    yield Case(
        "large, capacity 50,000",
        args=(50_000, _workload(rng, 200_000, 100_000, 0.5)),
        subtask="large",
        category="large inputs",
    )
    yield Case(
        "large, hot keys",
        args=(100_000, _workload(rng, 200_000, 300_000, 0.7, hot_share=0.6)),
        subtask="large",
        category="large inputs",
    )
    yield Case("large, capacity 1", args=(1, _workload(rng, 200_000, 3, 0.5)), subtask="large", category="large inputs")
    yield Case(
        "large, nothing evicted",
        args=(100_000, _workload(rng, 200_000, 50_000, 0.5)),
        subtask="large",
        category="large inputs",
    )
