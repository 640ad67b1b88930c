"""Judging one submission: run its tests through the sandbox and turn replies into verdicts.

``judge`` is pure with respect to storage: challenge and source in, ``JudgeResult`` out. The
service stores it; a queue task can wrap it. Candidate failures are verdicts; a failure of ours
(the sandbox, a broken challenge) raises and is never blamed on the candidate.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vetml.judge.challenges import Challenge
from vetml.judge.checkers import preview
from vetml.judge.sandbox import Reply, Sandbox
from vetml.judge.schemas import ChallengeKind, JudgeResult, SubtaskResult, TestResult, Verdict
from vetml.judge.testkit import Case, Outcome, Script

Progress = Callable[[int, int], None]

STATUS_VERDICTS = {
    "time_limit": Verdict.TIME_LIMIT,
    "memory_limit": Verdict.MEMORY_LIMIT,
    "output_limit": Verdict.OUTPUT_LIMIT,
    "compile_error": Verdict.COMPILE_ERROR,
    "error": Verdict.RUNTIME_ERROR,
    "crashed": Verdict.RUNTIME_ERROR,
}
# After these the candidate's process is gone and must be started again for the next test.
PROCESS_ENDED = {"time_limit", "memory_limit", "output_limit", "crashed"}
TESTS_RUN_FACTOR = 5


class CandidateFailure(Exception):
    """A call of the candidate's function did not return normally."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.error or reply.status)
        self.reply = reply


@dataclass
class Submission:
    """The candidate's code loaded in a sandbox, reloaded after anything that ended its process."""

    sandbox: Sandbox
    source: str
    entry: str | None
    limits: dict[str, Any]
    modules: dict[str, str] | None = None
    loaded: Reply | None = None

    def ensure_loaded(self) -> Reply:
        """Load the code if its process is not running; the reply says whether that worked."""
        if self.loaded is None or not self.loaded.ok:
            self.loaded = self.sandbox.load(self.source, entry=self.entry, modules=self.modules, limits=self.limits)
        return self.loaded

    def call(self, args: tuple[Any, ...], kwargs: dict[str, Any], *, time_ms: int, repeat: int = 1) -> Reply:
        """One call of the entry point; a failed load is returned as the call's reply."""
        loaded = self.ensure_loaded()
        if not loaded.ok:
            return loaded
        reply = self.sandbox.call(args, kwargs, time_ms=time_ms, repeat=repeat)
        if reply.status in PROCESS_ENDED:
            self.loaded = None
        return reply


def judge(
    challenge: Challenge,
    source: str,
    sandbox: Sandbox,
    *,
    progress: Progress | None = None,
    examples_only: bool = False,
) -> JudgeResult:
    """Run every test of ``challenge`` against ``source`` and score it.

    ``examples_only`` runs what the candidate may see and rerun while working: the visible examples,
    or, for a challenge where the candidate writes tests, their tests against the correct
    implementation only (the mutants stay hidden). The score then covers those tests alone.
    """
    started = time.perf_counter()
    if challenge.spec.kind is ChallengeKind.TESTS:
        tests = _judge_tests(challenge, source, sandbox, progress, correct_only=examples_only)
    else:
        tests = _judge_function(challenge, source, sandbox, progress, examples_only=examples_only)
    sandbox.stop()
    subtasks = _subtasks(challenge, tests)
    failing = next((test for test in tests if test.verdict is not Verdict.ACCEPTED), None)
    return JudgeResult(
        challenge_id=challenge.id,
        challenge_hash=challenge.content_hash,
        verdict=failing.verdict if failing else Verdict.ACCEPTED,
        score=sum(subtask.earned for subtask in subtasks),
        message=failing.message if failing else "",
        tests=tests,
        subtasks=subtasks,
        wall_ms=(time.perf_counter() - started) * 1000,
    )


def _limits(challenge: Challenge, *, cpu_s: int) -> dict[str, Any]:
    return {"memory_mb": challenge.spec.limits.memory_mb, "cpu_s": cpu_s}


def _judge_function(
    challenge: Challenge, source: str, sandbox: Sandbox, progress: Progress | None, *, examples_only: bool
) -> list[TestResult]:
    tests: list[Case | Script] = list(challenge.examples if examples_only else challenge.tests)  # examples first
    budget_s = sum(test.time_ms or challenge.spec.limits.time_ms for test in tests) // 1000 + 10
    submission = Submission(sandbox, source, challenge.spec.entry_point, _limits(challenge, cpu_s=budget_s))
    results = []
    for index, test in enumerate(tests):
        if isinstance(test, Case):
            results.append(_run_case(challenge, submission, index, test))
        else:
            results.append(_run_script(challenge, submission, test))
        if progress:
            progress(index + 1, len(tests))
    return results


def _run_case(challenge: Challenge, submission: Submission, index: int, case: Case) -> TestResult:
    time_ms = case.time_ms or challenge.spec.limits.time_ms
    reply = submission.call(case.args, dict(case.kwargs), time_ms=time_ms, repeat=case.repeat)
    if not reply.ok:
        return _result(case, _failure_verdict(reply), reply, _failure_message(reply, time_ms))
    expected = challenge.expected(index, case)
    check, options = challenge.checker(case)
    outcome = check(expected, reply.value, case=case, **options)
    if not isinstance(outcome, Outcome):
        outcome = Outcome(bool(outcome))
    verdict = Verdict.ACCEPTED if outcome.ok else Verdict.WRONG_ANSWER
    return _result(case, verdict, reply, outcome.message if not outcome.ok else "")


def _run_script(challenge: Challenge, submission: Submission, script: Script) -> TestResult:
    time_ms = script.time_ms or challenge.spec.limits.time_ms
    spent = {"ms": 0.0, "memory": 0}

    def candidate(*args: Any, **kwargs: Any) -> Any:
        reply = submission.call(args, kwargs, time_ms=time_ms)
        spent["ms"] += reply.run_ms or reply.wall_ms
        spent["memory"] = max(spent["memory"], reply.memory_kb)
        if not reply.ok:
            raise CandidateFailure(reply)
        return reply.value

    try:
        script.run(candidate)
    except CandidateFailure as failure:
        verdict, message = _failure_verdict(failure.reply), _failure_message(failure.reply, time_ms)
    except AssertionError as error:
        verdict, message = Verdict.WRONG_ANSWER, f"a check failed: {error}" if str(error) else "a check failed"
    except Exception as error:
        verdict, message = (
            Verdict.WRONG_ANSWER,
            f"the returned value could not be checked: {type(error).__name__}: {error}",
        )
    else:
        verdict, message = Verdict.ACCEPTED, ""
    return TestResult(
        name=script.name,
        subtask=str(script.subtask),
        category=script.category,
        visible=script.visible,
        verdict=verdict,
        time_ms=round(spent["ms"], 3),
        memory_kb=spent["memory"],
        message=message,
    )


def _failure_verdict(reply: Reply) -> Verdict:
    return STATUS_VERDICTS.get(reply.status, Verdict.RUNTIME_ERROR)


def _failure_message(reply: Reply, time_ms: int) -> str:
    if reply.status == "time_limit":
        return reply.error or f"did not finish within {time_ms} ms"
    if reply.status == "output_limit":
        return reply.error or f"printed more than the output limit ({reply.output_bytes} bytes)"
    return reply.error or reply.status.replace("_", " ")


def _result(case: Case, verdict: Verdict, reply: Reply, message: str) -> TestResult:
    return TestResult(
        name=case.name,
        subtask=str(case.subtask),
        category=case.category,
        visible=case.visible,
        verdict=verdict,
        time_ms=round(reply.run_ms or reply.wall_ms, 3),
        memory_kb=reply.memory_kb,
        message=message,
        output=reply.output[-2000:],
    )


def _judge_tests(
    challenge: Challenge, source: str, sandbox: Sandbox, progress: Progress | None, *, correct_only: bool
) -> list[TestResult]:
    """The candidate wrote tests: they must pass on our implementation and fail on each mutant."""
    implementations = [("the correct implementation", "correct implementation", challenge.read("target.py"))]
    implementations += (
        []
        if correct_only
        else [
            (f"mutant {index}", name.replace("_", " "), code)
            for index, (name, code) in enumerate(challenge.mutants.items(), start=1)
        ]
    )
    subtask = challenge.spec.subtasks[0].id
    time_ms = challenge.spec.limits.time_ms * TESTS_RUN_FACTOR
    results = []
    for position, (name, category, implementation) in enumerate(implementations):
        modules = {str(challenge.spec.target_module): implementation}
        submission = Submission(sandbox, source, None, _limits(challenge, cpu_s=time_ms // 1000 + 5), modules)
        loaded = submission.ensure_loaded()
        reply = sandbox.run_tests(time_ms=time_ms) if loaded.ok else loaded
        verdict, message = _tests_verdict(position == 0, reply, time_ms)
        results.append(
            TestResult(name=name, subtask=subtask, category=category, visible=position == 0, verdict=verdict,
                       time_ms=round(reply.wall_ms, 3), memory_kb=reply.memory_kb, message=message)
        )  # fmt: skip
        if position == 0 and verdict is not Verdict.ACCEPTED:
            break
        if progress:
            progress(position + 1, len(implementations))
    return results


def _tests_verdict(on_correct: bool, reply: Reply, time_ms: int) -> tuple[Verdict, str]:
    """On the correct implementation every test must pass; on a mutant at least one must fail."""
    if reply.status == "compile_error":
        return Verdict.COMPILE_ERROR, reply.error
    if not reply.ok:
        if on_correct:
            return _failure_verdict(reply), _failure_message(reply, time_ms)
        return Verdict.ACCEPTED, f"caught ({reply.status.replace('_', ' ')})"
    outcomes = reply.value or []
    if not outcomes:
        return Verdict.WRONG_ANSWER, "no test functions found; name them test_..."
    failed = [item for item in outcomes if not item.get("passed")]
    if on_correct:
        if failed:
            first = failed[0]
            return (
                Verdict.WRONG_ANSWER,
                f"{first['name']} fails on the correct implementation: {preview(first['error'])}",
            )
        return Verdict.ACCEPTED, f"{len(outcomes)} tests pass"
    if failed:
        return Verdict.ACCEPTED, f"caught by {failed[0]['name']}"
    return Verdict.WRONG_ANSWER, "no test fails on this mutant"


def _subtasks(challenge: Challenge, tests: list[TestResult]) -> list[SubtaskResult]:
    results = []
    tests_kind = challenge.spec.kind is ChallengeKind.TESTS
    for subtask in challenge.spec.subtasks:
        mine = [test for test in tests if test.subtask == subtask.id]
        passed = sum(test.verdict is Verdict.ACCEPTED for test in mine)
        if tests_kind:
            earned = _mutant_points(subtask.points, mine)
        else:
            earned = subtask.points if mine and passed == len(mine) else 0
        results.append(
            SubtaskResult(id=subtask.id, title=subtask.title, points=subtask.points, earned=earned, passed=passed,
                          total=len(mine))
        )  # fmt: skip
    return results


def _mutant_points(points: int, tests: list[TestResult]) -> int:
    """Share of mutants caught, and nothing unless the tests pass on the correct implementation."""
    if not tests or tests[0].verdict is not Verdict.ACCEPTED:
        return 0
    mutants = tests[1:]
    caught = sum(test.verdict is Verdict.ACCEPTED for test in mutants)
    return round(points * caught / len(mutants)) if mutants else 0
