"""Checkers are pure functions: each accepts what is right and explains what is wrong."""

from __future__ import annotations

import random

import numpy as np
import pytest

from vetml.judge.checkers import exact, metric, statistical, token, tolerance, unordered


def test_exact_compares_lists_and_tuples_alike() -> None:
    assert exact([1, (2, 3)], [1, [2, 3]]).ok
    assert not exact([1, (2, 3)], [1, [2, 4]]).ok
    assert not exact({"a": 1}, {"a": 1, "b": 2}).ok
    outcome = exact([[1, 6]], [[1, 5]])
    assert not outcome.ok
    assert outcome.message == "expected [[1, 6]], got [[1, 5]]"
    assert exact(np.array([1, 2]), np.array([1, 2])).ok
    assert not exact(np.array([1, 2]), np.array([[1, 2]])).ok


def test_token_ignores_whitespace_and_optionally_case() -> None:
    assert token("a  b\nc", "a b c").ok
    assert not token("A b", "a b").ok
    assert token("A b", "a B", case_sensitive=False).ok
    assert not token("1", 1).ok


def test_tolerance_uses_absolute_and_relative_error() -> None:
    assert tolerance(1.0, 1.0 + 1e-7).ok
    assert not tolerance(1.0, 1.001).ok
    assert tolerance(1e6, 1e6 + 0.5, rel_tol=1e-6).ok
    assert tolerance({"loss": 0.25, "w": [1.0, 2.0]}, {"loss": 0.2500001, "w": (1.0, 2.0000001)}).ok
    outcome = tolerance({"w": [1.0, 2.0]}, {"w": [1.0, 2.5]})
    assert not outcome.ok
    assert "value['w'][1]" in outcome.message


def test_tolerance_on_arrays_checks_shape_and_nan() -> None:
    assert tolerance(np.array([1.0, np.nan]), np.array([1.0 + 1e-9, np.nan])).ok
    assert not tolerance(np.array([1.0, np.nan]), np.array([1.0, np.nan]), nan_equal=False).ok
    shape = tolerance(np.zeros((2, 3)), np.zeros((3, 2)))
    assert not shape.ok
    assert "shape" in shape.message
    assert not tolerance(np.array([0.0, 1.0]), ["a", "b"]).ok


def test_unordered_accepts_any_order() -> None:
    assert unordered([[1, 2], [3, 4]], [[3, 4], [1, 2]]).ok
    assert not unordered([1, 1, 2], [1, 2, 2]).ok
    assert unordered([0.1, 0.2], [0.2000001, 0.1], abs_tol=1e-5).ok


def test_statistical_accepts_a_fair_sampler_and_rejects_a_biased_one() -> None:
    rng = random.Random(1)
    population = list(range(20))
    fair = [rng.sample(population, 5) for _ in range(2000)]
    assert statistical(None, fair, population=population, size=5).ok
    biased = [population[:5] if index % 2 else rng.sample(population, 5) for index in range(2000)]
    outcome = statistical(None, biased, population=population, size=5)
    assert not outcome.ok
    assert "not chosen uniformly" in outcome.message
    assert not statistical(None, [[1, 1, 2, 3, 4]], population=population, size=5).ok


def test_statistical_categorical() -> None:
    rng = random.Random(2)
    draws = rng.choices(["a", "b"], weights=[0.8, 0.2], k=3000)
    assert statistical(None, draws, kind="categorical", probabilities={"a": 0.8, "b": 0.2}).ok
    assert not statistical(None, draws, kind="categorical", probabilities={"a": 0.5, "b": 0.5}).ok


def test_metric_thresholds() -> None:
    truth = [0, 1, 1, 0, 1]
    assert metric(truth, [0, 1, 1, 0, 0], metric="accuracy", at_least=0.8).ok
    low = metric(truth, [1, 0, 0, 1, 0], metric="accuracy", at_least=0.8)
    assert not low.ok
    assert "accuracy is 0.0000" in low.message
    assert metric([1.0, 2.0], [1.1, 2.1], metric="mse", at_most=0.02).ok
    assert not metric(truth, [0, 1], metric="accuracy", at_least=0.5).ok
    with pytest.raises(ValueError, match="unknown metric"):
        metric(truth, truth, metric="vibes")
