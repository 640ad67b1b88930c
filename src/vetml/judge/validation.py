"""`vetml challenges validate`: every reference must be accepted, every known-wrong must fail as stated."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from vetml.judge.challenges import Challenge, check_tests
from vetml.judge.engine import judge
from vetml.judge.sandbox import Sandbox
from vetml.judge.schemas import JudgeResult, Verdict


@dataclass
class SolutionCheck:
    """How one shipped solution was judged against what the challenge says it must get."""

    file: str
    wanted: Verdict
    got: Verdict
    score: int
    message: str = ""

    @property
    def ok(self) -> bool:
        """The solution got exactly the verdict it must get (and a reference scored 100)."""
        return self.got is self.wanted and (self.wanted is not Verdict.ACCEPTED or self.score == 100)


@dataclass
class ChallengeCheck:
    """The validation of one challenge."""

    challenge_id: str
    solutions: list[SolutionCheck] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        """The challenge loaded and every solution got its verdict."""
        return not self.error and all(item.ok for item in self.solutions)


def validate_challenge(
    challenge: Challenge, sandbox: Sandbox, *, on_solution: Callable[[], None] | None = None
) -> ChallengeCheck:
    """Judge the reference and every known-wrong solution of ``challenge``."""
    check = ChallengeCheck(challenge.id)
    try:
        check_tests(challenge)
    except Exception as error:
        check.error = f"tests.py: {type(error).__name__}: {error}"
        return check
    solutions = [("reference.py", Verdict.ACCEPTED)] + [
        (item.file, item.verdict) for item in challenge.spec.known_wrong
    ]
    for file, wanted in solutions:
        try:
            result = judge(challenge, challenge.read(file), sandbox)
        except Exception as error:
            check.error = f"{file}: {type(error).__name__}: {error}"
            return check
        check.solutions.append(SolutionCheck(file, wanted, result.verdict, result.score, _explain(result)))
        if on_solution:
            on_solution()
    return check


def _explain(result: JudgeResult) -> str:
    failing = next((test for test in result.tests if test.verdict is not Verdict.ACCEPTED), None)
    if failing is None:
        return f"all {len(result.tests)} tests passed"
    return f"first failure: {failing.name} ({failing.verdict.label}) {failing.message}".strip()


def solution_count(challenge: Challenge) -> int:
    """How many solutions validation judges for this challenge."""
    return 1 + len(challenge.spec.known_wrong)
