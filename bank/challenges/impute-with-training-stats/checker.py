"""Compare the returned fill values and rows with the expected ones.

Numbers are compared with a small tolerance (a median of 3 may come back as 3 or 3.0, and the mean
of the two middle values may be computed in more than one way); strings and None must match exactly;
dicts must have exactly the same keys.
"""

import math

from vetml.judge.testkit import Outcome


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _compare(expected, actual, path: str, abs_tol: float, rel_tol: float) -> str | None:
    if _is_number(expected):
        if not _is_number(actual):
            return f"{path}: expected the number {expected!r}, got {actual!r}"
        if math.isfinite(actual) and abs(actual - expected) <= abs_tol + rel_tol * abs(expected):
            return None
        return f"{path}: expected {expected!r}, got {actual!r}"
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{path}: expected a dict, got {type(actual).__name__}"
        if set(expected) != set(actual):
            missing = sorted(set(expected) - set(actual))
            extra = sorted(set(actual) - set(expected))
            return f"{path}: keys differ (missing {missing}, unexpected {extra})"
        for key in expected:
            problem = _compare(expected[key], actual[key], f"{path}[{key!r}]", abs_tol, rel_tol)
            if problem:
                return problem
        return None
    if isinstance(expected, (list, tuple)):
        if not isinstance(actual, (list, tuple)):
            return f"{path}: expected a list, got {type(actual).__name__}"
        if len(expected) != len(actual):
            return f"{path}: expected {len(expected)} items, got {len(actual)}"
        for index, (want, got) in enumerate(zip(expected, actual)):
            problem = _compare(want, got, f"{path}[{index}]", abs_tol, rel_tol)
            if problem:
                return problem
        return None
    if type(expected) is not type(actual) or expected != actual:
        return f"{path}: expected {expected!r}, got {actual!r}"
    return None


def check(expected, actual, *, case, abs_tol: float = 1e-9, rel_tol: float = 1e-9, **options):
    problem = _compare(expected, actual, "result", abs_tol, rel_tol)
    if problem:
        return Outcome(False, problem)
    return Outcome(True)
