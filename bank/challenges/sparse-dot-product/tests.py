import random

from vetml.judge.testkit import Case

HUGE_DIM = 10**8


def _sparse_vector(rng: random.Random, indices: list[int]) -> list[list[float]]:
    """Index-sorted [index, value] pairs with short decimal values (they cross into the sandbox as JSON)."""
    return [[index, round(rng.uniform(-10.0, 10.0), 3)] for index in sorted(indices)]


def _pair(rng: random.Random, dim: int, nonzeros: int, shared: int) -> tuple[list, list]:
    """Two vectors with `nonzeros` stored entries each, `shared` of them at common indices."""
    picked = rng.sample(range(dim), 2 * nonzeros - shared)
    common, rest = picked[:shared], picked[shared:]
    only_a, only_b = rest[: nonzeros - shared], rest[nonzeros - shared :]
    return _sparse_vector(rng, common + only_a), _sparse_vector(rng, common + only_b)


def examples():
    return [
        Case(
            "two shared indices",
            args=([(3, 2.0), (10, -1.5), (99, 4.0)], [(0, 5.0), (10, 2.0), (99, 0.5)], 100),
            expected=-1.0,
        ),
        Case("no common index", args=([(1, 3.0), (4, 1.0)], [(2, 7.0), (5, 2.0)], 6), expected=0.0),
    ]


def hidden():
    yield Case("both empty", args=([], [], 10), expected=0.0, subtask="basic", category="edge cases")
    yield Case("one empty", args=([], [(0, 1.0), (7, 2.0)], 8), expected=0.0, subtask="basic", category="edge cases")
    yield Case(
        "dimension one", args=([(0, -3.0)], [(0, 4.0)], 1), expected=-12.0, subtask="basic", category="edge cases"
    )
    yield Case(
        "match only at the last stored pair",
        args=([(5, 1.0), (7, 2.0)], [(7, 3.0)], 8),
        expected=6.0,
        subtask="basic",
        category="boundaries",
    )
    yield Case(
        "matches at index 0 and dim - 1",
        args=([(0, 2.0), (500, 9.0), (999, -1.0)], [(0, 0.5), (999, 4.0)], 1000),
        expected=-3.0,
        subtask="basic",
        category="boundaries",
    )
    yield Case(
        "stored zeros and negatives",
        args=([(1, 0.0), (2, -2.5), (6, 1.0)], [(1, 8.0), (2, -2.0), (3, 1.0), (6, -0.25)], 7),
        expected=4.75,
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "different lengths, interleaved",
        args=([(i, 1.0) for i in range(0, 20, 2)], [(i, float(i)) for i in range(0, 20, 3)], 20),
        expected=0.0 + 6.0 + 12.0 + 18.0,
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "integer values",
        args=([(2, 3), (4, 5)], [(2, 7), (4, -1)], 5),
        expected=16.0,
        subtask="basic",
        category="edge cases",
    )

    rng = random.Random(31415)
    yield Case(
        "huge dim, only the first and last coordinates shared",
        args=(
            [[0, 2.0], *[[i, 1.0] for i in range(1_000, 999_000, 1_000)], [HUGE_DIM - 1, 3.0]],
            [[0, 4.0], *[[i, 1.0] for i in range(1_500, 999_500, 1_000)], [HUGE_DIM - 1, -1.0]],
            HUGE_DIM,
        ),
        expected=5.0,
        subtask="huge-dim",
        category="large dimension",
    )
    for index, shared in enumerate((500, 50, 1_000)):
        a, b = _pair(rng, HUGE_DIM, 1_000, shared)
        yield Case(
            f"huge dim, 1,000 non-zeros, {shared} shared ({index + 1})",
            args=(a, b, HUGE_DIM),
            subtask="huge-dim",
            category="large dimension",
        )
    a, b = _pair(rng, HUGE_DIM, 1_200, 300)
    yield Case(
        "huge dim, vectors of different length",
        args=(a, b[:400], HUGE_DIM),
        subtask="huge-dim",
        category="large dimension",
    )

    for index, shared in enumerate((25_000, 1_000)):
        a, b = _pair(rng, HUGE_DIM, 50_000, shared)
        yield Case(
            f"50,000 non-zeros, {shared} shared ({index + 1})",
            args=(a, b, HUGE_DIM),
            subtask="many-nonzeros",
            category="many non-zeros",
        )
    a, b = _pair(rng, 10**6, 50_000, 0)
    yield Case(
        "50,000 non-zeros, nothing shared", args=(a, b, 10**6), subtask="many-nonzeros", category="many non-zeros"
    )
