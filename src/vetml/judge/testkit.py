"""What a challenge's tests.py uses to describe its tests.

A test is a ``Case`` (arguments in, a value out, compared by a checker) or a ``Script`` (a trusted
function that drives the candidate's function and asserts on what comes back, the way HumanEval's
``check(candidate)`` does). Both run in the judge's own process; only the calls to the candidate's
function cross into the sandbox.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


class _ComputeFromReference:
    """Sentinel: the expected value is whatever the reference solution returns for the arguments."""

    def __repr__(self) -> str:
        return "COMPUTE"


COMPUTE: Any = _ComputeFromReference()


@dataclass(frozen=True)
class Case:
    """One call of the candidate's function with the value it must return."""

    name: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    expected: Any = COMPUTE
    subtask: str | None = None
    category: str = "general"
    time_ms: int | None = None
    checker: str | None = None
    checker_options: Mapping[str, Any] | None = None
    repeat: int = 1
    visible: bool = False


@dataclass(frozen=True)
class Script:
    """A trusted test that calls the candidate's function itself and raises AssertionError on failure."""

    name: str
    run: Callable[[Callable[..., Any]], None]
    subtask: str | None = None
    category: str = "general"
    time_ms: int | None = None
    visible: bool = False


Test = Case | Script


@dataclass(frozen=True)
class Outcome:
    """What a checker decided, with a message a candidate can learn from when it is shown."""

    ok: bool
    message: str = ""
