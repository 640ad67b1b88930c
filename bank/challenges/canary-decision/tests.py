import math

import numpy as np

from vetml.judge.testkit import Case

POLICY = {
    "alpha": 0.01,
    "min_requests": 1000,
    "p99_budget_ms": 250.0,
    "max_p99_ratio": 1.2,
    "max_error_increase": 0.002,
}


def _p99(samples: list[float]) -> float:
    """Linear interpolation between closest ranks, written out for the hand-made cases."""
    ordered = sorted(samples)
    position = 0.99 * (len(ordered) - 1)
    low = math.floor(position)
    if low + 1 >= len(ordered):
        return float(ordered[low])
    return ordered[low] + (position - low) * (ordered[low + 1] - ordered[low])


def _expected(decision: str, baseline: dict, canary: dict) -> dict:
    """The statistics of a hand-made case computed independently; the decision is stated by hand."""
    e_b, n_b, e_c, n_c = baseline["errors"], baseline["requests"], canary["errors"], canary["requests"]
    pooled = (e_b + e_c) / (n_b + n_c)
    if pooled in (0.0, 1.0):
        z = 0.0
    else:
        z = (e_c / n_c - e_b / n_b) / math.sqrt(pooled * (1 - pooled) * (1 / n_b + 1 / n_c))
    return {
        "decision": decision,
        "baseline_error_rate": e_b / n_b,
        "canary_error_rate": e_c / n_c,
        "z": z,
        "p_value": 0.5 * math.erfc(z / math.sqrt(2)),
        "baseline_p99_ms": _p99(baseline["latency_ms"]),
        "canary_p99_ms": _p99(canary["latency_ms"]),
    }


def _latencies(start: float, spread: int, count: int) -> list[float]:
    """A deterministic, shuffled-looking spread of latencies: start .. start + spread - 1."""
    return [start + (index * 37) % spread for index in range(count)]


def _arm(requests: int, errors: int, latency_ms: list[float]) -> dict:
    return {"requests": requests, "errors": errors, "latency_ms": latency_ms}


def _case(
    name: str, decision: str, baseline: dict, canary: dict, subtask: str, category: str, policy: dict | None = None
) -> Case:
    return Case(
        name,
        args=(baseline, canary, policy or POLICY),
        expected=_expected(decision, baseline, canary),
        subtask=subtask,
        category=category,
    )


def _traffic(
    rng: np.random.Generator, requests: int, error_rate: float, samples: int, median_ms: float, sigma: float
) -> dict:
    latencies = np.round(rng.lognormal(math.log(median_ms), sigma, samples), 3)
    return _arm(requests, int(rng.binomial(requests, error_rate)), latencies.tolist())


def examples():
    baseline = _arm(10_000, 50, _latencies(80.0, 101, 400))
    return [
        Case(
            "healthy canary is promoted",
            args=(baseline, _arm(2_000, 9, _latencies(82.0, 101, 200)), POLICY),
            expected=_expected("promote", baseline, _arm(2_000, 9, _latencies(82.0, 101, 200))),
        ),
        Case(
            "significantly more errors",
            args=(baseline, _arm(2_000, 25, _latencies(82.0, 101, 200)), POLICY),
            expected=_expected("rollback", baseline, _arm(2_000, 25, _latencies(82.0, 101, 200))),
        ),
    ]


def hidden():
    fast = _latencies(80.0, 101, 400)
    baseline = _arm(10_000, 50, fast)
    yield _case("too few canary requests", "keep_collecting", baseline, _arm(999, 500, fast), "rules", "minimum sample")
    yield _case(
        "too few baseline requests",
        "keep_collecting",
        _arm(600, 3, fast),
        _arm(5_000, 400, fast),
        "rules",
        "minimum sample",
    )
    yield _case("exactly the minimum is enough", "promote", baseline, _arm(1_000, 5, fast), "rules", "boundaries")
    yield _case(
        "a much better canary is promoted",
        "promote",
        _arm(10_000, 200, fast),
        _arm(5_000, 50, fast),
        "rules",
        "one-sided test",
    )
    yield _case(
        "no errors in either arm", "promote", _arm(5_000, 0, fast), _arm(1_000, 0, fast), "rules", "degenerate rates"
    )
    yield _case(
        "every request failed in both arms",
        "promote",
        _arm(1_000, 1_000, fast),
        _arm(1_000, 1_000, fast),
        "rules",
        "degenerate rates",
    )
    yield _case(
        "worse but not significant: keep collecting",
        "keep_collecting",
        baseline,
        _arm(1_000, 8, fast),
        "rules",
        "practical significance",
    )
    yield _case(
        "p99 exactly on the budget",
        "promote",
        _arm(10_000, 50, [240.0] * 300),
        _arm(2_000, 10, [250.0] * 300),
        "rules",
        "boundaries",
    )
    yield _case(
        "p99 over the budget",
        "rollback",
        baseline,
        _arm(2_000, 10, [100.0] * 98 + [400.0, 400.0]),
        "rules",
        "latency",
    )
    yield _case(
        "p99 exactly at the allowed ratio",
        "promote",
        _arm(10_000, 50, [100.0] * 50),
        _arm(2_000, 10, [120.0] * 50),
        "rules",
        "boundaries",
    )
    yield _case(
        "p99 regression within the budget",
        "rollback",
        _arm(10_000, 50, [100.0] * 50),
        _arm(2_000, 10, [121.0] * 50),
        "rules",
        "latency",
    )
    yield _case(
        "p99 interpolates between samples",
        "rollback",
        baseline,
        _arm(2_000, 10, [100.0] * 10 + [400.0]),
        "rules",
        "latency",
    )
    yield _case(
        "single latency sample per arm",
        "promote",
        _arm(3_000, 3, [90.0]),
        _arm(3_000, 3, [95.5]),
        "rules",
        "edge cases",
    )
    rng = np.random.default_rng(1729)
    scenarios = [
        # name, baseline (requests, rate, samples, median, sigma), canary (...), policy changes
        ("healthy release", (400_000, 0.004, 30_000, 70.0, 0.35), (20_000, 0.004, 5_000, 70.0, 0.35), {}),
        ("error regression", (400_000, 0.004, 30_000, 70.0, 0.35), (20_000, 0.007, 5_000, 70.0, 0.35), {}),
        ("slow tail", (400_000, 0.004, 30_000, 70.0, 0.35), (20_000, 0.004, 5_000, 70.0, 0.55), {}),
        ("slower but inside the ratio", (400_000, 0.004, 30_000, 70.0, 0.35), (20_000, 0.004, 5_000, 75.0, 0.35), {}),
        (
            "latency regression under the budget",
            (400_000, 0.004, 30_000, 70.0, 0.35),
            (20_000, 0.004, 5_000, 90.0, 0.35),
            {},
        ),
        ("inconclusive canary", (400_000, 0.004, 30_000, 70.0, 0.35), (2_000, 0.0085, 1_000, 70.0, 0.35), {}),
        ("young canary", (400_000, 0.004, 30_000, 70.0, 0.35), (800, 0.05, 300, 70.0, 0.35), {}),
        ("strict alpha", (150_000, 0.01, 20_000, 120.0, 0.3), (15_000, 0.0115, 4_000, 118.0, 0.3), {"alpha": 0.001}),
        (
            "loose policy",
            (150_000, 0.01, 20_000, 120.0, 0.3),
            (15_000, 0.0112, 4_000, 118.0, 0.3),
            {"max_error_increase": 0.01, "p99_budget_ms": 400.0},
        ),
    ]
    for name, base, can, changes in scenarios:
        yield Case(
            name,
            args=(_traffic(rng, *base), _traffic(rng, *can), {**POLICY, **changes}),
            subtask="traffic",
            category="realistic traffic",
        )
