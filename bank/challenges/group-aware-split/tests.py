import random

from vetml.judge.testkit import Case, Script

# The checker decides validity from the input (no leakage, a full partition, the test share within
# max(0.02, largest group / n) of test_size), so there is no single expected answer: `expected` is never
# compared. Hidden hand-written cases pass None, generated ones leave it to the reference.


def _activity_log(rng, n_users, prefix="user"):
    """Event rows of users with heavy-tailed (Pareto) activity, capped at 40 rows per user."""
    groups = []
    for user in range(n_users):
        events = min(int(rng.paretovariate(1.3)), 40)
        groups.extend([f"{prefix}-{user:06d}"] * events)
    rng.shuffle(groups)
    return groups


def _power_users(rng, n_power, power_rows, n_casual):
    """A few power users with many rows each and a long tail of users seen once."""
    groups = []
    for user in range(n_power):
        groups.extend([f"power-{user:03d}"] * power_rows)
    groups.extend(f"casual-{user:05d}" for user in range(n_casual))
    rng.shuffle(groups)
    return groups


def _as_lists(result):
    return [[int(i) for i in (side.tolist() if hasattr(side, "tolist") else side)] for side in result]


def _same_seed_same_split(candidate):
    groups = _activity_log(random.Random(77), 400)
    first = _as_lists(candidate(groups, 0.25, 2024))
    second = _as_lists(candidate(groups, 0.25, 2024))
    assert first == second, "two calls with the same groups, test_size and seed returned different splits"


def examples():
    groups = ["u1", "u1", "u2", "u3", "u3", "u3", "u4", "u4"]
    # Shown to the candidate as one valid answer; the checker accepts any valid split.
    return [Case("four users", args=(groups, 0.25, 0), expected=([0, 1, 2, 3, 4, 5], [6, 7]))]


def hidden():
    yield Case(
        "two groups",
        args=(["a", "a", "b"], 0.5, 1),
        expected=None,
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "every group is one row",
        args=([f"s{i}" for i in range(10)], 0.3, 2),
        expected=None,
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "every group is larger than the target",
        args=([1, 1, 1, 1, 1, 2, 2, 2, 3, 3], 0.05, 3),
        expected=None,
        subtask="basic",
        category="non-empty sides",
    )
    yield Case(
        "test share close to 1",
        args=([f"s{i}" for i in range(100)], 0.99, 4),
        expected=None,
        subtask="basic",
        category="non-empty sides",
    )
    yield Case(
        "integer user ids",
        args=([101, 7, 101, 55, 7, 101, 9, 55, 3, 3, 3, 12], 0.4, 5),
        expected=None,
        subtask="basic",
        category="leakage",
    )
    yield Script("same seed, same split", _same_seed_same_split, subtask="basic", category="reproducibility")

    rng = random.Random(6021)
    for index, (users, test_size) in enumerate([(50, 0.2), (300, 0.3), (2_000, 0.1)]):
        yield Case(
            f"activity log of {users} users",
            args=(_activity_log(rng, users), test_size, index),
            subtask="basic",
            category="leakage",
        )

    yield Case(
        "large activity log",
        args=(_activity_log(rng, 70_000), 0.2, 7),
        subtask="large",
        category="large inputs",
    )
    yield Case(
        "large, many small groups",
        args=([rng.randrange(60_000) for _ in range(200_000)], 0.25, 8),
        subtask="large",
        category="large inputs",
    )

    for index, (n_power, power_rows, n_casual, test_size) in enumerate(
        [(25, 400, 10_000, 0.2), (40, 250, 10_000, 0.2), (25, 400, 10_000, 0.3), (30, 200, 6_000, 0.15)]
    ):
        yield Case(
            f"power users and a long tail {index + 1}",
            args=(_power_users(rng, n_power, power_rows, n_casual), test_size, 100 + index),
            subtask="skewed",
            category="skewed group sizes",
        )
