import random

from vetml.judge.testkit import Case


def _poisson_arrivals(rng: random.Random, n: int, mean_gap: float) -> list[int]:
    """Arrival times of a Poisson stream, shuffled: the input is not sorted."""
    now = 0.0
    times = []
    for _ in range(n):
        now += rng.expovariate(1.0 / mean_gap)
        times.append(int(now))
    rng.shuffle(times)
    return times


def _bursty_arrivals(rng: random.Random, n: int) -> list[int]:
    """Quiet periods with occasional bursts of many requests in the same few milliseconds."""
    times = []
    now = 0
    while len(times) < n:
        if rng.random() < 0.1:
            burst = rng.randint(50, 2000)
            times.extend(now + rng.randint(0, 5) for _ in range(burst))
        else:
            times.append(now)
        now += rng.randint(1, 400)
    times = times[:n]
    rng.shuffle(times)
    return times


def examples():
    return [
        Case(
            "three batches",
            args=([0, 3, 4, 10, 11, 30], 3, 5, 1, 12),
            expected={"dispatch_ms": [4, 11, 30], "batch_of": [0, 0, 0, 1, 1, 2]},
        ),
    ]


def hidden():
    yield Case(
        "one request",
        args=([5], 4, 10, 2, 12),
        expected={"dispatch_ms": [5], "batch_of": [0]},
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "finishing exactly at the budget is allowed",
        args=([0, 4], 8, 6, 2, 14),
        expected={"dispatch_ms": [4], "batch_of": [0, 0]},
        subtask="basic",
        category="boundaries",
    )
    yield Case(
        "per-item cost limits the batch",
        args=([0, 0, 0, 0, 0], 10, 2, 3, 10),
        expected={"dispatch_ms": [0, 0, 0], "batch_of": [0, 0, 1, 1, 2]},
        subtask="basic",
        category="batch cost",
    )
    yield Case(
        "unsorted arrivals",
        args=([30, 0, 10, 20], 5, 5, 0, 20),
        expected={"dispatch_ms": [10, 30], "batch_of": [1, 0, 0, 1]},
        subtask="basic",
        category="unsorted input",
    )
    yield Case(
        "simultaneous arrivals, max_batch caps the size",
        args=([7] * 7, 3, 1, 1, 1000),
        expected={"dispatch_ms": [7, 7, 7], "batch_of": [0, 0, 0, 1, 1, 1, 2]},
        subtask="basic",
        category="batch size",
    )
    yield Case(
        "max_batch 1",
        args=([9, 2, 5], 1, 1, 1, 50),
        expected={"dispatch_ms": [2, 5, 9], "batch_of": [2, 0, 1]},
        subtask="basic",
        category="batch size",
    )
    yield Case(
        "zero costs, tight budget",
        args=([0, 1, 1, 2, 3, 5, 5, 6], 100, 0, 0, 1),
        expected={"dispatch_ms": [1, 3, 6], "batch_of": [0, 0, 0, 1, 1, 2, 2, 2]},
        subtask="basic",
        category="boundaries",
    )
    rng = random.Random(6502)
    for index in range(4):
        n = rng.randint(5, 60)
        arrivals = [rng.randint(0, 200) for _ in range(n)]
        fixed, per = rng.randint(0, 10), rng.randint(0, 5)
        budget = fixed + per + rng.randint(0, 60)
        yield Case(
            f"small random {index + 1}",
            args=(arrivals, rng.randint(1, 12), fixed, per, budget),
            subtask="basic",
            category="random",
        )
    yield Case(
        "medium, Poisson traffic",
        args=(_poisson_arrivals(rng, 5000, 3.0), 64, 20, 1, 150),
        subtask="basic",
        category="random",
    )
    yield Case(
        "large, dense traffic and big batches",
        args=(_poisson_arrivals(rng, 200_000, 5.0), 20_000, 10, 1, 50_000),
        subtask="large",
        category="large inputs",
    )
    yield Case(
        "large, Poisson traffic",
        args=(_poisson_arrivals(rng, 200_000, 2.0), 32, 15, 2, 120),
        subtask="large",
        category="large inputs",
    )
    yield Case(
        "large, bursts",
        args=(_bursty_arrivals(rng, 200_000), 256, 25, 1, 400),
        subtask="large",
        category="large inputs",
    )
    yield Case(
        "large, sparse traffic",
        args=(_poisson_arrivals(rng, 100_000, 1000.0), 8, 30, 5, 60),
        subtask="large",
        category="large inputs",
    )
