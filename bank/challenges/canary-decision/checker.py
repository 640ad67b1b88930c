"""The decision must match exactly; every statistic must match within a tolerance."""

import math

from vetml.judge.testkit import Outcome

STATISTICS = ("baseline_error_rate", "canary_error_rate", "z", "p_value", "baseline_p99_ms", "canary_p99_ms")


def check(expected, actual, *, case, abs_tol: float = 1e-9, rel_tol: float = 1e-6, **options):
    if not isinstance(actual, dict):
        return Outcome(False, f"expected a dict, got {type(actual).__name__}")
    wanted_keys = {"decision", *STATISTICS}
    if set(actual) != wanted_keys:
        missing = sorted(wanted_keys - set(actual))
        extra = sorted(set(actual) - wanted_keys)
        return Outcome(
            False, f"the dict must have exactly the keys {sorted(wanted_keys)} (missing {missing}, unexpected {extra})"
        )
    for key in STATISTICS:
        want, got = expected[key], actual[key]
        if isinstance(got, bool) or not isinstance(got, (int, float)) or not math.isfinite(got):
            return Outcome(False, f"{key}: expected a finite number, got {got!r}")
        if abs(got - want) > abs_tol + rel_tol * abs(want):
            return Outcome(False, f"{key}: expected {want!r}, got {got!r}")
    if actual["decision"] != expected["decision"]:
        return Outcome(False, f"decision: expected {expected['decision']!r}, got {actual['decision']!r}")
    return Outcome(True)
