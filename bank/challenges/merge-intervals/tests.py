import random

from vetml.judge.testkit import Case


def examples():
    return [
        Case("overlapping and separate", args=([[8, 10], [1, 3], [2, 6], [15, 18]],), expected=[[1, 6], [8, 10], [15, 18]]),
        Case("touching intervals join", args=([[1, 3], [3, 5]],), expected=[[1, 5]]),
    ]


def hidden():
    yield Case("empty", args=([],), expected=[], subtask="basic", category="edge cases")
    yield Case("single point", args=([[4, 4]],), expected=[[4, 4]], subtask="basic", category="edge cases")
    yield Case("nested", args=([[1, 10], [2, 3], [4, 5]],), expected=[[1, 10]], subtask="basic", category="nesting")
    yield Case("reverse order", args=([[7, 9], [5, 6], [1, 2]],), expected=[[1, 2], [5, 6], [7, 9]], subtask="basic", category="unsorted input")
    yield Case("chain through touches", args=([[5, 6], [1, 2], [2, 3], [3, 5]],), expected=[[1, 6]], subtask="basic", category="touching intervals")
    yield Case("duplicates", args=([[2, 4], [2, 4], [2, 4]],), expected=[[2, 4]], subtask="basic", category="edge cases")
    rng = random.Random(20261122)
    for index in range(3):
        intervals = []
        for _ in range(100_000):
            start = rng.randrange(0, 10**9)
            intervals.append([start, start + rng.randrange(0, 5_000)])
        yield Case(f"large random {index + 1}", args=(intervals,), subtask="large", category="large inputs")
    sparse = [[10 * i, 10 * i + 3] for i in range(100_000)]
    rng.shuffle(sparse)
    yield Case("large, nothing overlaps", args=(sparse,), subtask="large", category="large inputs")
