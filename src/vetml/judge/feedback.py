"""What a submission's result shows, by mode.

Practice candidates learn from the first failing visible test and the categories of failing hidden
tests; in a hiring assessment the candidate sees counts only, so hidden tests cannot be mined; after
the decision (review) everything is shown.
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum

from pydantic import BaseModel

from vetml.judge.schemas import JudgeResult, SubtaskResult, TestResult, Verdict


class FeedbackMode(StrEnum):
    """Who is looking, and so how much they may see."""

    PRACTICE = "practice"
    HIRING = "hiring"
    REVIEW = "review"


class Feedback(BaseModel):
    """A result filtered by a feedback policy."""

    mode: FeedbackMode
    verdict: Verdict
    score: int
    summary: list[str]
    tests: list[TestResult]
    subtasks: list[SubtaskResult]


def feedback(result: JudgeResult, mode: FeedbackMode) -> Feedback:
    """Apply the policy of ``mode`` to ``result``."""
    if mode is FeedbackMode.REVIEW:
        tests, summary = result.tests, _counts(result)
    elif mode is FeedbackMode.PRACTICE:
        tests, summary = _practice_tests(result), _counts(result) + _hidden_failures(result)
    else:
        tests, summary = [], _counts(result)
    return Feedback(
        mode=mode, verdict=result.verdict, score=result.score, summary=summary, tests=tests, subtasks=result.subtasks
    )


def _counts(result: JudgeResult) -> list[str]:
    passed = sum(test.verdict is Verdict.ACCEPTED for test in result.tests)
    lines = [f"{passed} of {len(result.tests)} tests passed."]
    lines += [
        f"{item.title}: {item.passed}/{item.total} tests, {item.earned}/{item.points} points"
        for item in result.subtasks
    ]
    return lines


def _practice_tests(result: JudgeResult) -> list[TestResult]:
    """Visible tests; only the first failing one keeps its message and output."""
    shown, explained = [], False
    for test in result.tests:
        if not test.visible:
            continue
        failing = test.verdict is not Verdict.ACCEPTED
        if failing and not explained:
            shown.append(test)
            explained = True
        else:
            shown.append(test.model_copy(update={"message": "", "output": ""}))
    return shown


def _hidden_failures(result: JudgeResult) -> list[str]:
    failing = Counter(
        (test.category, test.verdict.label)
        for test in result.tests
        if not test.visible and test.verdict is not Verdict.ACCEPTED
    )
    return [
        f"Hidden tests failing in '{category}': {count} ({verdict})"
        for (category, verdict), count in sorted(failing.items())
    ]
