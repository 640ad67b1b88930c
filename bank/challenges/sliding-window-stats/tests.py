import math
import statistics

import numpy as np

from vetml.judge.testkit import Case

NAN = math.nan
BIG = 999_999_000.0
ROOT_HALF = math.sqrt(0.5)


def _rows(*pairs: tuple[float, float]) -> np.ndarray:
    return np.array(pairs, dtype=np.float64).reshape(len(pairs), 2)


def _latency(rng: np.random.Generator, n: int) -> np.ndarray:
    """p99 latency in ms: a daily cycle, noise, rare spikes, scattered missing scrapes and a few outages."""
    t = np.arange(n)
    series = 120.0 + 25.0 * np.sin(2 * np.pi * t / 1_440) + rng.normal(0.0, 6.0, n)
    spikes = rng.random(n) < 0.002
    series[spikes] *= rng.uniform(3.0, 10.0, spikes.sum())
    series[rng.random(n) < 0.02] = np.nan
    for start in rng.integers(0, n, 3):  # outages long enough to empty some windows
        series[start : start + int(rng.integers(50, 3_000))] = np.nan
    return series


def _gauge(rng: np.random.Generator, n: int, offset: float, step: float) -> np.ndarray:
    """A gauge that sits at a large offset and moves by a few units: the case that breaks sum-of-squares."""
    return offset + np.cumsum(rng.normal(0.0, step, n))


def examples():
    return [
        Case(
            "missing values and an empty window",
            args=(np.array([1.0, 2.0, NAN, 4.0, NAN, NAN, NAN, 7.0, 8.0]), 3),
            expected=_rows(
                (1.0, NAN),
                (1.5, ROOT_HALF),
                (1.5, ROOT_HALF),
                (3.0, math.sqrt(2.0)),
                (4.0, NAN),
                (4.0, NAN),
                (NAN, NAN),
                (7.0, NAN),
                (7.5, ROOT_HALF),
            ),
        ),
        Case(
            "window longer than the series",
            args=(np.array([3.0, 5.0, 7.0]), 10),
            expected=_rows((3.0, NAN), (4.0, math.sqrt(2.0)), (5.0, 2.0)),
        ),
    ]


def hidden():
    yield Case(
        "empty series",
        args=(np.array([], dtype=np.float64), 3),
        expected=np.zeros((0, 2)),
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "window of one",
        args=(np.array([2.5, NAN, -1.0]), 1),
        expected=_rows((2.5, NAN), (NAN, NAN), (-1.0, NAN)),
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "all values missing",
        args=(np.full(4, NAN), 2),
        expected=_rows((NAN, NAN), (NAN, NAN), (NAN, NAN), (NAN, NAN)),
        subtask="basic",
        category="missing values",
    )
    yield Case(
        "missing values at the start",
        args=(np.array([NAN, NAN, 4.0, 6.0, 8.0]), 3),
        expected=_rows((NAN, NAN), (NAN, NAN), (4.0, NAN), (5.0, math.sqrt(2.0)), (6.0, 2.0)),
        subtask="basic",
        category="missing values",
    )
    yield Case(
        "constant series",
        args=(np.full(6, 0.1), 4),
        expected=_rows((0.1, NAN), (0.1, 0.0), (0.1, 0.0), (0.1, 0.0), (0.1, 0.0), (0.1, 0.0)),
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "window equals length, negative values",
        args=(np.array([-4.0, 2.0, -1.0, 3.0]), 4),
        expected=_rows((-4.0, NAN), (-1.0, math.sqrt(18.0)), (-1.0, 3.0), (0.0, math.sqrt(10.0))),
        subtask="basic",
        category="edge cases",
    )
    rng = np.random.default_rng(20261122)
    stuck = [12.5, 3.5, 8.0, 47.25, 47.25, 47.25, 47.25]
    yield Case(
        "sensor stuck after moving",
        args=(np.array(stuck), 3),
        expected=_rows(
            (12.5, NAN),
            (8.0, math.sqrt(40.5)),
            (8.0, 4.5),
            (58.75 / 3, statistics.stdev([3.5, 8.0, 47.25])),
            (102.5 / 3, statistics.stdev([8.0, 47.25, 47.25])),
            (47.25, 0.0),
            (47.25, 0.0),
        ),
        subtask="basic",
        category="edge cases",
    )
    stuck_long = np.concatenate([rng.normal(50.0, 5.0, 400), np.full(100, 47.25)])
    yield Case(
        "sensor stuck after 400 noisy readings",
        args=(stuck_long, 30),
        # Add/remove updates leave a rounding residue of about eps * (past spread)^2 in the sum of squares,
        # so a window that has become constant shows a std of ~1e-7 rather than 0. Accept that.
        checker_options={"abs_tol": 1e-5, "rel_tol": 1e-5},
        subtask="basic",
        category="edge cases",
    )
    small = rng.normal(0.0, 1.0, 60)
    small[rng.random(60) < 0.2] = np.nan
    yield Case("60 values, window 7", args=(small, 7), subtask="basic", category="random small")
    rates = rng.beta(2.0, 800.0, 500)  # an error rate around 0.0025
    yield Case("small error rates, window 30", args=(rates, 30), subtask="basic", category="random small")

    yield Case(
        "integers near 10**9",
        args=(np.array([BIG + 1, BIG + 2, BIG + 3, BIG + 4, BIG + 6, BIG + 8]), 3),
        expected=_rows(
            (BIG + 1, NAN),
            (BIG + 1.5, ROOT_HALF),
            (BIG + 2, 1.0),
            (BIG + 3, 1.0),
            (BIG + 13.0 / 3.0, math.sqrt(7.0 / 3.0)),
            (BIG + 6, 2.0),
        ),
        subtask="stability",
        category="large offset",
    )
    yield Case(
        "gauge near 2.5 million, window 250",
        args=(_gauge(rng, 3_000, 2.5e6, 0.3), 250),
        subtask="stability",
        category="large offset",
    )
    yield Case(
        "counter near 30 million, window 100",
        args=(_gauge(rng, 3_000, 3e7, 4.0), 100),
        subtask="stability",
        category="large offset",
    )
    with_gaps = _gauge(rng, 3_000, 7.5e6, 1.0)
    with_gaps[rng.random(3_000) < 0.1] = np.nan
    yield Case(
        "gauge with gaps near 7.5 million, window 40",
        args=(with_gaps, 40),
        subtask="stability",
        category="large offset",
    )

    n = 200_000
    yield Case("200,000 latencies, window 50", args=(_latency(rng, n), 50), subtask="large", category="large inputs")
    yield Case(
        "200,000 latencies, window 5,000", args=(_latency(rng, n), 5_000), subtask="large", category="large inputs"
    )
    trend = np.linspace(0.0, 1e6, n) + rng.normal(0.0, 1.0, n)
    yield Case("200,000 trending values, window 50,000", args=(trend, 50_000), subtask="large", category="large inputs")
    yield Case(
        "200,000 gauge values, window longer than the series",
        args=(_gauge(rng, n, 2.5e6, 0.2), 500_000),
        subtask="large",
        category="large inputs",
    )
