"""Prometheus metrics (placeholder until the observability branch lands)."""

from __future__ import annotations

from collections.abc import Callable


def observe_judgement(verdict: str, seconds: float, waited_seconds: float | None = None) -> None:
    """Count a verdict and time the judgement."""


def observe_grading(seconds: float) -> None:
    """Time one grading."""


def set_queue_depth_source(source: Callable[[], dict[str, int]]) -> None:
    """Where the queue depth gauge reads its values."""
