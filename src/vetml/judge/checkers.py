"""Checkers: small pure functions that decide whether a returned value is right.

Each takes ``(expected, actual, *, case, **options)`` and returns an ``Outcome``. They run in the
judge's process on decoded plain data, never in the candidate's process. Register a new one by
adding it to ``CHECKERS``; a challenge may also ship its own in checker.py (``checker: custom``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from scipy import stats

from vetml.judge.testkit import Case, Outcome

Checker = Callable[..., Outcome]
_PREVIEW = 120


def preview(value: Any) -> str:
    """A short text of a value for messages."""
    text = repr(value)
    return text if len(text) <= _PREVIEW else text[: _PREVIEW - 3] + "..."


def exact(expected: Any, actual: Any, *, case: Case | None = None) -> Outcome:
    """Equal values as Python compares them; lists and tuples compare alike, numpy arrays by shape and values."""
    if _equal(expected, actual):
        return Outcome(True)
    return Outcome(False, f"expected {preview(expected)}, got {preview(actual)}")


def _equal(expected: Any, actual: Any) -> bool:
    if type(expected) is list and type(actual) is list and expected == actual:
        return True  # the fast path for large plain results
    if isinstance(expected, np.ndarray) or isinstance(actual, np.ndarray):
        left, right = np.asarray(expected), np.asarray(actual)
        return left.shape == right.shape and bool(np.array_equal(left, right))
    if isinstance(expected, list | tuple) and isinstance(actual, list | tuple):
        return len(expected) == len(actual) and all(map(_equal, expected, actual))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(_equal(expected[key], actual[key]) for key in expected)
    if hasattr(expected, "equals") and hasattr(actual, "equals"):  # pandas frames and series
        return bool(expected.equals(actual))
    try:
        return bool(expected == actual)
    except (TypeError, ValueError):
        return False


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def token(expected: Any, actual: Any, *, case: Case | None = None, case_sensitive: bool = True) -> Outcome:
    """The same whitespace-separated tokens."""
    if not isinstance(actual, str):
        return Outcome(False, f"expected a string, got {type(actual).__name__}")
    left, right = str(expected).split(), actual.split()
    if not case_sensitive:
        left, right = [item.lower() for item in left], [item.lower() for item in right]
    if left == right:
        return Outcome(True)
    return Outcome(False, f"expected {preview(' '.join(left))}, got {preview(' '.join(right))}")


def tolerance(
    expected: Any,
    actual: Any,
    *,
    case: Case | None = None,
    abs_tol: float = 1e-6,
    rel_tol: float = 1e-6,
    nan_equal: bool = True,
) -> Outcome:
    """Numbers, nested containers and arrays equal within ``abs_tol + rel_tol * |expected|``."""
    problem = _close(expected, actual, abs_tol, rel_tol, nan_equal, "value")
    return Outcome(True) if problem is None else Outcome(False, problem)


def _close(expected: Any, actual: Any, abs_tol: float, rel_tol: float, nan_equal: bool, where: str) -> str | None:
    if isinstance(expected, np.ndarray) or isinstance(actual, np.ndarray):
        return _close_arrays(expected, actual, abs_tol, rel_tol, nan_equal, where)
    if _is_number(expected):
        if not _is_number(actual):
            return f"{where}: expected a number, got {preview(actual)}"
        return _close_numbers(float(expected), float(actual), abs_tol, rel_tol, nan_equal, where)
    if isinstance(expected, list | tuple):
        if not isinstance(actual, list | tuple) or len(actual) != len(expected):
            return f"{where}: expected a sequence of length {len(expected)}, got {preview(actual)}"
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            problem = _close(left, right, abs_tol, rel_tol, nan_equal, f"{where}[{index}]")
            if problem:
                return problem
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict) or actual.keys() != expected.keys():
            return f"{where}: expected keys {preview(sorted(map(str, expected)))}, got {preview(actual)}"
        for key in expected:
            problem = _close(expected[key], actual[key], abs_tol, rel_tol, nan_equal, f"{where}[{key!r}]")
            if problem:
                return problem
        return None
    return None if _equal(expected, actual) else f"{where}: expected {preview(expected)}, got {preview(actual)}"


def _close_numbers(
    expected: float, actual: float, abs_tol: float, rel_tol: float, nan_equal: bool, where: str
) -> str | None:
    if math.isnan(expected) or math.isnan(actual):
        same = nan_equal and math.isnan(expected) and math.isnan(actual)
        return None if same else f"{where}: expected {expected!r}, got {actual!r}"
    if math.isinf(expected) or math.isinf(actual):
        return None if expected == actual else f"{where}: expected {expected!r}, got {actual!r}"
    if abs(expected - actual) <= abs_tol + rel_tol * abs(expected):
        return None
    return f"{where}: expected {expected!r}, got {actual!r} (difference {abs(expected - actual):.3g})"


def _close_arrays(
    expected: Any, actual: Any, abs_tol: float, rel_tol: float, nan_equal: bool, where: str
) -> str | None:
    try:
        left = np.asarray(expected, dtype=float)
        right = np.asarray(actual, dtype=float)
    except (TypeError, ValueError):
        return f"{where}: expected a numeric array, got {preview(actual)}"
    if left.shape != right.shape:
        return f"{where}: expected shape {left.shape}, got shape {right.shape}"
    close = np.isclose(right, left, rtol=rel_tol, atol=abs_tol, equal_nan=nan_equal)
    if bool(close.all()):
        return None
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    return f"{where}{list(index)}: expected {left[index]!r}, got {right[index]!r} ({int((~close).sum())} values differ)"


def unordered(
    expected: Any, actual: Any, *, case: Case | None = None, abs_tol: float = 0.0, rel_tol: float = 0.0
) -> Outcome:
    """The same items in any order (compared with tolerance when one is given)."""
    if not isinstance(actual, list | tuple | set):
        return Outcome(False, f"expected a collection, got {preview(actual)}")
    left, right = sorted(expected, key=_sort_key), sorted(actual, key=_sort_key)
    if len(left) != len(right):
        return Outcome(False, f"expected {len(left)} items, got {len(right)}")
    if abs_tol or rel_tol:
        problem = _close(list(left), list(right), abs_tol, rel_tol, True, "items")
        return Outcome(True) if problem is None else Outcome(False, problem)
    return exact(list(left), list(right))


def _sort_key(item: Any) -> str:
    if isinstance(item, list | tuple):
        return repr([_sort_key(part) for part in item])
    return f"{type(item).__name__}:{item!r}" if not _is_number(item) else f"num:{float(item):+.12e}"


def statistical(
    expected: Any,
    actual: Any,
    *,
    case: Case | None = None,
    kind: str = "uniform_subset",
    population: Sequence[Any] | None = None,
    size: int | None = None,
    probabilities: Mapping[str, float] | None = None,
    alpha: float = 1e-4,
) -> Outcome:
    """Repeated results follow the intended distribution (chi-square goodness of fit)."""
    if not isinstance(actual, list) or not actual:
        return Outcome(False, "expected the results of repeated calls")
    if kind == "uniform_subset":
        return _uniform_subset(actual, list(population or []), size, alpha)
    if kind == "categorical":
        return _categorical(actual, dict(probabilities or {}), alpha)
    raise ValueError(f"unknown statistical kind {kind!r}; use uniform_subset or categorical")


def _uniform_subset(samples: list[Any], population: list[Any], size: int | None, alpha: float) -> Outcome:
    members = set(map(repr, population))
    counts: Counter[str] = Counter()
    for sample in samples:
        if not isinstance(sample, list | tuple) or (size is not None and len(sample) != size):
            return Outcome(False, f"each sample must be a list of {size} items, got {preview(sample)}")
        keys = [repr(item) for item in sample]
        if len(set(keys)) != len(keys) or not members.issuperset(keys):
            return Outcome(False, f"a sample repeats items or contains items not in the stream: {preview(sample)}")
        counts.update(keys)
    observed = np.array([counts[key] for key in members], dtype=float)
    p_value = float(stats.chisquare(observed).pvalue)
    if p_value >= alpha:
        return Outcome(True, f"p = {p_value:.3g}")
    return Outcome(False, f"items are not chosen uniformly (chi-square p = {p_value:.2g})")


def _categorical(draws: list[Any], probabilities: dict[str, float], alpha: float) -> Outcome:
    counts = Counter(map(str, draws))
    unknown = set(counts) - set(probabilities)
    if unknown:
        return Outcome(False, f"drew values that cannot occur: {preview(sorted(unknown))}")
    categories = sorted(probabilities)
    observed = np.array([counts[name] for name in categories], dtype=float)
    expected = np.array([probabilities[name] for name in categories]) * len(draws)
    p_value = float(stats.chisquare(observed, expected).pvalue)
    if p_value >= alpha:
        return Outcome(True, f"p = {p_value:.3g}")
    return Outcome(False, f"draws do not follow the stated probabilities (chi-square p = {p_value:.2g})")


def metric(
    expected: Any,
    actual: Any,
    *,
    case: Case | None = None,
    metric: str = "accuracy",
    at_least: float | None = None,
    at_most: float | None = None,
) -> Outcome:
    """A metric of the returned predictions against the true labels meets its threshold."""
    from sklearn import metrics as sk

    functions: dict[str, Callable[[Any, Any], float]] = {
        "accuracy": sk.accuracy_score,
        "f1": sk.f1_score,
        "roc_auc": sk.roc_auc_score,
        "mse": sk.mean_squared_error,
        "mae": sk.mean_absolute_error,
        "log_loss": sk.log_loss,
    }
    if metric not in functions:
        raise ValueError(f"unknown metric {metric!r}; use one of {', '.join(functions)}")
    truth, predicted = np.asarray(expected), np.asarray(actual)
    if truth.shape[0] != predicted.shape[0]:
        return Outcome(False, f"expected {truth.shape[0]} predictions, got {predicted.shape[0]}")
    try:
        value = float(functions[metric](truth, predicted))
    except (TypeError, ValueError) as error:
        return Outcome(False, f"the predictions could not be scored: {error}")
    if at_least is not None and not value >= at_least:
        return Outcome(False, f"{metric} is {value:.4f}; it must be at least {at_least}")
    if at_most is not None and not value <= at_most:
        return Outcome(False, f"{metric} is {value:.4f}; it must be at most {at_most}")
    return Outcome(True, f"{metric} = {value:.4f}")


CHECKERS: dict[str, Checker] = {
    "exact": exact,
    "token": token,
    "tolerance": tolerance,
    "unordered": unordered,
    "statistical": statistical,
    "metric": metric,
}
