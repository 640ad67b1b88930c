import numpy as np

from vetml.judge.testkit import Case


def _arr(rows) -> np.ndarray:
    return np.array(rows, dtype=np.int64)


def _random(rng: np.random.Generator, n: int, q: int, d: int, high: int) -> tuple[np.ndarray, np.ndarray]:
    points = rng.integers(-high, high + 1, size=(n, d), dtype=np.int64)
    queries = rng.integers(-high, high + 1, size=(q, d), dtype=np.int64)
    return points, queries


def examples():
    points = _arr([[0, 0], [1, 0], [0, 1], [2, 2], [-1, 0]])
    return [
        Case(
            "ties go to the smaller index",
            args=(points, _arr([[0, 0], [1, 1]]), 3),
            expected=[[0, 1, 2], [1, 2, 0]],
        ),
    ]


def hidden():
    yield Case(
        "k larger than n",
        args=(_arr([[5], [1], [3]]), _arr([[2]]), 5),
        expected=[[1, 2, 0]],
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "k equal to n",
        args=(_arr([[0, 0], [3, 4], [1, 1]]), _arr([[0, 0], [3, 4]]), 3),
        expected=[[0, 2, 1], [1, 2, 0]],
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "single point, k = 1",
        args=(_arr([[7, -7, 7]]), _arr([[0, 0, 0], [7, -7, 7]]), 1),
        expected=[[0], [0]],
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "all points identical",
        args=(_arr([[2, 2]] * 6), _arr([[9, 9]]), 4),
        expected=[[0, 1, 2, 3]],
        subtask="basic",
        category="ties",
    )
    yield Case(
        "equidistant ring around the query",
        args=(_arr([[0, 5], [3, 4], [5, 0], [4, -3], [0, -5], [-3, -4], [-5, 0], [-4, 3], [0, 0]]), _arr([[0, 0]]), 4),
        expected=[[8, 0, 1, 2]],
        subtask="basic",
        category="ties",
    )
    yield Case(
        "negative coordinates, one dimension",
        args=(_arr([[-10], [10], [-3], [4], [-4], [3]]), _arr([[0], [-7]]), 4),
        expected=[[2, 5, 3, 4], [0, 4, 2, 5]],
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "query equal to a point",
        args=(_arr([[1, 2, 3], [1, 2, 4], [1, 2, 3], [0, 0, 0]]), _arr([[1, 2, 3]]), 2),
        expected=[[0, 2]],
        subtask="basic",
        category="ties",
    )
    rng = np.random.default_rng(31337)
    points, queries = _random(rng, 400, 40, 2, 3)
    yield Case("small grid, heavy ties", args=(points, queries, 7), subtask="basic", category="ties")
    points, queries = _random(rng, 2000, 50, 5, 1000)
    yield Case("medium random", args=(points, queries, 15), subtask="basic", category="random")
    points, queries = _random(rng, 50_000, 100, 8, 10_000)
    yield Case("large random, k = 10", args=(points, queries, 10), subtask="large", category="large inputs")
    points, queries = _random(rng, 50_000, 100, 3, 2)
    yield Case("large, coarse grid with many ties", args=(points, queries, 25), subtask="large", category="ties")
    points, queries = _random(rng, 25_000, 100, 16, 10_000)
    yield Case("large, 16 dimensions, k = 1", args=(points, queries, 1), subtask="large", category="large inputs")
    points, queries = _random(rng, 20_000, 100, 4, 10_000)
    yield Case("large, k = 500", args=(points, queries, 500), subtask="large", category="large inputs")
